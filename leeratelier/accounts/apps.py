from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People: accounts (django-allauth), profiles and the member's own page."""

    name = "leeratelier.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
