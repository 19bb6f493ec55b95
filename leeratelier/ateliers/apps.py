from django.utils.translation import gettext_lazy as _

from leeratelier.core import components
from leeratelier.core.components import Manifest


class AteliersConfig(components.ComponentConfig):
    """The space: ateliers (learning communities), their members and expert meetings.
    Cases and cycles are components that live inside an atelier."""

    name = "leeratelier.ateliers"
    label = "ateliers"
    verbose_name = _("Ateliers")
    manifest = Manifest(
        policy="policy",  # its access rules (policy.py)
        # email kinds, the Ateliers and Agenda search tabs, coordinators' admin groups, privacy parts
        registers=("emails", "search", "signals", "privacy"),
        steps=("setup", "demo", "bench"),
        page_cache_models=(
            "Registration",  # seats left on meeting pages and the agenda
            "Membership",  # member counts on atelier pages
        ),
        # a member's own ateliers, meetings and calendar address on "Mijn leeratelier"
        my_page_models=(("Membership", "user_id"), ("Registration", "user_id"), ("CalendarFeedToken", "user_id")),
    )

    def ready(self):
        from leeratelier.core import access

        from .models import AtelierPage, Membership

        access.use_space(AtelierPage, Membership)  # the access function's space (the core names no app)
        super().ready()
