import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import patch_vary_headers


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a path starting with an unknown language prefix
    (/de/, /fr-be/) stays a 404 instead of being redirected to /nl/de/: Wagtail's catch-all
    page route makes every prefixed path look valid to Django, so the redirect would only lead
    to a second 404 under a misleading address."""

    language_prefix = re.compile(r"^/([a-z]{2}(?:-[a-z]{2,4})?)(?:/|$)", re.IGNORECASE)

    def process_response(self, request, response):
        if response.status_code == 404:
            match = self.language_prefix.match(request.path_info)
            site_languages = {code.lower() for code, name in settings.LANGUAGES}
            if match and match.group(1).lower() not in site_languages:
                return response
        return super().process_response(request, response)


# --- Hardening: private pages are never cached ------------------------------------------------

# Directives a view may have set that would let a shared cache keep the page.
_CACHEABLE_DIRECTIVES = {"public", "private", "no-store", "max-age", "s-maxage", "stale-while-revalidate", "immutable"}


class PrivatePagesMiddleware:
    """Send every page made for a signed-in person, and every response that sets a session or
    CSRF cookie, with `Cache-Control: private, no-store` and `Vary: Cookie`.

    A member's page holds what only they (or their atelier) may see; a proxy or browser cache
    that keeps it could hand it to the next person on the same machine or behind the same
    proxy. Anonymous public pages keep whatever caching the view chose.

    It stands above SessionMiddleware and CsrfViewMiddleware in MIDDLEWARE, so on the way out
    it sees the cookies they set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        sets_cookie = settings.SESSION_COOKIE_NAME in response.cookies or settings.CSRF_COOKIE_NAME in response.cookies
        if sets_cookie or (user is not None and user.is_authenticated):
            kept = [
                directive.strip()
                for directive in response.get("Cache-Control", "").split(",")
                if directive.strip() and directive.split("=")[0].strip().lower() not in _CACHEABLE_DIRECTIVES
            ]
            response["Cache-Control"] = ", ".join(["private", "no-store", *kept])
            patch_vary_headers(response, ("Cookie",))
        return response

