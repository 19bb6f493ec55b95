"""The anonymous page cache: whole responses for cookie-less GET requests, kept in Django's cache
(Redis in production, so every web process shares it).

Why not Django's per-site cache middleware: it keys on the Vary headers and caches whatever it is
given, so one careless template (a CSRF token, a "signed in as") would leak to strangers, and it
has no way to forget everything at once. wagtail-cache does not support Wagtail 8. This module
is small on purpose and errs on the side of not caching:

- Only GET/HEAD requests that carry NO cookie at all are answered from or stored in the cache.
  A signed-in member always has a session cookie, so their pages are never stored nor served
  from here; a visitor who has a CSRF cookie is served fresh pages too (a cached form would hold
  somebody else's token).
- Only a 200 response that sets no cookie, is not marked private/no-store and comes from a path
  outside the admin, the account pages and the document server is stored.
- Every key holds a *generation*. Anything that changes what an anonymous page shows bumps it
  (`invalidate()`): publishing, unpublishing, moving, deleting or translating a page, and saving
  or deleting the non-page data that public pages display (registrations → seats left,
  memberships → member counts, the shared vocabulary, ...; see INVALIDATING_MODELS). Old entries
  are never read again and expire with their timeout. Time itself (a meeting becoming past) is
  covered by the timeout, PAGE_CACHE_SECONDS.
- Only known query parameters form the key (QUERY_PARAMETERS, in a fixed order), so `?x=<random>`
  cannot write a new entry on every request: a request with any other parameter, with free text
  (a search `q`) or with a long query is answered fresh and not stored. The values count too:
  `page` only as a number from 1 to MAX_PAGE, every other parameter only as a short slug-like
  value (a choice, a slug or an id; see _valid_value), so `?page=<random>` is answered fresh as
  well. And one address is stored under at most MAX_VARIANTS_PER_PATH query strings per
  generation, so even valid-looking values (`?theme=<random-slug>`) cannot fill the cache.
"""

import re

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.cache import cc_delim_re
from django.utils.http import urlencode

GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"

# Paths that are never cached: the admin, sign-in and account pages, served documents (their
# view checks access) and the health check (the benchmark's ceiling: a minimal view, uncached).
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/django-admin/", "/healthz", "/readyz")
EXCLUDED_PARTS = ("/accounts/",)

# Saving or deleting any of these changes what some anonymous page shows without a page being
# published: Wagtail's own models here, the apps' in their manifests (``page_cache_models``, read by
# ``core.components.page_cache_models``). Listed by label so an app that is not installed is
# skipped; pages are covered by Wagtail's own signals (see connect_signals).
INVALIDATING_MODELS = [
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailredirects.Redirect",
    "wagtailimages.Image",
    "wagtaildocs.Document",
]


# The query parameters public pages read: pagination, search tabs, the filters of the atelier list,
# the registry, the case library and the tool finder, the compare page's methods, the pioneer
# form's "sent" notice. Anything else changes nothing a view shows, so it is not worth an entry.
QUERY_PARAMETERS = frozenset(
    {
        "page", "q", "tab", "partial", "sent", "atelier", "m", "theme", "werkplaats", "municipality",
        "principle", "method", "role", "maturity", "ingredient", "stage", "track", "purposes", "roles",
        "evidence", "time",
    }
)  # fmt: skip
# Free text: every value would be its own entry.
FREE_TEXT_PARAMETERS = frozenset({"q"})
MAX_QUERY_LENGTH = 300
# Values that count towards the key. A page number: 1 to MAX_PAGE (no list is that long). Any
# other parameter is a choice, a slug (the compare page's methods) or an id: letters, digits,
# dash and underscore, at most 60 characters. An empty value is what a filter form sends for
# "all" and counts as well.
MAX_PAGE = 1000
PAGE_VALUE = re.compile(r"[1-9][0-9]{0,3}", re.ASCII)
CHOICE_VALUE = re.compile(r"[A-Za-z0-9_-]{0,60}", re.ASCII)
# Query strings stored per address and generation: more than pagination and the filters need, and
# a ceiling for values that look valid but are made up.
MAX_VARIANTS_PER_PATH = 200


def seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def generation():
    """The current generation; created on first use. add() keeps two processes that start at the
    same moment from resetting each other."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


# The generation this process saw last: a hit asks the cache for the generation and the entry of
# that generation in one round trip, and is served only when the generation is still the same.
_last_seen = {"generation": None}


def _lookup(request, query):
    """(the current generation, the stored response or None). One round trip to the cache when
    the generation has not moved since this process last looked, two when it has."""
    guess = _last_seen["generation"]
    if guess is not None:
        key = _key(request, guess, query)
        found = cache.get_many([GENERATION_KEY, key])
        if found.get(GENERATION_KEY) == guess:
            return guess, found.get(key)
    gen = generation()
    _last_seen["generation"] = gen
    return gen, cache.get(_key(request, gen, query))


def invalidate(**kwargs):
    """Forget every cached page (by moving to the next generation) at once, for this transaction's
    own later reads, and again once the change is committed: a page another process rendered
    between the first bump and the commit holds old data and must not be read."""
    _bump()
    transaction.on_commit(_bump)


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or it was evicted): start one that differs
        cache.add(GENERATION_KEY, 2, timeout=None)


def _valid_value(name, value):
    """Whether this value of a known parameter may form part of the key (see MAX_PAGE)."""
    if not value:
        return True
    if name in FREE_TEXT_PARAMETERS:
        return False
    if name == "page":
        return PAGE_VALUE.fullmatch(value) is not None and int(value) <= MAX_PAGE
    return CHOICE_VALUE.fullmatch(value) is not None


def _query_key(request):
    """The query part of the key: the known parameters sorted by name (the order of one name's
    values stays, the compare page shows methods in that order); None when the response must not
    be stored (an unknown parameter, free text, a value no page offers, or a long query)."""
    items = []
    for name, values in sorted(request.GET.lists()):
        if name not in QUERY_PARAMETERS or not all(_valid_value(name, value) for value in values):
            return None
        items.extend((name, value) for value in values)
    query = urlencode(items)
    return query if len(query) <= MAX_QUERY_LENGTH else None


def _may_store(request, gen, query):
    """Whether one more query string of this address may be stored in this generation (the
    address itself always may). Counted in the cache, next to the entries, expiring with them."""
    if not query:
        return True
    key = f"pagecache:{gen}:variants:{request.get_host()}:{request.path}"
    cache.add(key, 0, seconds())
    try:
        return cache.incr(key) <= MAX_VARIANTS_PER_PATH
    except ValueError:  # evicted between add and incr: do not store this once
        return False


def _key(request, gen, query):
    return f"pagecache:{gen}:{request.get_host()}:{request.path}?{query}"


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or request.COOKIES:
        return False
    if request.META.get("HTTP_AUTHORIZATION"):
        return False
    path = request.path_info
    return not path.startswith(EXCLUDED_PREFIXES) and not any(part in path for part in EXCLUDED_PARTS)


def _cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = {part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return not cache_control & {"private", "no-store", "no-cache"}


class PageCacheMiddleware:
    """Serves and stores anonymous, cookie-less GET responses (see the module docstring).
    Placed right after WhiteNoise, so a hit skips sessions, authentication and the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True) or not _cacheable_request(request):
            return self.get_response(request)
        query = _query_key(request)
        if query is None:
            return self.get_response(request)
        gen, cached = _lookup(request, query)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        key = _key(request, gen, query)
        response = self.get_response(request)
        if _cacheable_response(response) and _may_store(request, gen, query):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            # Stored under the generation read before rendering: if the data changed meanwhile,
            # the bump already moved on and this entry is never read.
            cache.set(key, response, seconds())
            response[HEADER] = "miss"
        return response


def connect_signals():
    """Called from CoreConfig.ready(): every event that changes anonymous pages bumps the
    generation."""
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate, dispatch_uid=f"pagecache-{id(signal)}")

    # Deleting a page (or a translation) sends post_delete with the specific page class as the
    # sender, so listen to every model and keep pages.
    post_delete.connect(_invalidate_if_page, dispatch_uid="pagecache-page-delete")
    for model in invalidating_models():
        label = model._meta.label
        post_save.connect(invalidate, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"pagecache-delete-{label}")


def invalidating_models():
    """Wagtail's models of INVALIDATING_MODELS (those installed) and every app's from its manifest."""
    from .components import page_cache_models

    installed = []
    for label in INVALIDATING_MODELS:
        try:
            installed.append(apps.get_model(label))
        except LookupError:
            continue
    return installed + page_cache_models()


def _invalidate_if_page(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        invalidate()
