"""The "Methods" tab of the site search: the toolbox's method pages the reader may see."""

from django.utils.translation import gettext_lazy as _

from leeratelier.core import access
from leeratelier.core.i18n import pages_in_active_language
from search.tabs import SearchTab, register_tab
from search.views import highlight

from .models import MethodPage


def search_methods(request, query):
    methods = access.visible_pages(request.user, MethodPage.objects.live().public())
    return pages_in_active_language(methods).search(query, operator="and")


def describe_method(method, query, request):
    return {
        "title": method.title,
        "url": method.get_url(request),
        "type": f"{MethodPage._meta.verbose_name} · {method.get_yields_display()}",
        "snippet": highlight(method.summary, query),
        "lang": method.locale.language_code,
    }


register_tab(
    SearchTab(slug="methods", label=_("Methods"), search=search_methods, describe=describe_method, order=25),
    page_types=[MethodPage],
)
