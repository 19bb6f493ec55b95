"""The site's URLs plus one page that refuses everyone, so the 403 page can be seen through a
real request (the site itself answers most refusals with the visibility table's 404)."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.urls import path

from leeratelier.urls import handler500
from leeratelier.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied


urlpatterns = i18n_patterns(path("forbidden/", forbidden), prefix_default_language=True) + site_urlpatterns
