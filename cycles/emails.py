"""The kinds of email the cycles app sends through the outbox. Builders load what the templates
need from the stored ids; a cycle is members-only material, so the emails name the atelier and
the kind of event and hold a link, never the learning question or a contribution."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from leeratelier.core.outbox import register_kind

from .models import Contribution, Participant, Phase


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _atelier(key, language):
    from leeratelier.ateliers.models import AtelierPage

    versions = list(AtelierPage.objects.filter(translation_key=key).select_related("locale").order_by("pk"))
    return next((page for page in versions if page.locale.language_code == language), versions[0] if versions else None)


def phase_context(email):
    phase = Phase.objects.select_related("cycle", "loop", "step").get(pk=email.context["phase"])
    with translation.override(email.language):
        phase_url = _absolute(reverse("cycles:phase", args=[phase.pk]))
        phase_name = phase.name
    participants = Participant.objects.filter(cycle=phase.cycle_id, user__isnull=False)
    contributors = Contribution.objects.filter(phase=phase).values("participant_id").distinct().count()
    return {
        "phase": phase, "phase_name": phase_name, "loop_number": phase.loop.number, "ends_on": phase.ends_on,
        "atelier": _atelier(phase.cycle.atelier_key, email.language), "phase_url": phase_url,
        "participant_count": participants.count(), "contributor_count": contributors,
    }


register_kind("cycle-phase-summary", phase_context)
