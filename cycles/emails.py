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
        "phase": phase,
        "phase_name": phase_name,
        "loop_number": phase.loop.number,
        "ends_on": phase.ends_on,
        "atelier": _atelier(phase.cycle.atelier_key, email.language),
        "phase_url": phase_url,
        "participant_count": participants.count(),
        "contributor_count": contributors,
    }


register_kind("cycle-phase-summary", phase_context)


# --- what a published report sends back -----------------------------------------------------------


def _report_url(report, language, anchor=""):
    with translation.override(language):
        path = reverse("cycles:report", args=[report.pk])
    return _absolute(path) + (f"#{anchor}" if anchor else "")


def _withdraw_url(contribution, language):
    from .feedback import withdraw_token

    with translation.override(language):
        return _absolute(reverse("cycles:withdraw_story", args=[withdraw_token(contribution)]))


def story_used_context(email):
    """For the storyteller: per story of theirs a link to where the report uses it and one to
    withdraw their consent; for a facilitator the same for the outside participants' stories they
    recorded; for a case author, the link to the case's lesson in the report."""
    from .feedback import story_anchor
    from .models import NarrativeReport

    report = NarrativeReport.objects.get(pk=email.context["report"])
    language = email.language
    contributions = {
        c.pk: c
        for c in Contribution.objects.filter(pk__in=email.context["own"] + email.context["recorded"]).select_related(
            "participant"
        )
    }

    def links(ids):
        return [
            {
                "name": contributions[pk].participant.display_name if contributions[pk].participant else "",
                "url": _report_url(report, language, story_anchor(f"contribution:{pk}")),
                "withdraw_url": _withdraw_url(contributions[pk], language),
            }
            for pk in ids
            if pk in contributions
        ]

    return {
        "report": report,
        "atelier": _atelier(report.atelier_key, language),
        "own": links(email.context["own"]),
        "recorded": links(email.context["recorded"]),
        "cases": [_report_url(report, language, story_anchor(f"case:{pk}")) for pk in email.context.get("cases", [])],
    }


def sign_off_context(email):
    """For someone of the commissioning party: who asks, which report, the signed link. A hidden
    atelier is named only when its coordinator chose so when publishing."""
    from .models import ReportSignOff

    sign_off = ReportSignOff.objects.select_related("report", "asked_by").get(pk=email.context["sign_off"])
    report = sign_off.report
    atelier = _atelier(report.atelier_key, email.language)
    if atelier is not None and atelier.is_hidden and not report.names_atelier:
        atelier = None
    from .feedback import sign_off_token

    with translation.override(email.language):
        url = _absolute(reverse("cycles:sign_off", args=[sign_off_token(sign_off, email.context["fingerprint"])]))
    asker = sign_off.asked_by.get_full_name() if sign_off.asked_by else ""
    return {
        "sign_off": sign_off,
        "report": report,
        "atelier": atelier,
        "sign_off_url": url,
        "asker": asker,
        "again": email.context.get("again", False),
    }


def _sample_report():
    from datetime import date

    from .models import NarrativeReport

    return NarrativeReport(
        pk=1, title="Verantwoording voorjaar", period_start=date(2026, 3, 1), period_end=date(2026, 6, 30)
    )


def _sample_story_used():
    site = "https://leeratelier.example.nl"
    return {
        "report": _sample_report(),
        "atelier": None,
        "own": [
            {
                "name": "",
                "url": f"{site}/nl/report/1/#story-contribution-1",
                "withdraw_url": f"{site}/nl/story/voorbeeld/withdraw/",
            }
        ],
        "recorded": [],
        "cases": [],
    }


def _sample_sign_off():
    from .models import ReportSignOff

    return {
        "sign_off": ReportSignOff(name="Esther de Vries", role="beleidsmedewerker Wmo"),
        "report": _sample_report(),
        "atelier": None,
        "sign_off_url": "https://leeratelier.example.nl/nl/sign-off/voorbeeld/",
        "asker": "Gideon Bakker",
        "again": False,
    }


register_kind("report-story-used", story_used_context, sample=_sample_story_used)
register_kind("report-sign-off", sign_off_context, sample=_sample_sign_off)
