"""What the people who run the site need to know: failed emails, background tasks that failed,
schedules that stopped running, and whether this instance is ready for traffic (/readyz).

One place for these rules, read by the admin's Reports views, the dashboard panel and /readyz.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_q.models import Schedule, Task

from .models import OutboxEmail


@dataclass
class AttentionItem:
    """One line of the admin dashboard's "Needs attention" panel (see core/wagtail_hooks.py):
    apps return a list of these from a ``register_attention_items`` hook."""

    label: str
    count: int
    url: str | None = None


def schedule_interval(schedule):
    """How often a recurring schedule runs (None for a one-off or an unreadable cron line)."""
    if schedule.schedule_type == Schedule.ONCE or not schedule.next_run:
        return None
    try:
        return schedule.calculate_next_run(schedule.next_run) - schedule.next_run
    except Exception:  # a cron expression without croniter installed
        return None


@dataclass
class ScheduleState:
    schedule: Schedule
    interval: timedelta | None
    last_run: object  # datetime or None (finished tasks are pruned after django-q2's save_limit)
    overdue: bool


def is_overdue(schedule, now=None):
    """A recurring schedule that has not run in twice its interval: its next run lies more than
    one interval in the past (the cluster moves ``next_run`` on every time it runs one)."""
    now = now or timezone.now()
    interval = schedule_interval(schedule)
    return bool(interval and schedule.next_run and schedule.next_run < now - interval)


def schedule_states(now=None):
    """Every schedule with its interval, last run and whether it is overdue (two queries)."""
    now = now or timezone.now()
    schedules = list(Schedule.objects.order_by("name"))
    last_runs = dict(Task.objects.filter(id__in=[s.task for s in schedules if s.task]).values_list("id", "stopped"))
    return [
        ScheduleState(schedule, schedule_interval(schedule), last_runs.get(schedule.task), is_overdue(schedule, now))
        for schedule in schedules
    ]


def overdue_schedules(now=None):
    return [state for state in schedule_states(now) if state.overdue]


def failed_email_count():
    return OutboxEmail.objects.filter(status=OutboxEmail.Status.FAILED).count()


def outbox_backlog(now=None):
    """Emails due but not sent yet."""
    now = now or timezone.now()
    return OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING, next_attempt_at__lte=now).count()


# --- readiness ---------------------------------------------------------------------------------


def readiness(now=None):
    """{check: "ok" or a short reason} for /readyz. Reasons name no person and no content."""
    now = now or timezone.now()
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unreachable"
    try:
        key = f"readyz:{get_random_string(12)}"
        cache.set(key, "1", 10)
        checks["cache"] = "ok" if cache.get(key) == "1" else "not storing"
        cache.delete(key)
    except Exception:  # any cache backend error (Redis down) means not ready
        checks["cache"] = "unreachable"
    if checks["database"] != "ok":
        checks["scheduler"] = checks["outbox"] = "not checked"
        return checks
    try:
        checks["scheduler"] = _scheduler_check(now)
        backlog = outbox_backlog(now)
        limit = settings.READYZ_OUTBOX_BACKLOG_LIMIT
        checks["outbox"] = "ok" if backlog <= limit else f"backlog {backlog} over {limit}"
    except DatabaseError:
        checks["scheduler"] = checks["outbox"] = "unreachable"
    return checks


def _scheduler_check(now):
    """The q2 cluster runs the every-minute ``send-outbox`` schedule and moves its next run on
    each time; a next run long past means no cluster is running."""
    schedule = Schedule.objects.filter(name=settings.READYZ_SCHEDULE).only("next_run").first()
    if schedule is None:
        return "schedule missing"
    if schedule.next_run and schedule.next_run < now - settings.READYZ_SCHEDULE_MAX_DELAY:
        return "schedule not run recently"
    return "ok"
