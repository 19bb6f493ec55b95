"""Cycle contributions can be reported like posts (leeratelier.cases.moderation): the atelier's
coordinators decide, site editors have them in their queue too."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import policy


def _author(contribution):
    """The member who wrote it; for an outside participant, the facilitator who recorded it."""
    participant = contribution.participant
    if participant is not None and participant.user_id:
        return participant.user
    return contribution.recorded_by


def register():
    from leeratelier.cases.moderation import register_reportable

    from .models import Contribution

    register_reportable(
        "contribution",
        Contribution,
        _("a contribution to a learning cycle"),
        atelier_key_of=lambda contribution: contribution.cycle.atelier_key,
        author_of=_author,
        can_report=lambda user, contribution: policy.can_view_cycle(user, contribution.cycle),
        path_of=lambda contribution: (
            reverse("cycles:phase", args=[contribution.phase_id]) + f"#contribution-{contribution.pk}"
        ),
        related=("cycle",),
    )


register()  # imported when the app is ready (its manifest's registers)
