"""The "My contributions" panel on "Mijn leeratelier": my latest cycle contributions and a link
to all of them (cycles:mine). One query: the latest few with their phases and loops."""

from . import policy
from .models import Contribution, LearningCycle

LATEST = 5


def my_contributions_context(request):
    contributions = (
        Contribution.objects.filter(
            participant__user=request.user,
            cycle__in=policy.visible_cycles(request.user, LearningCycle.objects.all()),
        )
        .select_related("phase__loop")
        .order_by("-created_at", "-pk")[:LATEST]
    )
    return {"my_contributions": list(contributions)}
