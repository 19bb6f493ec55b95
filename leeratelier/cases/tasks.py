"""django-q2 tasks of the cases app (scheduled in migration 0004). They take no arguments:
django-q2 stores arguments in its broker, and case texts or personal data must not end up there."""

from . import notifications


def send_case_digest():
    """Queue the daily digests in the outbox (the outbox job sends them)."""
    return notifications.send_daily_digest()
