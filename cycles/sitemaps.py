"""Published public reports in the site's sitemap (as a visitor sees them). A public report of a
hidden atelier is readable by its link, for the municipality, but is not announced: the sitemap
would tell that the atelier exists."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import policy
from .models import NarrativeReport


def listed_public_reports():
    from leeratelier.ateliers.models import AtelierPage

    hidden = AtelierPage.objects.filter(visibility=AtelierPage.Visibility.HIDDEN).values("translation_key")
    return policy.visible_reports(AnonymousUser(), NarrativeReport.objects.exclude(atelier_key__in=hidden))


class PublicReportSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return listed_public_reports().order_by("pk").only("pk", "published_at")

    def location(self, report):
        return reverse("cycles:report", args=[report.pk])

    def lastmod(self, report):
        return report.published_at
