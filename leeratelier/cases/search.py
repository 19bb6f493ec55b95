"""The "Cases" tab of the site search. Its own query, starting from ``access.visible_cases``, so a
case is found only by the people who may read it; hidden and removed cases are never found.
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
from .models import Case


def search_cases(request, query):
    cases = findable_cases(request.user).select_related("author", "pseudonym")
    return get_search_backend().search(query, cases, operator="and")


def case_url(case):
    """The case page, once its route exists; the search result then shows without a link."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("cases:detail", args=[case.pk])
    except NoReverseMatch:
        return ""


def describe_case(case, query, request):
    # The snippet comes from the sanitised HTML, never from the Markdown source.
    text = strip_tags(f"{case.situation_html} {case.question_html}")
    snippet = Truncator(" ".join(text.split())).words(SNIPPET_WORDS)
    return {
        "title": case.title,
        "url": case_url(case),
        "type": f"{Case._meta.verbose_name} · {case.get_stage_display()} · {formats.date_format(case.created_at, 'DATE_FORMAT')}",
        "snippet": highlight(snippet, query),
        # Members write in their own language; claim none other than the page's.
        "lang": get_language(),
    }


register_tab(SearchTab(slug="cases", label=_("Cases"), search=search_cases, describe=describe_case, order=30))
