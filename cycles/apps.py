from django.utils.translation import gettext_lazy as _

from leeratelier.core import components
from leeratelier.core.components import Manifest


class CyclesConfig(components.ComponentConfig):
    """Learning cycles of an atelier (plan-do-reflect loops, the values compass and the narrative
    accountability report). Depends on the leeratelier apps, never the other way round: the
    atelier page shows the cycles panels through the manifest."""

    name = "cycles"
    verbose_name = _("Learning cycles")
    manifest = Manifest(
        policy="policy",  # its access rules (policy.py)
        # email kinds, contributions can be reported like posts, the Reports search tab, privacy parts,
        # what moves the cycle pages' generations on
        registers=("emails", "moderation", "search", "privacy", "signals"),
        steps=("setup", "demo", "bench"),
        page_cache_models=("NarrativeReport",),  # published public reports listed on atelier pages
        atelier_panels=(
            ("cycles/atelier_panel.html", "panels.atelier_panel_context"),
            ("cycles/atelier_reports_panel.html", "panels.reports_panel_context"),
        ),
        my_panels=(("cycles/my_contributions_panel.html", "my_page.my_contributions_context"),),
        my_page_models=(("Contribution", "participant.user_id"), ("Participant", "user_id")),
    )
