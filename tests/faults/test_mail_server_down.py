"""Fault: the mail server is down or refuses. Django's real SMTP backend talks to a real local
SMTP server (tests/faults/smtpsink.py) or to a port where nothing listens. While mail cannot be
delivered the outbox keeps every email and retries it with growing waits (1, 2, 4, 8 ...
minutes); once the server accepts again each email goes out exactly once.

Time is passed to ``send_pending(now=...)`` instead of waited for, so the retry schedule of
half an hour runs in a second."""

from datetime import timedelta

import pytest
from django.utils import timezone

from leeratelier.ateliers import services
from leeratelier.ateliers.factories import ExpertMeetingPageFactory, MembershipFactory
from leeratelier.core import outbox
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import OutboxEmail

from .smtpsink import SMTPSink, free_port

PEOPLE = 12


@pytest.fixture
def smtp(settings):
    """Django's SMTP backend pointed at a local port; ``sink`` starts the server on it."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens yet: the server is down
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    sink = SMTPSink(port=settings.EMAIL_PORT)
    yield sink
    sink.stop()


@pytest.fixture
def registrations(public_atelier):
    """PEOPLE members registered for a meeting: each registration queued one confirmation."""
    start = timezone.now() + timedelta(days=3)
    meeting = ExpertMeetingPageFactory(parent=public_atelier, start=start, end=start + timedelta(hours=2))
    people = [UserFactory(username=f"deelnemer{n}") for n in range(PEOPLE)]
    for person in people:
        MembershipFactory(atelier=public_atelier, user=person)
        services.register(meeting, user=person)
    emails = OutboxEmail.objects.filter(kind="meeting-registration-confirmed")
    assert emails.count() == PEOPLE
    return sorted(person.email for person in people)


def statuses():
    return sorted(set(OutboxEmail.objects.values_list("status", "attempts")))


def attempt(now):
    return outbox.send_pending(now=now)


def test_mail_server_down_then_refusing_then_back_sends_each_email_once(smtp, registrations):
    start = timezone.now()
    waits, errors = [], []

    def failed_round(now, attempts):
        assert attempt(now) == {"sent": 0, "failed": PEOPLE}
        assert statuses() == [(OutboxEmail.Status.PENDING, attempts)]
        next_at = set(OutboxEmail.objects.values_list("next_attempt_at", flat=True))
        assert next_at == {now + outbox.backoff(attempts)}
        waits.append(outbox.backoff(attempts))
        errors.append(OutboxEmail.objects.values_list("last_error", flat=True).first())
        # Not retried before its wait is over.
        assert attempt(now + outbox.backoff(attempts) - timedelta(seconds=1)) == {"sent": 0, "failed": 0}
        return now + outbox.backoff(attempts)

    # 1. Nothing listens on the port: connection refused.
    now = failed_round(start, 1)
    now = failed_round(now, 2)
    # 2. The server is up but answers 421 "service not available" on connect.
    smtp.mode = "greeting"
    smtp.start()
    now = failed_round(now, 3)
    # 3. The server takes the connection but refuses each message with 451 "try again later".
    smtp.mode = "data"
    now = failed_round(now, 4)
    assert smtp.messages == []

    # 4. The server accepts again: every email goes out, once.
    smtp.mode = "accept"
    assert attempt(now) == {"sent": PEOPLE, "failed": 0}
    assert attempt(now + timedelta(days=2)) == {"sent": 0, "failed": 0}

    assert [wait.total_seconds() / 60 for wait in waits] == [1, 2, 4, 8]
    assert errors[0].startswith("ConnectionRefusedError")
    assert errors[2].startswith("SMTPConnectError") and "421" in errors[2]
    assert errors[3].startswith("SMTPDataError") and "451" in errors[3]
    assert sorted(smtp.recipients()) == registrations  # each person exactly once
    assert statuses() == [(OutboxEmail.Status.SENT, 5)]
    assert set(OutboxEmail.objects.values_list("last_error", flat=True)) == {""}
    subjects = {message["Subject"] for _, message in smtp.messages}
    assert len(subjects) == 1 and subjects.pop().strip()
    # The confirmation carries its calendar file through the real SMTP path.
    assert all(
        any(
            part.get_filename() == "event.ics" or (part.get_filename() or "").endswith(".ics")
            for part in message.iter_attachments()
        )
        for _, message in smtp.messages
    )


def retry_window(settings):
    """How long after the first refusal the last attempt is made."""
    return sum((outbox.backoff(n) for n in range(1, settings.OUTBOX_MAX_ATTEMPTS)), timedelta())


def test_an_outage_shorter_than_the_retry_window_loses_nothing(smtp, registrations, settings):
    start = timezone.now()
    back_at = start + retry_window(settings) - timedelta(minutes=1)
    now, rounds = start, 0
    while True:
        if now >= back_at and smtp._server is None:
            smtp.start()  # the server comes back
        result = attempt(now)
        rounds += 1
        if result["sent"]:
            break
        now = OutboxEmail.objects.order_by("next_attempt_at").first().next_attempt_at
    assert result == {"sent": PEOPLE, "failed": 0}
    assert rounds == settings.OUTBOX_MAX_ATTEMPTS
    assert sorted(smtp.recipients()) == registrations


def test_an_outage_longer_than_the_retry_window_leaves_the_emails_marked_failed(smtp, registrations, settings):
    """The limit of the design: after OUTBOX_MAX_ATTEMPTS refusals (with the default 6, 31
    minutes after the first) an email is given up. It is kept, marked failed with the last
    error, for an administrator; it is not sent when the server comes back."""
    now = timezone.now()
    for _ in range(settings.OUTBOX_MAX_ATTEMPTS):
        assert attempt(now)["failed"] == PEOPLE
        now = OutboxEmail.objects.order_by("next_attempt_at").first().next_attempt_at
    assert statuses() == [(OutboxEmail.Status.FAILED, settings.OUTBOX_MAX_ATTEMPTS)]
    smtp.start()
    assert attempt(now + timedelta(hours=1)) == {"sent": 0, "failed": 0}
    assert smtp.messages == []
    assert OutboxEmail.objects.filter(last_error__startswith="ConnectionRefusedError").count() == PEOPLE
