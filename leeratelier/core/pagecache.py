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

A hit costs no round trip to the cache: each web process keeps the entries it served lately in its
own memory (LOCAL_ENTRIES, LOCAL_BYTES) and reads the shared generation at most once every
PAGE_CACHE_RECHECK seconds (a second in production). So a change made in one process reaches
visitors served by another process within that second; the process that made the change, and
every signed-in reader (never served from here), see it at once. A generation is never reused
(a new one starts from the clock), so an entry kept in memory cannot come back after the shared
cache was emptied.
"""

import re
import time
from collections import OrderedDict
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
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
    # Making a page private (a password, signed-in readers or groups) does not publish it.
    "wagtailcore.PageViewRestriction",
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


# What a web process keeps of the entries it served: at most this many, of at most this many bytes
# together (the least recently served go first).
LOCAL_ENTRIES = 500
LOCAL_BYTES = 32 * 1024 * 1024


def recheck_seconds():
    return getattr(settings, "PAGE_CACHE_RECHECK", 1.0)


def _new_generation():
    """A generation no earlier cache held: microseconds of the clock."""
    return time.time_ns() // 1000


# The generation a request read: one round trip per request however many cached parts (the
# navigation, the footer, "my ateliers", ...) are keyed by it. Set by PageCacheMiddleware.
_this_request = ContextVar("pagecache_this_request", default=None)


def generation():
    """The current generation, read from the shared cache once per request (a change made in the
    request forgets it); created on first use. add() keeps two processes that start at the same
    moment from resetting each other."""
    seen = _this_request.get()
    if seen is not None and "generation" in seen:
        return seen["generation"]
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        value = cache.get(GENERATION_KEY)
    if seen is not None:
        seen["generation"] = value
    return value


# Values that are the same for every visitor and kept under a key that holds the generation (the
# navigation, the site's contact details, the locale ids, atelier pages): this process keeps those it read, so
# a page asks the shared cache for them once per generation, not on every request.
SHARED_ENTRIES = 1000
_shared = {}


def shared(key, build):
    """The value of ``key`` (which must hold the generation), from this process's memory, else
    the shared cache, else ``build()`` (then stored in both) for PAGE_CACHE_SECONDS."""
    entry = _shared.get(key)
    if entry is not None and entry[1] > time.time():
        return entry[0]
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds())
    if len(_shared) >= SHARED_ENTRIES:
        _shared.clear()  # old generations' values: never read again
    _shared[key] = (value, time.time() + seconds())
    return value


class _Local:
    """This process's view of the cache: the generation it read last, when, and the entries of
    that generation it served (status, headers, content and when they expire, on the clock),
    least recently served first."""

    def __init__(self):
        self.generation = None
        self.read_at = 0.0
        self.entries = OrderedDict()
        self.size = 0

    def current_generation(self):
        now = time.monotonic()
        if self.generation is None or now - self.read_at >= recheck_seconds():
            gen = generation()
            if gen != self.generation:
                self.forget()
                self.generation = gen
            self.read_at = now
        return self.generation

    def forget(self):
        self.generation = None
        self.entries.clear()
        self.size = 0

    def get(self, key):
        entry = self.entries.get(key)
        if entry is None:
            return None
        if entry[3] <= time.time():
            self._drop(key)
            return None
        self.entries.move_to_end(key)
        return entry

    def put(self, key, entry):
        if key in self.entries:
            self._drop(key)
        self.entries[key] = entry
        self.size += len(entry[2])
        while self.entries and (len(self.entries) > LOCAL_ENTRIES or self.size > LOCAL_BYTES):
            self._drop(next(iter(self.entries)))

    def _drop(self, key):
        self.size -= len(self.entries.pop(key)[2])


_local = _Local()


def _entry(response):
    """What is stored of a response: plain values, cheap to store and to answer from."""
    return (response.status_code, list(response.items()), response.content, time.time() + seconds())


def _answer(entry):
    status, headers, content, _ = entry
    response = HttpResponse(content, status=status, headers=headers)
    response[HEADER] = "hit"
    return response


def _lookup(request, gen, query):
    """The stored entry for this request in generation ``gen``: from this process's memory, else
    from the shared cache (then kept in memory as well); None when there is none."""
    key = _key(request, gen, query)
    entry = _local.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is None:
            return None
        _local.put(key, entry)
    return entry


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
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
    _local.forget()  # this process reads the new generation on its next request
    seen = _this_request.get()
    if seen is not None:
        seen.pop("generation", None)  # and so does the rest of this request


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
        token = _this_request.set({})
        try:
            return self._respond(request)
        finally:
            _this_request.reset(token)

    def _respond(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True) or not _cacheable_request(request):
            return self.get_response(request)
        query = _query_key(request)
        if query is None:
            return self.get_response(request)
        gen = _local.current_generation()
        entry = _lookup(request, gen, query)
        if entry is not None:
            return _answer(entry)
        key = _key(request, gen, query)
        response = self.get_response(request)
        if _cacheable_response(response) and _may_store(request, gen, query):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            # Stored under the generation read before rendering: if the data changed meanwhile,
            # the bump already moved on and this entry is never read.
            entry = _entry(response)
            cache.set(key, entry, seconds())
            _local.put(key, entry)
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
