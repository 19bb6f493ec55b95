from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cycles.sitemaps import PublicReportSitemap
from leeratelier.cases.public import PublicSummarySitemap
from leeratelier.core.sitemaps import LocalizedSitemap
from leeratelier.core.views import RobotsView, healthz, readyz
from leeratelier.magazine.feeds import MagazineChaptersFeed
from search import views as search_views

handler500 = "leeratelier.core.views.server_error"
handler429 = "leeratelier.core.views.allauth_rate_limited"  # allauth's rate limits (not Django's)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        sitemap,
        {
            "sitemaps": {
                "pages": LocalizedSitemap,
                "case-summaries": PublicSummarySitemap,
                "reports": PublicReportSitemap,
            }
        },
        name="sitemap",
    ),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("feeds/magazine/", MagazineChaptersFeed(), name="magazine_feed"),
    path("", include("leeratelier.ateliers.urls")),
    path("", include("leeratelier.cases.urls")),
    path("", include("leeratelier.pioneers.urls")),
    path("", include("leeratelier.toolbox.urls")),
    path("", include("cycles.urls")),
    path("", include("leeratelier.accounts.people_urls")),
    path("", include("leeratelier.notifications.urls")),
    path("accounts/", include("leeratelier.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
