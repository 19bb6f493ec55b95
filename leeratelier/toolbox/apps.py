from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolboxConfig(AppConfig):
    """The method toolbox (action point 4): a page per method, the tool finder and compare view."""

    name = "leeratelier.toolbox"
    label = "toolbox"
    verbose_name = _("Method toolbox")

    def ready(self):
        # Registers the "Methods" tab of the site search.
        # Experiences can be reported like posts (leeratelier.cases.moderation).
        from . import (
            moderation,
            search,  # noqa: F401
        )

        moderation.register()
