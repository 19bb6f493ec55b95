"""Sample data for the admin's preview of every kind of email (Settings > Email previews).
Made of unsaved objects and example addresses only: no real person's data is shown. A kind that
registers its own ``sample`` with the outbox uses that; the others are sampled here, since this
component already knows the components whose emails it shows."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from leeratelier.core import outbox

SITE = "https://leeratelier.example.org"


def _person():
    return get_user_model()(first_name="Femke", last_name="de Vries", email="femke@example.org", username="femke")


def _atelier():
    from leeratelier.ateliers.models import AtelierPage

    return AtelierPage(title="Leeratelier Impact", visibility=AtelierPage.Visibility.PUBLIC)


def _meeting_context():
    from leeratelier.ateliers.models import ExpertMeetingPage, Registration

    start = (timezone.now() + timedelta(days=14)).replace(hour=15, minute=0, second=0, microsecond=0)
    meeting = ExpertMeetingPage(
        title="Narratief verantwoorden in de praktijk",
        start=start,
        end=start + timedelta(hours=2),
        venue="Zuyd Hogeschool, Nieuw Eyckholt 300, Heerlen",
        online_url="",
    )
    registration = Registration(user=_person(), status=Registration.Status.CONFIRMED, language="nl")
    return {
        "registration": registration,
        "meeting": meeting,
        "atelier": _atelier(),
        "private": False,
        "meeting_url": f"{SITE}/nl/ateliers/leeratelier-impact/narratief-verantwoorden/",
        "confirm_url": f"{SITE}/nl/meeting/guest/confirm/voorbeeld/",
    }


def _membership_context():
    from leeratelier.ateliers.models import Membership

    membership = Membership(
        user=_person(), motivation="Ik werk als buurtcoach in Heerlen.", status=Membership.Status.REQUESTED
    )
    return {
        "membership": membership,
        "atelier": _atelier(),
        "approved": True,
        "atelier_url": f"{SITE}/nl/ateliers/leeratelier-impact/",
        "members_url": f"{SITE}/nl/atelier/1/members/",
    }


def _account(extra):
    return lambda: {"user": _person(), **extra}


def _submission_context():
    from leeratelier.pioneers.models import PracticeSubmission

    return {
        "submission": PracticeSubmission(contact_name="Jan Jansen"),
        "name": "Jan Jansen",
        "title": "Buurtkamer De Schakel",
        "verify_url": f"{SITE}/nl/practices/verify/voorbeeld/",
        "manage_url": f"{SITE}/nl/practices/manage/voorbeeld/",
        "page_url": f"{SITE}/nl/praktijken/buurtkamer/",
        "retention_days": 30,
        "reason": "Voeg nog een korte beschrijving van de aanpak toe.",
    }


def _phase_context():
    from cycles.models import CycleTemplateStep, Phase

    step = CycleTemplateStep(key="plan", name_nl="Plannen", name_en="Plan")
    return {
        "phase": Phase(kind=step.key, step=step),
        "phase_name": step.name,
        "loop_number": 1,
        "ends_on": timezone.localdate() + timedelta(days=3),
        "atelier": _atelier(),
        "phase_url": f"{SITE}/nl/phase/1/",
        "participant_count": 8,
        "contributor_count": 5,
    }


def _welcome_context():
    return {
        **_membership_context(),
        "profile_url": f"{SITE}/nl/accounts/profile/",
        "library_url": f"{SITE}/nl/atelier/1/cases/",
        "my_page_url": f"{SITE}/nl/my/",
    }


def _moderation_context(hidden=True):
    from leeratelier.cases.moderation import label_of

    return lambda: {
        "atelier": "Leeratelier Impact",
        "kind_label": label_of("case"),
        "hidden": hidden,
        "url": f"{SITE}/nl/case/1/",
    }


SAMPLES = {
    "meeting-registration-confirmed": _meeting_context,
    "meeting-waitlisted": _meeting_context,
    "meeting-waitlist-promoted": _meeting_context,
    "meeting-reminder": _meeting_context,
    "meeting-guest-confirm": _meeting_context,
    "meeting-changed": lambda: {**_meeting_context(), "change": "moved", "guest_url": ""},
    "meeting-report-published": _meeting_context,
    "atelier-welcome": _welcome_context,
    "moderation-post-hidden": _moderation_context(),
    "moderation-report-outcome": _moderation_context(hidden=True),
    "atelier-join-request": _membership_context,
    "atelier-invitation": lambda: {
        "atelier": _atelier(),
        "accept_url": f"{SITE}/nl/invitation/voorbeeld/",
        "valid_days": 14,
    },
    "atelier-last-coordinator-left": lambda: {"atelier": _atelier(), "members_url": f"{SITE}/nl/atelier/1/members/"},
    "account-email-confirmation": _account(
        {"address": "femke@example.org", "signup": True, "confirm_url": f"{SITE}/nl/accounts/confirm-email/voorbeeld/"}
    ),
    "account-password-reset": _account(
        {
            "reset_url": f"{SITE}/nl/accounts/password/reset/key/voorbeeld/",
            "valid_days": 3,
            "new_request_url": f"{SITE}/nl/accounts/password/reset/",
        }
    ),
    "account-already-exists": _account(
        {
            "login_url": f"{SITE}/nl/accounts/login/",
            "signup_url": f"{SITE}/nl/accounts/signup/",
            "reset_url": f"{SITE}/nl/accounts/password/reset/",
        }
    ),
    "account-unknown": _account(
        {
            "login_url": f"{SITE}/nl/accounts/login/",
            "signup_url": f"{SITE}/nl/accounts/signup/",
            "reset_url": f"{SITE}/nl/accounts/password/reset/",
        }
    ),
    "account-data-export-ready": _account(
        {
            "download_url": f"{SITE}/nl/accounts/profile/my-data/voorbeeld/",
            "expires_at": timezone.now() + timedelta(days=7),
            "valid_days": 7,
            "profile_url": f"{SITE}/nl/accounts/profile/",
        }
    ),
    "practice-verify": _submission_context,
    "practice-received": _submission_context,
    "practice-approved": _submission_context,
    "practice-rejected": _submission_context,
    "cycle-phase-summary": _phase_context,
}


def sample_context(name, language="nl"):
    """The sample context of a kind of email, or None when there is none."""
    from leeratelier.core.models import OutboxEmail

    kind = outbox.get_kind(name)
    builder = kind.sample or SAMPLES.get(name)
    if builder is None:
        return None
    email = OutboxEmail(key=f"preview:{name}", kind=name, recipient="femke@example.org", language=language)
    with translation.override(language):
        return {"email": email, **builder()}


def previews(language):
    """[(name, subject, text, html or None, error)] for every registered kind of email."""
    rows = []
    for name in outbox.kinds():
        context = sample_context(name, language)
        if context is None:
            rows.append((name, "", "", None, "no sample"))
            continue
        subject, text, html = outbox.render_parts(name, context, language)
        rows.append((name, subject, text, html, ""))
    return rows
