import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults
from django.shortcuts import render
from django.views.generic import TemplateView


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain"


def rate_limited(request, exception):
    """The page for a POST over its rate limit (django-ratelimit): 429, say when to try again."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "600"
    return response


def healthz(request):
    """For load balancers and the benchmark's ceiling: two bytes, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


def server_error(request):
    """The 500 handler, except when the database is unreachable (a restart, a failover): then a
    503 with Retry-After, so browsers and proxies know it is temporary. Both pages are plain
    templates that need no database."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)
