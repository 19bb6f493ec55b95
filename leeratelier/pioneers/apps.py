from django.utils.translation import gettext_lazy as _

from leeratelier.core import components
from leeratelier.core.components import Manifest


class PioneersConfig(components.ComponentConfig):
    """The pioneer-practice registry (action point 3): the public sign-up form, moderation,
    practice pages and the working-ingredients view."""

    name = "leeratelier.pioneers"
    label = "pioneers"
    verbose_name = _("Pioneer practices")
    manifest = Manifest(
        policy="policy",  # its access rules (policy.py)
        registers=("emails", "search", "signals"),  # email kinds, the Practices search tab, workflow signals
        steps=("setup", "demo", "bench"),
        page_cache_models=("Ingredient",),  # the working-ingredients overview and practice pages
    )
