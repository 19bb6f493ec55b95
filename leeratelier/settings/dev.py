"""Local development and the demo site (make demo)."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-not-secret-leeratelier")  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Emails are printed on the console of the q2 cluster / runserver instead of sent.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEMO_CONTENT_ALLOWED = True
