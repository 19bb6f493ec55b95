from django.utils.translation import gettext_lazy as _

from leeratelier.core import components
from leeratelier.core.components import Manifest


class AccountsConfig(components.ComponentConfig):
    """People: accounts (django-allauth), profiles and the member's own page."""

    name = "leeratelier.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    manifest = Manifest(
        policy="policy",  # its access rules (policy.py)
        registers=("emails", "signals", "privacy"),  # email kinds, a profile for every new user, privacy parts
        steps=("setup",),  # the privacy statement
        my_page_models=(("Profile", "user_id"),),  # "complete your profile" on "Mijn leeratelier"
    )
