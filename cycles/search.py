"""The "Reports" tab of the site search: published narrative reports the reader may read
(``policy.visible_reports``: public ones for anyone, private ones for the atelier's members),
found by their title and introduction. Few rows: matched on the fly (Dutch full text on
PostgreSQL, words in the text on SQLite)."""

from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from search.tabs import SearchTab, register_tab
from search.views import SNIPPET_WORDS, highlight

from . import policy
from .models import NarrativeReport


def search_reports(request, query):
    reports = policy.visible_reports(request.user, NarrativeReport.objects.all())
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title", weight="A", config="dutch") + SearchVector("intro", weight="B", config="dutch")
        text = SearchQuery(query, search_type="plain", config="dutch")
        return (
            reports.annotate(document=vector)
            .filter(document=text)
            .annotate(rank=SearchRank(vector, text))
            .order_by("-rank", "-published_at", "-pk")
        )
    for word in query.split()[:20]:
        reports = reports.filter(Q(title__icontains=word) | Q(intro__icontains=word))
    return reports.order_by("-published_at", "-pk")


def describe_report(report, query, request):
    text = Truncator(" ".join(strip_tags(report.intro_html).split())).words(SNIPPET_WORDS)
    kind = _("members only") if report.visibility == NarrativeReport.Visibility.PRIVATE else ""
    when = formats.date_format(report.published_at, "DATE_FORMAT") if report.published_at else ""
    return {
        "title": report.title,
        "url": reverse("cycles:report", args=[report.pk]),
        "type": " · ".join(filter(None, [str(NarrativeReport._meta.verbose_name), when, str(kind)])),
        "snippet": highlight(text, query),
        "lang": get_language(),
    }


register_tab(
    SearchTab(
        slug="reports",
        label=_("Reports"),
        search=search_reports,
        describe=describe_report,
        order=40,
        model=NarrativeReport,
        models=(NarrativeReport,),
    )
)
