"""django-q2 tasks of the ateliers app (scheduled in migration 0002). Like every task they take
no texts or personal data as arguments: django-q2 stores arguments in its broker."""

from datetime import timedelta

from django.utils import timezone

from leeratelier.core import outbox

from .models import ExpertMeetingPage, Registration

REMINDER_WINDOW = timedelta(hours=24)


def reminder_key(registration, start):
    """One reminder per registration and start time: running the job again (or twice at
    once) finds the same key and queues nothing; a meeting moved to another time is new."""
    return f"meeting-reminder:{registration.pk}:{start.timestamp():.0f}"


def send_meeting_reminders(now=None):
    """Queue a "meeting-reminder" email for every confirmed registration of a meeting that
    starts within the next 24 hours. Runs hourly; the outbox sends. Returns the number of
    registrations reminded in this window (already queued ones included)."""
    now = now or timezone.now()
    starts = {}
    # Both language versions of a meeting are live pages; the first (the Dutch source) counts.
    for key, start in (
        ExpertMeetingPage.objects.live()
        .filter(start__gt=now, start__lte=now + REMINDER_WINDOW, cancelled=False)
        .order_by("translation_key", "pk")
        .values_list("translation_key", "start")
    ):
        starts.setdefault(key, start)
    registrations = (
        Registration.objects.confirmed()
        .filter(meeting_key__in=list(starts))
        .exclude(user__is_active=False)
        .select_related("user")
    )
    reminded = 0
    for registration in registrations:
        outbox.enqueue(
            key=reminder_key(registration, starts[registration.meeting_key]),
            kind="meeting-reminder",
            recipient=registration.email,
            language=registration.language,
            context={"registration": registration.pk},
        )
        reminded += 1
    return reminded
