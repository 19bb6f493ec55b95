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


# --- Hardening: a visitor cannot tell a hidden id from an unknown one -------------------------

# The slugs of hidden ateliers' pages (ateliers.models.pages.id_slug): made from ids.
_ID_SLUG = re.compile(r"^(atelier|meeting)-[0-9a-f]{12}$")


def plain_404(view):
    """Mark a view whose 404 stays a 404 for visitors too: what it serves is public when it
    exists (an approved public summary, a public atelier's calendar feed), so "not found" says
    nothing about hidden things, and a search engine or calendar app should see the 404."""
    view.plain_404 = True
    return view


def is_id_url(request):
    """Whether the request's URL names something by its id: a view with an id argument
    (``page_id``, ``case_id``, ``post_id`` ...) or a page path with a hidden atelier's id slug."""
    match = request.resolver_match
    if match is None or getattr(match.func, "plain_404", False):
        return False
    if match.url_name == "wagtail_serve":
        path = match.kwargs.get("path") or (match.args[0] if match.args else "")
        return any(_ID_SLUG.match(part) for part in path.split("/"))
    return any(name == "pk" or name.endswith("_id") for name in match.kwargs)


class HiddenIdsMiddleware:
    """A signed-out visitor is sent to the login page for a hidden thing (the visibility table,
    core.access.answer, behind every check_*); an id that does not exist must get the same answer, or the ids of hidden
    ateliers, meetings, cases, cycles and reports could be listed by trying them one by one. So a
    404 on an id URL becomes, for a visitor, the same login redirect (status, Location) as a
    hidden thing's. Signed-in people keep the plain 404 they get for both.

    It stands last in MIDDLEWARE and acts on the view's Http404, so every other middleware
    treats the two answers alike on the way out (the same headers, the same cookies). Some views
    mark their answers never-cached, so every login redirect of a visitor is marked so here: a
    redirect to the login page is never worth caching, and the headers then match."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import resolve_url
        from django.utils.cache import add_never_cache_headers

        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code == 302 and (user is None or not user.is_authenticated):
            if response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL)):
                add_never_cache_headers(response)
        return response

    def process_exception(self, request, exception):
        from django.contrib.auth.views import redirect_to_login
        from django.http import Http404

        if not isinstance(exception, Http404):
            return None
        user = getattr(request, "user", None)
        if user is None or user.is_authenticated or not is_id_url(request):
            return None
        return redirect_to_login(request.get_full_path())
