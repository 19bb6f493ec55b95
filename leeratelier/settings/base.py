"""Settings shared by every environment.

Environment variables are read in one way only: ``env()`` below for plain values and
dj-database-url for DATABASE_URL. dev.py, test.py and production.py override what differs.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "leeratelier"


def env(name, default=None):
    return os.environ.get(name, default)


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "")

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "leeratelier.core",
    "leeratelier.accounts",
    "leeratelier.ateliers",
    "leeratelier.cases",
    "leeratelier.pioneers",
    "leeratelier.toolbox",
    "leeratelier.magazine",
    "home",
    "search",
    "cycles",
    "leeratelier.notifications",
    # Accounts: sign-up, login by email, verification, password reset
    "allauth",
    "allauth.account",
    "allauth.mfa",  # Hardening: two-factor sign-in (TOTP and recovery codes)
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",  # the organisation's details (core.SiteSettings)
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for the site's form renderer (TemplatesSetting)
    # Background work and security headers
    "django_q",
    "csp",
    # django-ratelimit, with the project's own check of its cache (leeratelier/core/ratelimit.py).
    "leeratelier.core.ratelimit.RatelimitConfig",
]

MIDDLEWARE = [
    # Every request gets an id: in each log line and in the X-Request-ID response header.
    "leeratelier.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for anonymous, cookie-less GETs (leeratelier/core/pagecache.py): a hit skips the rest.
    "leeratelier.core.pagecache.PageCacheMiddleware",
    # Hardening: pages for a signed-in person are never stored by a cache (private, no-store,
    # Vary: Cookie); above the session and CSRF middleware so it sees the cookies they set.
    "leeratelier.core.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "leeratelier.core.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Hardening: the admin and coordinator-only views need a second factor (TWO_FACTOR_REQUIRED).
    "leeratelier.accounts.mfa.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns a rate-limited POST (django-ratelimit) into the "try again later" page.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Hardening: for a signed-out visitor an unknown id answers like a hidden one (the login page).
    "leeratelier.core.middleware.HiddenIdsMiddleware",
]

ROOT_URLCONF = "leeratelier.urls"

# Rate limits on POSTs where abuse is plausible: views use django_ratelimit's @ratelimit(key="ip",
# rate=..., method="POST", block=True); a blocked request gets this 429 page. The counters need a
# cache shared by every web process (Redis in production). Django's own RedisCache increments
# atomically but is not on the library's list; the local-memory cache of development and tests
# is per process, which is fine on one machine. Hardening: instead of silencing the library's
# check (which `check --deploy` would report), leeratelier.core.ratelimit checks what matters.
RATELIMIT_VIEW = "leeratelier.core.views.rate_limited"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "leeratelier.core.context_processors.site_navigation",
                "leeratelier.core.context_processors.site_contact",
                "leeratelier.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# One renderer for every form: fields through templates/includes/forms/field.html.
FORM_RENDERER = "leeratelier.core.forms.SiteFormRenderer"

WSGI_APPLICATION = "leeratelier.wsgi.application"

# SQLite by default (demo and first test pass); DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        # A persistent connection is checked before reuse, so after a database restart the first
        # request of each worker does not fail on a dead connection (scripts/faults drill).
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Dutch first, English second. URLs are /nl/... and /en/...
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files only members may download (case attachments, data exports): outside MEDIA_ROOT, never
# served by the web server, only through views that ask the access function.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail
WAGTAIL_SITE_NAME = "Leeratelier"
# No avatars from gravatar.com: nothing leaves for the internet, not even an email hash.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor the admin's "new Wagtail release" check, which has the browser fetch releases.wagtail.org.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # never SVG
# Wagtail search: database backend. On PostgreSQL this is full-text search; "dutch" gives
# Dutch stemming and stop words (one configuration for both languages, as accepted).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "dutch",
    }
}

# Email. Every email goes through the outbox (leeratelier.core.outbox); these only say how
# the sending job talks to the mail server.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Leeratelier <noreply@leeratelier.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", "") == "1"
EMAIL_TIMEOUT = 20

# Outbox: how often a failed send is retried, and when a row is given up. Twelve attempts with
# doubling waits (1, 2, 4 ... minutes, capped at a day) keep retrying for about 34 hours, so a
# mail server that is down over a night or a weekend day loses nothing.
OUTBOX_MAX_ATTEMPTS = 12
OUTBOX_BATCH_SIZE = 100

# Background work: django-q2. The ORM broker by default, Redis when REDIS_URL is set.
# `retry` must stay longer than the longest task `timeout`, or django-q2 delivers a task
# that is still running a second time.
REDIS_URL = env("REDIS_URL", "")
Q_CLUSTER = {
    "name": "leeratelier",
    "workers": int(env("Q_WORKERS", "2")),
    "timeout": 120,
    "retry": 300,
    "max_attempts": 3,
    "catch_up": False,
    "ack_failures": True,
    "label": _("Background tasks"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
# An outbox row claimed longer ago than this was held by a worker that died (django-q2 stops a
# task after `timeout`), so it is claimed again. See leeratelier.core.outbox.
OUTBOX_STALE_AFTER = timedelta(seconds=Q_CLUSTER["timeout"] + 60)

# Security headers for the public site. The Wagtail admin needs inline script and style,
# so it is excluded here and keeps the policy Wagtail itself sends.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Hardening: cookies are out of reach of scripts and of other sites' POSTs. The Wagtail admin
# reads its CSRF token from the page, never from the cookie, so the CSRF cookie can be HttpOnly.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its own preview views SAMEORIGIN

# Log lines carry the request id (leeratelier.core.logs); LOG_FORMAT=json (the default in
# production) writes one JSON object per line for the log collector.
LOG_FORMAT = env("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "leeratelier.core.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "leeratelier.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "text"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"leeratelier": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# The 403 page for a failed CSRF check, in the site's language and style.
CSRF_FAILURE_VIEW = "leeratelier.core.views.csrf_failure"

# /readyz (leeratelier.core.operations.readiness): not ready when the q2 cluster has not run this
# schedule for longer than the delay, or when more emails than the limit are due and unsent.
READYZ_SCHEDULE = "send-outbox"
READYZ_SCHEDULE_MAX_DELAY = timedelta(minutes=int(env("READYZ_SCHEDULE_MAX_DELAY_MINUTES", "5")))
READYZ_OUTBOX_BACKLOG_LIMIT = int(env("READYZ_OUTBOX_BACKLOG_LIMIT", "500"))

# Accounts (django-allauth). People sign in with their email address, which they must verify
# first. Every email allauth sends goes through the outbox (leeratelier.accounts.adapter).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",  # the Wagtail admin login
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "leeratelier.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "leeratelier.accounts.forms.SignupForm"  # adds first and last name
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirmation keys are signed, not stored: the outbox row holds only the address id and the
# key is made again when the email is sent.
ACCOUNT_EMAIL_CONFIRMATION_HMAC = True
# Counted in the cache. Failed logins: 10 a minute per IP address, 5 per 5 minutes per account.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Behind a reverse proxy every request comes from the proxy's address, and the per-IP limits
# above would count all visitors together: set TRUSTED_PROXY_COUNT to the number of proxies
# that append to X-Forwarded-For (1 for a single nginx).
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_LOGOUT_ON_GET = False  # signing out is a POST (the header's button), never a link
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "ateliers:my_page"  # "Mijn leeratelier", in the language of the login page

# Hardening: two-factor sign-in (allauth.mfa). People who read cases about vulnerable people
# outside their own posts (editors and admins in the Wagtail admin, coordinators in their
# coordinator-only views) must have an authenticator app (TOTP) and must have used it in this
# session; leeratelier.accounts.mfa enforces it and sends them to set it up or enter a code.
# Recovery codes are the way back in when the phone is lost. No security keys (WebAuthn): it
# needs JavaScript the site's CSP does not allow inline.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Leeratelier"
# One 30-second step either side (RFC 6238's advice): phone clocks drift, and a code typed at
# the end of its step still works. allauth refuses a code that was used once in that window.
MFA_TOTP_TOLERANCE = 1
TWO_FACTOR_REQUIRED = True
