"""django-q2 task of the cycles app (scheduled daily in migration 0002). Arguments: none; the
outbox rows hold ids only, and the emails name the atelier and the kind of event, never the
cycle's question or anyone's contribution."""

from datetime import timedelta

from django.utils import timezone

from leeratelier.ateliers.models import Membership
from leeratelier.core import outbox

from . import events
from .models import Contribution, Participant, Phase

REMINDER_DAYS = 3


def send_phase_reminders(now=None):
    """For every open phase that ends within three days: remind each participant with an
    account who has not contributed to it (the phase_closing event; the notifications component
    tells each once per phase, as they chose), and
    send the facilitator (or the coordinators) one short summary. Returns the number reminded."""
    today = timezone.localdate(now or timezone.now())
    phases = list(
        Phase.objects.filter(
            status=Phase.Status.OPEN,
            cycle__closed_at__isnull=True,
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=REMINDER_DAYS),
        ).select_related("cycle__facilitator__profile")
    )
    if not phases:
        return 0
    contributed = set(
        Contribution.objects.filter(phase__in=phases).values_list("phase_id", "participant_id").distinct()
    )
    participants = list(
        Participant.objects.filter(
            cycle__in=[p.cycle_id for p in phases], user__isnull=False, user__is_active=True
        ).select_related("user__profile")
    )
    coordinators = {}
    for membership in (
        Membership.objects.coordinators()
        .filter(atelier_key__in={p.cycle.atelier_key for p in phases}, user__is_active=True)
        .select_related("user__profile")
    ):
        coordinators.setdefault(membership.atelier_key, []).append(membership.user)
    reminded = 0
    for phase in phases:
        to_remind = [
            p.user for p in participants if p.cycle_id == phase.cycle_id and (phase.pk, p.pk) not in contributed
        ]
        if to_remind:
            # The notifications component tells them (once per phase), as each chose.
            events.phase_closing.send(sender=Phase, phase=phase, users=to_remind)
        reminded += len(to_remind)
        cycle = phase.cycle
        facilitators = [cycle.facilitator] if cycle.facilitator_id else coordinators.get(cycle.atelier_key, [])
        for person in facilitators:
            outbox.enqueue(
                key=f"cycle-phase-summary:{phase.pk}:{person.pk}",
                kind="cycle-phase-summary",
                recipient=person.email,
                language=_language(person),
                context={"phase": phase.pk},
            )
    return reminded


def _language(user):
    from django.conf import settings

    profile = getattr(user, "profile", None)  # a missing profile raises an AttributeError subclass
    return getattr(profile, "language", "") or settings.LANGUAGE_CODE
