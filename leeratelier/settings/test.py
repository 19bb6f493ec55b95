"""Test settings: fast hashing, local-memory cache, emails kept in memory, tasks run inline."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-private-media"  # noqa: F405
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# `make test-pg` names the test database for the run, so parallel runs never share one.
if env("TEST_DATABASE_NAME"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}  # noqa: F405
DEMO_CONTENT_ALLOWED = True

# Whitenoise looks for collected files at start-up; tests serve static files through the finders.
STATIC_ROOT = BASE_DIR / ".test-media" / "static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True

# The anonymous page cache is switched on in its own tests (tests/core/test_pagecache.py); other
# tests change data without committing, so a cached page would outlive the change.
PAGE_CACHE_ENABLED = False
# Tests empty the cache between them: each request reads the shared generation (see pagecache).
PAGE_CACHE_RECHECK = 0
# Hardening: the feature tests sign staff and coordinators in with force_login (no second
# factor); tests/hardening/test_two_factor.py turns the requirement on and tests it.
TWO_FACTOR_REQUIRED = False
# Hardening: django-ratelimit counts in the cache, which outlives a test, and every test client
# comes from 127.0.0.1; the feature tests would trip each other's limits. Off here;
# tests/hardening/test_rate_limits.py turns it on and tests every limited form.
RATELIMIT_ENABLE = False
