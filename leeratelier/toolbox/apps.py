from django.utils.translation import gettext_lazy as _

from leeratelier.core import components
from leeratelier.core.components import Manifest


class ToolboxConfig(components.ComponentConfig):
    """The method toolbox (action point 4): a page per method, the tool finder and compare view."""

    name = "leeratelier.toolbox"
    label = "toolbox"
    verbose_name = _("Method toolbox")
    manifest = Manifest(
        policy="policy",  # its access rules (policy.py)
        # experiences can be reported like posts, the Methods search tab, privacy parts
        registers=("moderation", "search", "privacy"),
        steps=("setup", "demo", "bench"),
        page_cache_models=("MethodExperience",),  # members' experiences shown on method pages
    )
