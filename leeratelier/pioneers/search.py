"""The "Practices" tab of the site search: published practices (policy.visible_practices)."""

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from leeratelier.core.models import Municipality
from search.tabs import SearchTab, register_tab
from search.views import SNIPPET_WORDS, highlight

from . import policy
from .models import PracticePage


def search_practices(request, query):
    practices = policy.visible_practices(request.user, PracticePage.objects.all())
    return practices.order_by("title").search(query, operator="and", order_by_relevance=False)


def attach_municipalities(practices, request):
    """The municipalities of a page of results in one query (not one per practice)."""
    by_pk = Municipality.objects.in_bulk(
        {practice.municipality_id for practice in practices if practice.municipality_id}
    )
    for practice in practices:
        if practice.municipality_id:
            practice.municipality = by_pk.get(practice.municipality_id)


def describe_practice(practice, query, request):
    place = practice.municipality.name if practice.municipality_id else ""
    return {
        "title": practice.title,
        "url": practice.get_url(request),
        "type": " · ".join(filter(None, [str(PracticePage._meta.verbose_name), place])),
        "snippet": highlight(Truncator(" ".join(practice.summary.split())).words(SNIPPET_WORDS), query),
        "lang": practice.locale.language_code,
    }


register_tab(
    SearchTab(
        slug="practices",
        label=_("Practices"),
        search=search_practices,
        describe=describe_practice,
        order=30,
        prepare=attach_municipalities,
        model=PracticePage,
    ),
    page_types=[PracticePage],
)
