"""The panel on the atelier page: its current learning cycles, for members only."""

from django.db.models import Count

from leeratelier.core import access

from . import policy
from .models import LearningCycle

PANEL_CYCLES = 5
PANEL_REPORTS = 5


def reports_panel_context(request, atelier):
    """The atelier's published reports, for everyone who may read them (public ones for visitors:
    the atelier page itself is checked before any panel is drawn)."""
    from .models import NarrativeReport

    reports = policy.visible_reports(request.user, NarrativeReport.objects.filter(atelier_key=atelier.translation_key))
    reports = list(reports.order_by("-published_at", "-id")[:PANEL_REPORTS])
    return {"reports": reports} if reports else None


def atelier_panel_context(request, atelier):
    user = request.user
    if not user.is_authenticated or atelier.translation_key not in access.atelier_roles(user):
        return None
    cycles = policy.visible_cycles(
        user, LearningCycle.objects.in_atelier(atelier).running().annotate(loop_count=Count("loops"))
    ).order_by("-starts_on", "-id")[:PANEL_CYCLES]
    return {"cycles": list(cycles), "can_start": policy.can_start_cycle(user, atelier)}
