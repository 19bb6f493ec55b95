"""The "Cases" tab of the site search. Its own query, starting from ``access.visible_cases``, so a
case is found only by the people who may read it; hidden and removed cases are never found.
Reflections are searched too, only on those findable cases (and never hidden or removed ones);
a case found through a reflection shows that reflection's text as its snippet.
A visitor (not signed in) may read no case, so the tab stays visible but finds nothing: showing
the same tabs to everyone tells nobody anything, and the empty result invites signing in."""

from django.utils import formats
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from search.tabs import SearchTab, register_tab
from search.views import SNIPPET_WORDS, highlight

from .library import findable_cases
from .models import Case, Reflection

# Enough to page through; a search that finds more should be narrowed down.
MAX_RESULTS = 200


def findable_reflections(user):
    """Reflections the search may return to ``user``: on cases they may find, not hidden or removed."""
    # A subquery, not a list of ids: the database decides, however many cases there are.
    return Reflection.objects.filter(
        case_id__in=findable_cases(user).values("pk"), removed_at__isnull=True, hidden_at__isnull=True
    )


def search_cases(request, query):
    """Cases matching the query, then cases with a matching reflection (each case once)."""
    backend = get_search_backend()
    direct = [case.pk for case in backend.search(query, findable_cases(request.user), operator="and")[:MAX_RESULTS]]
    via = {}
    for reflection in backend.search(query, findable_reflections(request.user), operator="and")[:MAX_RESULTS]:
        if reflection.case_id not in direct:
            via.setdefault(reflection.case_id, reflection)
    ids = direct + list(via)
    by_pk = Case.objects.select_related("author", "pseudonym").in_bulk(ids)
    found = []
    for pk in ids:
        if pk in by_pk:
            case = by_pk[pk]
            case.matched_reflection = via.get(pk)
            found.append(case)
    return found


def case_url(case):
    """The case page, once its route exists; the search result then shows without a link."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("cases:detail", args=[case.pk])
    except NoReverseMatch:
        return ""


def describe_case(case, query, request):
    # The snippet comes from the sanitised HTML, never from the Markdown source.
    reflection = getattr(case, "matched_reflection", None)
    text = strip_tags(reflection.body_html if reflection else f"{case.situation_html} {case.question_html}")
    snippet = Truncator(" ".join(text.split())).words(SNIPPET_WORDS)
    return {
        "title": case.title,
        "url": f"{case_url(case)}#reflection-{reflection.pk}" if reflection else case_url(case),
        "type": " · ".join(
            ([str(_("Found in a reflection"))] if reflection else [])
            + [str(Case._meta.verbose_name), case.get_stage_display(), formats.date_format(case.created_at, "DATE_FORMAT")]
        ),
        "snippet": highlight(snippet, query),
        # Members write in their own language; claim none other than the page's.
        "lang": get_language(),
    }


register_tab(SearchTab(slug="cases", label=_("Cases"), search=search_cases, describe=describe_case, order=30))
