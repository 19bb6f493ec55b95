from django.http import HttpResponse
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
