"""django-ratelimit's app, with the project's own check of the cache it counts in.

django-ratelimit's check refuses every cache outside its short list: Django's own RedisCache
(which increments atomically) gets a warning, and the local-memory cache an error. Silencing
both would also hide a real mistake, and `check --deploy` would report them as silenced. This
check says what matters here instead:

- a cache that stores nothing (DummyCache) means no limit at all: an error;
- a cache without atomic increments (file, database) lets parallel requests slip through: a
  warning;
- the local-memory cache counts per process: with N web processes a person gets N times the
  limit, which is still a limit. Production sets REDIS_URL to share one count.
"""

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

NO_CACHE = {"django.core.cache.backends.dummy.DummyCache"}
NOT_ATOMIC = {
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.db.DatabaseCache",
}


def check_ratelimit_cache(app_configs, **kwargs):
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = settings.CACHES.get(alias, {}).get("BACKEND")
    if backend is None:
        return [checks.Error(f"RATELIMIT_USE_CACHE names a cache ({alias!r}) that CACHES does not define.", id="leeratelier.E101")]
    if backend in NO_CACHE:
        return [checks.Error(f"{backend} stores nothing, so no rate limit would hold.", id="leeratelier.E102")]
    if backend in NOT_ATOMIC:
        return [checks.Warning(f"{backend} does not increment atomically; rate limits can be exceeded.", id="leeratelier.W101")]
    return []


class RatelimitConfig(AppConfig):
    """Installed instead of "django_ratelimit" (INSTALLED_APPS): the same app, this check
    instead of the library's."""

    name = "django_ratelimit"
    label = "ratelimit"
    verbose_name = "Rate limits"

    def ready(self):
        checks.register(check_ratelimit_cache, checks.Tags.caches)
