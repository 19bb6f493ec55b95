"""django-q2 task of the notifications component (scheduled weekly in migration 0002). No
arguments: the broker must not hold personal data."""

from . import services


def send_weekly_digest():
    """Queue the weekly digests in the outbox (the outbox job sends them)."""
    return services.send_weekly_digest()
