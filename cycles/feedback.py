"""What a published report sends back: feedback to the storytellers (terugkoppeling, "a
crucial part" that often had no time, magazine chapter 3) and the sign-off by the commissioning
party (as in Hilversum, where narrative accountability was agreed with the auditor).

- ``tell_storytellers(report)``: when a report is published, each person whose story or
  contribution it uses is told once, in their language, with a link to the part that uses it and
  a link to withdraw their consent. An outside participant has no account: the facilitator who
  recorded their story is told instead, to pass it on.
- ``ask_sign_off`` / ``record_sign_off``: a signed link per person; a changed report (a story
  withdrawn after publication) asks again and the old link records nothing.

Links are signed (django.core.signing) with a salt per purpose; emails hold ids only.
"""

import hashlib
import json
import secrets

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leeratelier.core import outbox

from . import reports
from .models import Activity, Contribution, NarrativeReport, ReportSignOff

WITHDRAW_SALT = "cycles.story-withdraw"
WITHDRAW_MAX_AGE = 365 * 24 * 3600  # a year: a storyteller may read the email late
SIGN_OFF_SALT = "cycles.report-sign-off"
SIGN_OFF_MAX_AGE = 60 * 24 * 3600


class LinkInvalid(Exception):
    """A forged, expired or outdated link: the message says which, nothing is recorded."""


def _language(user):
    from leeratelier.ateliers.services import preferred_language

    return preferred_language(user)


def story_anchor(ref):
    """The id of a story in the report page (``reports.for_display`` gives each story this)."""
    return "story-" + ref.replace(":", "-")


# --- feedback to storytellers ------------------------------------------------------------------


def withdraw_token(contribution):
    return signing.TimestampSigner(salt=WITHDRAW_SALT).sign(str(contribution.pk))


def contribution_from_token(token):
    try:
        pk = int(signing.TimestampSigner(salt=WITHDRAW_SALT).unsign(token, max_age=WITHDRAW_MAX_AGE))
    except signing.SignatureExpired:
        raise LinkInvalid(_("This link has expired. Ask the facilitator of the cycle.")) from None
    except (signing.BadSignature, ValueError):
        raise LinkInvalid(_("This link is not valid. Use the link from the email as it was sent.")) from None
    contribution = Contribution.objects.select_related("cycle", "participant").filter(pk=pk).first()
    if contribution is None:
        raise LinkInvalid(_("This story no longer exists."))
    return contribution


def tell_storytellers(report):
    """Queue one email per storyteller of the published report (idempotent: keyed by report and
    person). Runs inside the publishing transaction."""
    refs = [story["ref"] for story in report.snapshot["stories"]]
    ids = [int(ref.partition(":")[2]) for ref in refs if ref.startswith("contribution:")]
    by_person = {}
    for contribution in Contribution.objects.filter(pk__in=ids).select_related(
        "participant__user__profile", "recorded_by__profile", "cycle__facilitator"
    ):
        participant = contribution.participant
        if participant is None:
            continue
        # An outside participant has no email address here: whoever recorded the story tells them.
        person = participant.user or contribution.recorded_by or contribution.cycle.facilitator
        if person is None or not person.email:
            continue
        entry = by_person.setdefault(person.pk, {"person": person, "own": [], "recorded": []})
        entry["own" if participant.user_id else "recorded"].append(contribution.pk)
    from leeratelier.cases.models import Case

    case_ids = [int(ref.partition(":")[2]) for ref in refs if ref.startswith("case:")]
    for case in Case.objects.filter(pk__in=case_ids).select_related("author__profile"):
        if case.author_id and case.author.email:
            by_person.setdefault(case.author_id, {"person": case.author, "own": [], "recorded": []})
            by_person[case.author_id].setdefault("cases", []).append(case.pk)
    for entry in by_person.values():
        person = entry["person"]
        outbox.enqueue(
            key=f"report-story-used:{report.pk}:{person.pk}",
            kind="report-story-used",
            recipient=person.email,
            language=_language(person),
            context={
                "report": report.pk,
                "own": entry["own"],
                "recorded": entry["recorded"],
                "cases": entry.get("cases", []),
            },
        )
    return len(by_person)


@transaction.atomic
def withdraw_by_link(contribution):
    """The storyteller withdraws consent from the email's link: the story drops out of every
    report the next time it is shown (page and PDF), and sign-offs are asked again."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if not contribution.shareable:
        return False
    contribution.shareable = False
    contribution.shareable_changed_at = timezone.now()
    contribution.save(update_fields=["shareable", "shareable_changed_at"])
    Activity.objects.create(
        cycle=contribution.cycle, actor=None, action=Activity.Action.CONSENT, phase=contribution.phase
    )
    ask_again_after_change(contribution)
    return True


# --- sign-off ---------------------------------------------------------------------------------


def fingerprint(report):
    """What a sign-off agrees to: the frozen snapshot without the stories withdrawn since."""
    content = report.snapshot or {}
    allowed = reports.still_shareable(content.get("stories", []))
    shown = {**content, "stories": [s["ref"] for s in content.get("stories", []) if s["ref"] in allowed]}
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def sign_off_token(sign_off, current):
    return signing.TimestampSigner(salt=SIGN_OFF_SALT).sign(f"{sign_off.pk}.{sign_off.secret}.{current}")


def _request_email(sign_off, current):
    outbox.enqueue(
        key=f"report-sign-off:{sign_off.pk}:{current}",
        kind="report-sign-off",
        recipient=sign_off.email,
        language=sign_off.language,
        context={"sign_off": sign_off.pk, "fingerprint": current, "again": bool(sign_off.decided_at)},
    )


@transaction.atomic
def ask_sign_off(report, by, *, name, role, email, language="nl"):
    if not report.is_published:
        raise LinkInvalid(_("Only a published report can be offered for sign-off."))
    current = fingerprint(report)
    sign_off = ReportSignOff.objects.create(
        report=report,
        name=name,
        role=role,
        email=email,
        language=language,
        secret=secrets.token_hex(16),
        asked_by=by,
        asked_fingerprint=current,
    )
    _request_email(sign_off, current)
    return sign_off


def sign_off_from_token(token):
    """(sign-off, fingerprint the link was made for), or LinkInvalid."""
    try:
        value = signing.TimestampSigner(salt=SIGN_OFF_SALT).unsign(token, max_age=SIGN_OFF_MAX_AGE)
        pk, secret, asked = value.split(".")
        sign_off = ReportSignOff.objects.select_related("report").get(pk=int(pk))
    except signing.SignatureExpired:
        raise LinkInvalid(_("This link has expired. Ask the atelier's coordinator for a new one.")) from None
    except (signing.BadSignature, ValueError, ReportSignOff.DoesNotExist):
        raise LinkInvalid(_("This link is not valid. Use the link from the email as it was sent.")) from None
    if not secrets.compare_digest(secret, sign_off.secret):
        raise LinkInvalid(_("This link is not valid. Use the link from the email as it was sent."))
    if not sign_off.report.is_published:
        raise LinkInvalid(_("This report has been withdrawn: there is nothing to sign off."))
    if asked != fingerprint(sign_off.report):
        raise LinkInvalid(_("The report has changed since this link was sent. You have been sent a new link."))
    return sign_off, asked


@transaction.atomic
def record_sign_off(token, *, decision, comment):
    sign_off, asked = sign_off_from_token(token)
    sign_off = ReportSignOff.objects.select_for_update().get(pk=sign_off.pk)
    if sign_off.decided_fingerprint == asked:
        raise LinkInvalid(_("You already signed off this version of the report. Thank you."))
    sign_off.decision, sign_off.comment = decision, comment
    sign_off.decided_at, sign_off.decided_fingerprint = timezone.now(), asked
    sign_off.save(update_fields=["decision", "comment", "decided_at", "decided_fingerprint"])
    return sign_off


def ask_again_after_change(contribution):
    """A story of a published report dropped out: everyone asked to sign off that report is
    asked again (a new link; the old one now records nothing)."""
    ref = f"contribution:{contribution.pk}"
    published = NarrativeReport.objects.filter(
        status=NarrativeReport.Status.PUBLISHED,
        atelier_key=contribution.cycle.atelier_key,
        sign_offs__isnull=False,
    ).distinct()
    for report in published:
        if not any(story["ref"] == ref for story in (report.snapshot or {}).get("stories", [])):
            continue
        current = fingerprint(report)
        for sign_off in report.sign_offs.all():
            _request_email(sign_off, current)
