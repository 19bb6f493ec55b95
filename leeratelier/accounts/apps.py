from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People: accounts (django-allauth), profiles and the member's own page."""

    name = "leeratelier.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from leeratelier.core import privacy

        from . import (
            emails,  # noqa: F401  (registers the kinds of email this app sends)
            signals,  # noqa: F401  (a profile for every new user)
        )

        privacy.autodiscover()  # each app's privacy.py: its part of exports, deletion, retention
