"""django-q2 tasks of the notifications component: the weekly digest (scheduled in migration
0002) and telling members of a published meeting. Ids only as arguments: the broker must not
hold personal data."""

from . import services


def send_weekly_digest():
    """Queue the weekly digests in the outbox (the outbox job sends them)."""
    return services.send_weekly_digest()


def tell_meeting_published(meeting_id, by_id=None):
    """Tell the members of a meeting's atelier that it was published (queued by the listener
    once the publication is committed); returns how many people were told."""
    from .listeners import tell_meeting_published as tell

    return tell(meeting_id, by_id)
