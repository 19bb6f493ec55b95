from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    """Learning cycles of an atelier (plan-do-reflect loops, the values compass and the narrative
    accountability report). Depends on the leeratelier apps, never the other way round: the
    atelier page shows the cycles panel through leeratelier.ateliers.components."""

    name = "cycles"
    verbose_name = _("Learning cycles")

    def ready(self):
        from leeratelier.ateliers.components import register_my_panel, register_panel

        from . import emails  # noqa: F401  (email kinds)
        from .my_page import my_contributions_context
        from .panels import atelier_panel_context, reports_panel_context

        register_panel("cycles/atelier_panel.html", atelier_panel_context)
        register_panel("cycles/atelier_reports_panel.html", reports_panel_context)
        register_my_panel("cycles/my_contributions_panel.html", my_contributions_context)

        from . import moderation

        moderation.register()
        # Registers the "Reports" tab of the site search.
        from . import search  # noqa: F401  # contributions can be reported like posts
