from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People: accounts (django-allauth), profiles and the member's own page."""

    name = "leeratelier.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import emails  # noqa: F401  (registers the kinds of email this app sends)
        from . import signals  # noqa: F401  (a profile for every new user)

        from leeratelier.core import privacy

        privacy.autodiscover()  # each app's privacy.py: its part of exports, deletion, retention
