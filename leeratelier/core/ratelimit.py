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
        return [
            checks.Error(
                f"RATELIMIT_USE_CACHE names a cache ({alias!r}) that CACHES does not define.", id="leeratelier.E101"
            )
        ]
    if backend in NO_CACHE:
        return [checks.Error(f"{backend} stores nothing, so no rate limit would hold.", id="leeratelier.E102")]
    if backend in NOT_ATOMIC:
        return [
            checks.Warning(
                f"{backend} does not increment atomically; rate limits can be exceeded.", id="leeratelier.W101"
            )
        ]
    return []


class RatelimitConfig(AppConfig):
    """Installed instead of "django_ratelimit" (INSTALLED_APPS): the same app, this check
    instead of the library's."""

    name = "django_ratelimit"
    label = "ratelimit"
    verbose_name = "Rate limits"

    def ready(self):
        checks.register(check_ratelimit_cache, checks.Tags.caches)


# --- the limits themselves: one decorator for the site's views, one 429 answer for all -----------
# Every limit answers the same way: status 429, Retry-After set to the limit's window (the
# longest a person has to wait) and a page saying that wait in words ("about a minute",
# "about an hour") in the page's language. django-ratelimit raises Ratelimited without saying
# which rate it was, so the site's views use ``rate_limit`` below, which notes the window on the
# request first; allauth's limits name their action, whose rates are in ACCOUNT_RATE_LIMITS.

import re  # noqa: E402
from functools import wraps  # noqa: E402

UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DEFAULT_WINDOW = 60


def window_seconds(rate):
    """The window of a rate in seconds: "10/h" -> 3600, "5/5m" -> 300, "10/m/ip" -> 60,
    "1/180s/key" -> 180 (django-ratelimit's and allauth's notations both)."""
    period = rate.split("/")[1]
    match = re.fullmatch(r"(\d*(?:\.\d+)?)([smhd])", period)
    if not match:
        return int(float(period))  # allauth's own str(Rate): seconds
    return int(float(match.group(1) or 1) * UNIT_SECONDS[match.group(2)])


def rate_limit(*, key, rate, method="POST", group=None):
    """django-ratelimit's @ratelimit(block=True), noting the window for the 429 page."""
    from django_ratelimit.decorators import ratelimit

    def decorate(view):
        limited = ratelimit(group=group, key=key, rate=rate, method=method, block=True)(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.rate_limit_window = window_seconds(rate)
            return limited(request, *args, **kwargs)

        return wrapper

    return decorate


def wait_in_words(seconds):
    """How long to wait, in words of the active language, rounded as a person would."""
    from django.utils.translation import gettext, ngettext

    if seconds <= 90:
        return gettext("about a minute")
    if seconds < 50 * 60:
        minutes = round(seconds / 60)
        return ngettext("about %(count)d minute", "about %(count)d minutes", minutes) % {"count": minutes}
    if seconds <= 90 * 60:
        return gettext("about an hour")
    hours = round(seconds / 3600)
    return ngettext("about %(count)d hour", "about %(count)d hours", hours) % {"count": hours}


def too_many_attempts(request, window, *, login=False):
    """The 429 page for a limit with this window (seconds)."""
    from django.shortcuts import render

    window = max(int(window), 1)
    response = render(request, "429.html", {"wait": wait_in_words(window), "login_limit": login}, status=429)
    response["Retry-After"] = str(window)
    return response


# allauth's views by URL name -> the action of ACCOUNT_RATE_LIMITS they count against.
ALLAUTH_ACTIONS = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_change_password": "change_password",
    "account_set_password": "change_password",
    "account_email": "manage_email",
    "account_reauthenticate": "reauthenticate",
    "account_confirm_email": "confirm_email",
}


def allauth_window(action):
    """The longest window among the rates allauth applies to ``action``."""
    from allauth.account import app_settings
    from allauth.core.internal.ratelimit import parse_rates

    rates = parse_rates(app_settings.RATE_LIMITS.get(action))
    return int(max((rate.duration for rate in rates), default=DEFAULT_WINDOW))
