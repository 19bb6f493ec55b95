import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults
from django.views.generic import TemplateView


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain"


def rate_limited(request, exception):
    """The page for a POST over its rate limit (django-ratelimit, through core.ratelimit's
    decorator, which notes the window): 429, with Retry-After and words saying how long."""
    from leeratelier.core.ratelimit import DEFAULT_WINDOW, too_many_attempts

    return too_many_attempts(request, getattr(request, "rate_limit_window", DEFAULT_WINDOW))


def allauth_rate_limited(request):
    """allauth's 429 (handler429 of the URLconf): the window of the action the view counts."""
    from leeratelier.core.ratelimit import ALLAUTH_ACTIONS, allauth_window, too_many_attempts

    match = request.resolver_match
    action = ALLAUTH_ACTIONS.get(match.url_name if match else "", "")
    return too_many_attempts(request, allauth_window(action), login=action == "login")


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
