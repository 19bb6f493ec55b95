"""The daily retention job: expired invitations, expired data exports and old failed-task
records go after their keeping time; other apps add their own purgers; the job is scheduled."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.utils import timezone
from django_q.models import Failure, Schedule, Task

from leeratelier.accounts.models import DataExport
from leeratelier.ateliers.models import Invitation
from leeratelier.ateliers.tokens import INVITATION_MAX_AGE
from leeratelier.core import privacy
from leeratelier.core.models import AuditEvent

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def invitation(atelier, age, accepted_by=None):
    return Invitation.objects.create(
        atelier_key=atelier.translation_key,
        email=f"{age.days}@example.org",
        created_at=timezone.now() - age,
        accepted_by=accepted_by,
        accepted_at=timezone.now() - age + DAY if accepted_by else None,
    )


def test_invitations_go_30_days_after_their_link_expired(public_atelier, member):
    link_life = timedelta(seconds=INVITATION_MAX_AGE)
    old = invitation(public_atelier, link_life + 31 * DAY)
    recently_expired = invitation(public_atelier, link_life + 29 * DAY)
    open_one = invitation(public_atelier, 3 * DAY)
    accepted = invitation(public_atelier, link_life + 60 * DAY, accepted_by=member)
    results = privacy.run_retention()
    assert results["expired-invitations"] == 1
    assert set(Invitation.objects.values_list("pk", flat=True)) == {recently_expired.pk, open_one.pk, accepted.pk}
    assert old.email not in str(AuditEvent.objects.values_list("details", flat=True))


def test_expired_exports_go_with_their_file(member, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    (tmp_path / "exports").mkdir()
    exports = []
    for name, expires in (("old.zip", -DAY), ("fresh.zip", DAY)):
        (tmp_path / "exports" / name).write_bytes(b"PK")
        exports.append(
            DataExport.objects.create(
                user=member,
                status=DataExport.Status.READY,
                file_name=f"exports/{name}",
                expires_at=timezone.now() + expires,
            )
        )
    privacy.run_retention()
    assert list(DataExport.objects.values_list("file_name", flat=True)) == ["exports/fresh.zip"]
    assert not (tmp_path / "exports" / "old.zip").exists() and (tmp_path / "exports" / "fresh.zip").exists()


def failed_task(name, age):
    stopped = timezone.now() - age
    return Task.objects.create(
        id=name,
        name=name,
        func="leeratelier.core.tasks.send_outbox",
        started=stopped,
        stopped=stopped,
        success=False,
    )


def test_failed_task_records_older_than_30_days_go(db):
    failed_task("old", 31 * DAY)
    failed_task("recent", 2 * DAY)
    Task.objects.create(
        id="ok", name="ok", func="x", started=timezone.now() - 90 * DAY, stopped=timezone.now() - 90 * DAY, success=True
    )
    privacy.run_retention()
    assert list(Failure.objects.values_list("name", flat=True)) == ["recent"]
    assert Task.objects.filter(
        name="ok"
    ).exists()  # successful ones are django-q2's own business (Q_CLUSTER save_limit)


def test_other_apps_add_purgers_and_one_failing_does_not_stop_the_rest(public_atelier):
    calls = []
    privacy.register_purger("test-pioneers", lambda now: calls.append(now) or 2)
    privacy.register_purger("test-broken", lambda now: 1 / 0)
    old = invitation(public_atelier, timedelta(seconds=INVITATION_MAX_AGE) + 40 * DAY)
    try:
        results = privacy.run_retention()
    finally:
        privacy._purgers.pop("test-pioneers")
        privacy._purgers.pop("test-broken")
    assert len(calls) == 1 and results["test-pioneers"] == 2 and results["test-broken"] == "error"
    assert not Invitation.objects.filter(pk=old.pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.RETENTION_PURGE)
    assert event.actor is None
    assert event.details == {"test-pioneers": 2, "expired-invitations": 1, "test-broken": "error"}


def test_the_job_is_scheduled_daily(db):
    schedule = Schedule.objects.get(name="privacy-retention")
    assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1
    module, function = schedule.func.rsplit(".", 1)
    assert getattr(import_module(module), function) is privacy.run_retention


# --- guests and sent emails -----------------------------------------------------------------------


def meeting_ended(meeting, days_ago):
    end = timezone.now() - timedelta(days=days_ago)
    type(meeting).objects.filter(pk=meeting.pk).update(start=end - timedelta(hours=2), end=end)


def test_a_guest_registration_is_erased_91_days_after_the_meeting(public_meeting, member):
    from leeratelier.ateliers.factories import RegistrationFactory
    from leeratelier.ateliers.models import Registration

    guest = RegistrationFactory(
        meeting=public_meeting, user=None, guest_name="Gast Een", guest_email="gast@example.org"
    )
    members_own = RegistrationFactory(meeting=public_meeting, user=member)
    meeting_ended(public_meeting, 89)
    assert privacy.run_retention()["guest-registrations"] == 0
    assert Registration.objects.filter(pk=guest.pk).exists()

    meeting_ended(public_meeting, 91)
    results = privacy.run_retention()
    assert results["guest-registrations"] == 1
    assert not Registration.objects.filter(pk=guest.pk).exists()
    assert not Registration.objects.filter(guest_email="gast@example.org").exists()
    assert Registration.objects.filter(pk=members_own.pk).exists()  # a member's own stays with their account
    assert "gast@example.org" not in str(AuditEvent.objects.values_list("details", flat=True))


def test_a_guest_of_a_deleted_meeting_goes_too(public_meeting):
    import uuid

    from leeratelier.ateliers.models import Registration

    orphan = Registration.objects.create(
        meeting_key=uuid.uuid4(),
        guest_name="Gast",
        guest_email="weg@example.org",
        status=Registration.Status.CONFIRMED,
        created_at=timezone.now() - 91 * DAY,
    )
    assert privacy.run_retention()["guest-registrations"] == 1
    assert not Registration.objects.filter(pk=orphan.pk).exists()


def test_a_sent_email_loses_its_address_after_30_days(db):
    from leeratelier.core.models import OutboxEmail

    def sent(name, days_ago, status=OutboxEmail.Status.SENT):
        return OutboxEmail.objects.create(
            key=f"registration-confirmed:1:{name}@example.org",
            kind="registration-confirmed",
            recipient=f"{name}@example.org",
            language="nl",
            status=status,
            sent_at=timezone.now() - timedelta(days=days_ago) if status == OutboxEmail.Status.SENT else None,
        )

    old, recent, pending = sent("oud", 31), sent("recent", 29), sent("wacht", 0, OutboxEmail.Status.PENDING)
    assert privacy.run_retention()["sent-email-addresses"] == 1
    old.refresh_from_db()
    assert old.recipient == "" and "oud@example.org" not in old.key and old.key.startswith("forgotten:")
    assert old.status == OutboxEmail.Status.SENT and old.kind == "registration-confirmed"  # the row stays
    recent.refresh_from_db()
    pending.refresh_from_db()
    assert recent.recipient == "recent@example.org" and pending.recipient == "wacht@example.org"
    assert privacy.run_retention()["sent-email-addresses"] == 0  # once
