"""The "My cases" panel on "Mijn leeratelier": the cases I posted, a page of them at a time
(``?cases=<page>``, so the rest of the page stays as it is). Two queries: the count and the page."""

from django.core.paginator import Paginator

from .models import Case

MY_CASES_PER_PAGE = 5


def my_cases_context(request):
    cases = Case.objects.filter(author=request.user).listed().order_by("-created_at", "-pk")
    page_obj = Paginator(cases, MY_CASES_PER_PAGE).get_page(request.GET.get("cases"))
    return {"cases_page": page_obj, "my_cases": list(page_obj.object_list)}
