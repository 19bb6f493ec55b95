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
