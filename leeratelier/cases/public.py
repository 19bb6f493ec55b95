"""The public side of cases: the anonymised summary of a case whose author wrote one and whose
coordinator approved it. Anyone may read it; it shows only that summary (never the title, the
thread or who wrote it: the author wrote the summary to be public, not the rest). A hidden
atelier is not named, since its existence is not public either."""

from django.contrib.sitemaps import Sitemap
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from leeratelier.ateliers.models import AtelierPage
from leeratelier.core.i18n import pages_in_active_language
from leeratelier.core.middleware import plain_404
from leeratelier.core.models import Track

from .models import Case


def public_summaries():
    """Approved summaries of cases that are neither hidden nor removed."""
    return Case.objects.with_public_summary()


@plain_404  # an approved summary is public: "not found" names nothing hidden
def public_summary(request, case_id):
    case = get_object_or_404(public_summaries(), pk=case_id)
    versions = AtelierPage.objects.filter(
        translation_key=case.atelier_key, visibility=AtelierPage.Visibility.PUBLIC
    ).live()
    atelier = pages_in_active_language(versions).first()
    return render(
        request,
        "cases/public_summary.html",
        {
            "case": case,
            "atelier": atelier,
            "track_labels": [Track(value).label for value in case.tracks if value in Track.values],
        },
    )


class PublicSummarySitemap(Sitemap):
    """For the site's sitemap: every approved public summary, in each language."""

    i18n = True
    alternates = True

    def items(self):
        return public_summaries().order_by("pk").only("pk", "retained_at", "created_at")

    def location(self, case):
        return reverse("cases:public_summary", args=[case.pk])

    def lastmod(self, case):
        return case.retained_at or case.created_at
