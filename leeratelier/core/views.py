import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
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


@never_cache
def readyz(request):
    """For the load balancer and the orchestrator: may this instance take traffic? The database,
    the cache, a q2 cluster that runs its schedules, and an outbox that keeps up (see
    core.operations.readiness). 503 with the failing checks when not; never a 500 page, also
    with the database down. The answer names no person and no content."""
    from .operations import readiness

    checks = readiness()
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (an old tab, cookies blocked): the site's own 403
    page in the visitor's language, saying what to do. The reason stays in the logs."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """The 500 handler, except when the database is unreachable (a restart, a failover): then a
    503 with Retry-After, so browsers and proxies know it is temporary. Both pages are plain
    templates that need no database."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)
