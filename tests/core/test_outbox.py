"""The email outbox (leeratelier.core.outbox): an email goes out if and only if its event was
committed, exactly once, in the recipient's language, with retries when the mail server refuses."""

import datetime
import threading
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Schedule, Task

from leeratelier.core import outbox, tasks
from leeratelier.core.models import Municipality, OutboxEmail, Track

KIND = "test-notice"
TEST_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server said no")


class SessionCountingBackend(LocmemBackend):
    """The in-memory backend, counting the mail-server sessions it opens."""

    opened = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = None

    def open(self):
        if self.session is None:
            self.session = object()
            SessionCountingBackend.opened += 1
            return True
        return False

    def close(self):
        self.session = None


def settings_stale():
    from django.conf import settings

    return settings.OUTBOX_STALE_AFTER


class SlowLocmemBackend(LocmemBackend):
    """The in-memory backend, slow enough that two concurrent senders overlap."""

    def send_messages(self, messages):
        time.sleep(0.005)
        return super().send_messages(messages)


def build_notice_context(email):
    """Like a real kind: the row holds an id, the text comes from the database at send time."""
    return {
        "municipality": Municipality.objects.get(pk=email.context["municipality_id"]),
        "track": Track.MEANING,
        "date": datetime.date(2026, 1, 12),
    }


@pytest.fixture
def notice_kind(settings):
    """A kind of email with small templates in tests/templates/emails/test-notice/."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}]
    settings.WAGTAILADMIN_BASE_URL = "https://leeratelier.example.org"
    kind = outbox.register_kind(KIND, build_context=build_notice_context)
    yield kind
    outbox._kinds.pop(KIND, None)


@pytest.fixture
def utrecht(db):
    return Municipality.objects.get(name="Utrecht")


def queue(municipality, recipient="alice@example.org", language="nl", event=1):
    return outbox.enqueue(
        key=f"test-notice:{event}:{recipient}",
        kind=KIND,
        recipient=recipient,
        language=language,
        context={"municipality_id": municipality.pk},
    )


@pytest.mark.django_db
class TestEnqueue:
    def test_same_event_queues_one_email(self, notice_kind, utrecht, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks() as callbacks:
            first = queue(utrecht)
            second = queue(utrecht)
        assert first.pk == second.pk
        assert OutboxEmail.objects.count() == 1
        assert len(callbacks) == 1  # one request to send, not two

    def test_other_recipients_and_events_queue_their_own(self, notice_kind, utrecht):
        queue(utrecht, "alice@example.org", event=1)
        queue(utrecht, "bob@example.org", event=1)
        queue(utrecht, "alice@example.org", event=2)
        assert OutboxEmail.objects.count() == 3

    def test_the_row_holds_ids_and_waits(self, notice_kind, utrecht):
        email = queue(utrecht, language="en")
        email.refresh_from_db()
        assert email.kind == KIND
        assert email.context == {"municipality_id": utrecht.pk}
        assert email.language == "en"
        assert email.status == OutboxEmail.Status.PENDING
        assert email.attempts == 0
        assert email.next_attempt_at <= timezone.now()

    def test_no_language_means_the_site_language(self, notice_kind, utrecht):
        assert queue(utrecht, language=None).language == "nl"

    def test_unknown_kind_raises_and_queues_nothing(self, notice_kind):
        with pytest.raises(LookupError, match="no-such-kind"):
            outbox.enqueue(key="x:1:a@example.org", kind="no-such-kind", recipient="a@example.org", language="nl")
        assert not OutboxEmail.objects.exists()

    def test_a_rolled_back_event_queues_nothing(self, notice_kind, utrecht, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks() as callbacks:
            with pytest.raises(RuntimeError):
                with transaction.atomic():
                    queue(utrecht)
                    raise RuntimeError("the event failed")
        assert not OutboxEmail.objects.exists()
        assert callbacks == []


@pytest.mark.django_db
class TestSending:
    def test_sends_a_due_email_once(self, notice_kind, utrecht):
        queue(utrecht)
        assert outbox.send_pending() == {"sent": 1, "failed": 0}
        assert outbox.send_pending() == {"sent": 0, "failed": 0}
        assert len(mail.outbox) == 1
        email = OutboxEmail.objects.get()
        assert email.status == OutboxEmail.Status.SENT
        assert email.sent_at is not None
        assert email.attempts == 1
        assert mail.outbox[0].to == ["alice@example.org"]

    def test_enqueue_twice_send_twice_one_message(self, notice_kind, utrecht):
        queue(utrecht)
        outbox.send_pending()
        queue(utrecht)  # the same event saved again after it was sent
        outbox.send_pending()
        assert len(mail.outbox) == 1

    @pytest.mark.parametrize(
        "language, subject, date, yes",
        [
            ("nl", "[nl] Betekenisgeving in Utrecht", "Date: 12 januari 2026", "Ja"),
            ("en", "[en] Meaning-making in Utrecht", "Date: 12 January 2026", "Yes"),
        ],
    )
    def test_rendered_in_the_rows_language(self, notice_kind, utrecht, language, subject, date, yes):
        queue(utrecht, language=language)
        outbox.send_pending()
        message = mail.outbox[0]
        assert message.subject == subject
        assert f"Language: {language}\n" in message.body
        assert date in message.body
        assert f"\n{yes}\n" in message.body
        assert "https://leeratelier.example.org" in message.body

    def test_text_comes_from_the_database_at_send_time(self, notice_kind, utrecht):
        queue(utrecht)
        Municipality.objects.filter(pk=utrecht.pk).update(name="Utrecht (stad)")
        outbox.send_pending()
        assert mail.outbox[0].subject == "[nl] Betekenisgeving in Utrecht (stad)"

    def test_the_sender_is_the_site_address(self, notice_kind, utrecht, settings):
        settings.DEFAULT_FROM_EMAIL = "Leeratelier <noreply@leeratelier.example.org>"
        queue(utrecht)
        outbox.send_pending()
        assert mail.outbox[0].from_email == "Leeratelier <noreply@leeratelier.example.org>"

    def test_not_due_yet_waits(self, notice_kind, utrecht):
        email = queue(utrecht)
        later = timezone.now() + datetime.timedelta(minutes=5)
        OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=later)
        assert outbox.send_pending() == {"sent": 0, "failed": 0}
        assert outbox.send_pending(now=later) == {"sent": 1, "failed": 0}

    def test_one_run_sends_at_most_a_batch(self, notice_kind, utrecht, settings):
        settings.OUTBOX_BATCH_SIZE = 2
        for n in range(3):
            queue(utrecht, f"person{n}@example.org")
        assert outbox.send_pending() == {"sent": 2, "failed": 0}
        assert outbox.send_pending() == {"sent": 1, "failed": 0}

    def test_a_row_a_live_worker_holds_is_not_sent_again(self, notice_kind, utrecht):
        email = queue(utrecht)
        now = timezone.now()
        OutboxEmail.objects.filter(pk=email.pk).update(status=OutboxEmail.Status.SENDING, attempts=1, claimed_at=now)
        assert outbox.send_pending(now=now + settings_stale() - datetime.timedelta(seconds=1)) == {
            "sent": 0,
            "failed": 0,
        }
        assert mail.outbox == []

    def test_a_row_a_dead_worker_held_is_sent_with_the_same_message_id(self, notice_kind, utrecht):
        # The worker was killed after claiming (and perhaps after the server accepted): once the
        # claim is stale the row is sent (again), as the same message.
        email = queue(utrecht)
        first_id = outbox.render(email).extra_headers["Message-ID"]
        now = timezone.now()
        OutboxEmail.objects.filter(pk=email.pk).update(status=OutboxEmail.Status.SENDING, attempts=1, claimed_at=now)
        later = now + settings_stale() + datetime.timedelta(seconds=1)
        assert outbox.send_pending(now=later) == {"sent": 1, "failed": 0}
        assert outbox.send_pending(now=later) == {"sent": 0, "failed": 0}
        assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [first_id]
        email.refresh_from_db()
        assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 2)

    def test_a_row_that_kills_every_worker_is_given_up(self, notice_kind, utrecht, settings):
        email = queue(utrecht)
        now = timezone.now()
        OutboxEmail.objects.filter(pk=email.pk).update(
            status=OutboxEmail.Status.SENDING, attempts=settings.OUTBOX_MAX_ATTEMPTS, claimed_at=now
        )
        assert outbox.send_pending(now=now + settings_stale() * 2) == {"sent": 0, "failed": 0}
        email.refresh_from_db()
        assert email.status == OutboxEmail.Status.FAILED
        assert mail.outbox == []

    def test_the_message_id_is_stable_and_unique_per_row(self, notice_kind, utrecht):
        one, other = queue(utrecht), queue(utrecht, "bob@example.org")
        ids = [outbox.render(email).extra_headers["Message-ID"] for email in (one, one, other)]
        assert ids[0] == ids[1] != ids[2]
        assert ids[0].startswith(f"<outbox.{one.pk}.") and ids[0].endswith("@leeratelier.example.org>")
        outbox.send_pending()
        assert ids[0] in mail.outbox[0].message().as_string()

    def test_one_mail_server_session_per_run(self, notice_kind, utrecht, settings):
        settings.EMAIL_BACKEND = "tests.core.test_outbox.SessionCountingBackend"
        SessionCountingBackend.opened = 0
        for n in range(3):
            queue(utrecht, f"person{n}@example.org")
        assert outbox.send_pending() == {"sent": 3, "failed": 0}
        assert SessionCountingBackend.opened == 1
        assert len(mail.outbox) == 3

    def test_the_scheduled_task_sends(self, notice_kind, utrecht):
        queue(utrecht)
        assert tasks.send_outbox() == {"sent": 1, "failed": 0}
        assert len(mail.outbox) == 1


@pytest.mark.django_db
class TestRetries:
    def test_refused_send_is_retried_after_the_backoff_and_not_before(self, notice_kind, utrecht, settings):
        settings.EMAIL_BACKEND = "tests.core.test_outbox.RefusingBackend"
        email = queue(utrecht)
        start = timezone.now()

        assert outbox.send_pending(now=start) == {"sent": 0, "failed": 1}
        email.refresh_from_db()
        assert email.status == OutboxEmail.Status.PENDING
        assert email.attempts == 1
        assert email.next_attempt_at == start + datetime.timedelta(minutes=1)
        assert email.last_error == "ConnectionRefusedError: the mail server said no"

        # Before the backoff: not touched.
        assert outbox.send_pending(now=start + datetime.timedelta(seconds=59)) == {"sent": 0, "failed": 0}
        email.refresh_from_db()
        assert email.attempts == 1

        # After it: tried again, and the next wait doubles.
        retry = start + datetime.timedelta(minutes=1)
        assert outbox.send_pending(now=retry) == {"sent": 0, "failed": 1}
        email.refresh_from_db()
        assert email.attempts == 2
        assert email.next_attempt_at == retry + datetime.timedelta(minutes=2)

    def test_marked_failed_after_the_last_attempt(self, notice_kind, utrecht, settings):
        settings.EMAIL_BACKEND = "tests.core.test_outbox.RefusingBackend"
        email = queue(utrecht)
        now = timezone.now()
        for attempt in range(1, settings.OUTBOX_MAX_ATTEMPTS + 1):
            assert outbox.send_pending(now=now) == {"sent": 0, "failed": 1}, attempt
            email.refresh_from_db()
            assert email.attempts == attempt
            last = attempt == settings.OUTBOX_MAX_ATTEMPTS
            assert email.status == (OutboxEmail.Status.FAILED if last else OutboxEmail.Status.PENDING)
            now = email.next_attempt_at
        # Given up: never tried again.
        assert outbox.send_pending(now=now + datetime.timedelta(days=30)) == {"sent": 0, "failed": 0}
        email.refresh_from_db()
        assert email.attempts == settings.OUTBOX_MAX_ATTEMPTS
        assert email.sent_at is None

    def test_sent_on_retry_when_the_server_accepts_again(self, notice_kind, utrecht, settings):
        settings.EMAIL_BACKEND = "tests.core.test_outbox.RefusingBackend"
        queue(utrecht)
        start = timezone.now()
        outbox.send_pending(now=start)
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert outbox.send_pending(now=start + datetime.timedelta(minutes=1)) == {"sent": 1, "failed": 0}
        email = OutboxEmail.objects.get()
        assert email.status == OutboxEmail.Status.SENT
        assert email.attempts == 2
        assert email.last_error == ""
        assert len(mail.outbox) == 1

    def test_a_rendering_error_counts_as_a_refusal(self, notice_kind, utrecht):
        email = queue(utrecht)
        OutboxEmail.objects.filter(pk=email.pk).update(context={"municipality_id": 0})
        assert outbox.send_pending() == {"sent": 0, "failed": 1}
        email.refresh_from_db()
        assert email.status == OutboxEmail.Status.PENDING
        assert email.last_error.startswith("DoesNotExist")

    def test_backoff_doubles_up_to_a_day(self):
        assert [outbox.backoff(n).total_seconds() / 60 for n in range(1, 6)] == [1, 2, 4, 8, 16]
        assert outbox.backoff(30) == datetime.timedelta(days=1)


@pytest.mark.django_db
class TestBackgroundJob:
    def test_commit_triggers_sending_through_django_q(self, notice_kind, utrecht, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            queue(utrecht)
            assert mail.outbox == []  # nothing leaves before the commit
        assert len(mail.outbox) == 1
        assert OutboxEmail.objects.get().status == OutboxEmail.Status.SENT
        task = Task.objects.get(name="send-outbox-now")
        assert task.func == outbox.SEND_TASK
        assert task.success

    def test_the_migration_schedules_the_job(self):
        schedule = Schedule.objects.get(name="send-outbox")
        assert schedule.func == "leeratelier.core.tasks.send_outbox"
        assert import_string(schedule.func) is tasks.send_outbox
        assert import_string(outbox.SEND_TASK) is tasks.send_outbox
        assert schedule.schedule_type == Schedule.MINUTES
        assert schedule.minutes == 1
        assert schedule.repeats == -1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_senders_send_each_email_once(notice_kind, settings):
    settings.EMAIL_BACKEND = "tests.core.test_outbox.SlowLocmemBackend"
    # get_or_create: an earlier transactional test may have flushed the migration's data.
    utrecht = Municipality.objects.get_or_create(name="Utrecht")[0]
    recipients = [f"person{n}@example.org" for n in range(40)]
    # Written directly, not with enqueue: outside a test transaction, enqueue's on_commit
    # hook would send each email at once.
    OutboxEmail.objects.bulk_create(
        OutboxEmail(
            key=f"test-notice:1:{recipient}",
            kind=KIND,
            recipient=recipient,
            language="nl",
            context={"municipality_id": utrecht.pk},
        )
        for recipient in recipients
    )
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait(timeout=10)
            results.append(outbox.send_pending())
        except Exception as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(result["sent"] for result in results) == len(recipients)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(recipients)
    assert set(OutboxEmail.objects.values_list("status", "attempts")) == {(OutboxEmail.Status.SENT, 1)}
