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
        atelier_key=atelier.translation_key, email=f"{age.days}@example.org",
        created_at=timezone.now() - age, accepted_by=accepted_by,
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
        exports.append(DataExport.objects.create(
            user=member, status=DataExport.Status.READY, file_name=f"exports/{name}", expires_at=timezone.now() + expires,
        ))
    privacy.run_retention()
    assert list(DataExport.objects.values_list("file_name", flat=True)) == ["exports/fresh.zip"]
    assert not (tmp_path / "exports" / "old.zip").exists() and (tmp_path / "exports" / "fresh.zip").exists()


def failed_task(name, age):
    stopped = timezone.now() - age
    return Task.objects.create(
        id=name, name=name, func="leeratelier.core.tasks.send_outbox", started=stopped, stopped=stopped, success=False,
    )


def test_failed_task_records_older_than_30_days_go(db):
    failed_task("old", 31 * DAY)
    failed_task("recent", 2 * DAY)
    Task.objects.create(id="ok", name="ok", func="x", started=timezone.now() - 90 * DAY, stopped=timezone.now() - 90 * DAY, success=True)
    privacy.run_retention()
    assert list(Failure.objects.values_list("name", flat=True)) == ["recent"]
    assert Task.objects.filter(name="ok").exists()  # successful ones are django-q2's own business (Q_CLUSTER save_limit)


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
