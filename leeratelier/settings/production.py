"""Production: everything secret or site-specific comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL. Optional: REDIS_URL (cache, q2 broker),
EMAIL_HOST / EMAIL_PORT / EMAIL_HOST_USER / EMAIL_HOST_PASSWORD / EMAIL_USE_TLS,
DEFAULT_FROM_EMAIL, MEDIA_ROOT / MEDIA_URL, WAGTAILADMIN_BASE_URL, LOG_FORMAT (json by default),
SENTRY_DSN (error reporting, off unless set), SENTRY_ENVIRONMENT.
"""

from django.core.exceptions import ImproperlyConfigured

from leeratelier.core.sentry import init_sentry

from .base import *  # noqa: F403

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) in the environment.")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")  # noqa: F405

if REDIS_URL:  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "leeratelier.core.cache.RedisCache",
            "LOCATION": REDIS_URL,  # noqa: F405
        }
    }
    # Sessions are read from Redis and written through to the database: one query less on every
    # signed-in page, and nobody is signed out when Redis restarts.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", "1") == "1"  # noqa: F405
# Load balancers probe over plain HTTP inside the network: the health checks answer there.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# Logs: one JSON object per line, with the request id (LOG_FORMAT=text for plain lines).
LOG_FORMAT = env("LOG_FORMAT", "json")  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405

# Error reporting, only when SENTRY_DSN is set; no personal data (see leeratelier.core.sentry).
init_sentry(env("SENTRY_DSN", ""), environment=env("SENTRY_ENVIRONMENT", "production"))  # noqa: F405
