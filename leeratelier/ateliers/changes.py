"""What happens when a published expert meeting changes: a new time or place, a cancellation, a
raised capacity, a report put online. Every publish of a meeting (in the Wagtail admin, by a
scheduled publish, or by the site's "cancel this meeting" action) ends in ``meeting_published``.

A change is announced once. ``MeetingAnnouncement`` holds what the registrants were last told;
the publish compares the page with that row while holding the meeting's lock, so two
coordinators saving (or cancelling) at the same moment queue one behind the other and the second
finds nothing new to tell. The emails go through the outbox in the same transaction, and the
``meeting_changed`` event (for the notifications component) is sent after the commit.

The source version of a meeting (its first-created page, usually the Dutch one) holds its time,
place, capacity and state, as the registration services already read them; a publish of another
language version announces nothing, and the source's facts are copied onto the other versions'
live rows so their pages and calendar feeds agree.
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from leeratelier.core import outbox, pagecache

from . import events, services
from .models import ExpertMeetingPage, MeetingAnnouncement, Registration
from .services import SCHEDULE_FIELDS
from .services import announced_facts as _snapshot

# Facts shared by every language version of a meeting (copied from the source version).
SHARED_FIELDS = (*SCHEDULE_FIELDS, "cancelled", "capacity")


def _what_changed(announcement, meeting):
    """ "cancelled", "moved" or None. Taking back a cancellation is told as a move: the meeting
    is on again, at the time and place in the new calendar file."""
    if meeting.cancelled:
        return None if announcement.cancelled else "cancelled"
    if announcement.cancelled:
        return "moved"
    if any(getattr(announcement, field) != getattr(meeting, field) for field in SCHEDULE_FIELDS):
        return "moved"
    return None


@transaction.atomic
def meeting_published(meeting):
    """Announce what changed since the last publish, fill seats a raised capacity added, and tell
    the attendees once about the report. Returns the change announced ("moved", "cancelled")
    or None."""
    source = services.lock_meeting(meeting.translation_key)
    if source is None or source.pk != meeting.pk or not source.live:
        return None
    _share_facts(source)
    announcement, created = MeetingAnnouncement.objects.select_for_update().get_or_create(
        meeting_key=source.translation_key, defaults=_snapshot(source)
    )
    change = None if created else _what_changed(announcement, source)
    if change and not source.is_past:
        announcement.changes += 1
        registrations = Registration.objects.of_meeting(source).current().order_by("pk")
        for registration in registrations:
            outbox.enqueue(
                key=f"meeting-changed:{registration.pk}:{announcement.changes}",
                kind="meeting-changed",
                recipient=registration.email,
                language=registration.language,
                context={"registration": registration.pk, "change": change},
            )
        transaction.on_commit(
            partial(events.meeting_changed.send, sender=ExpertMeetingPage, meeting=source, change=change)
        )
    else:
        change = None
    for field, value in _snapshot(source).items():
        setattr(announcement, field, value)
    _announce_report(source, announcement)
    announcement.save()
    if not source.is_past:
        services.promote_waitlist(source)  # a raised capacity fills seats as a cancellation does
    return change


def _share_facts(source):
    """Other language versions show the source's time, place, capacity and state."""
    updated = (
        ExpertMeetingPage.objects.filter(translation_key=source.translation_key)
        .exclude(pk=source.pk)
        .update(**{field: getattr(source, field) for field in SHARED_FIELDS})
    )
    if updated:
        # An update sends no signal, and the page cache moved on when the source was published,
        # before this: move it on again, so no page (for visitors or a member's own) keeps old facts.
        pagecache.invalidate()


def attendees(meeting):
    """The people to tell about the report: those checked as attended, or, where nobody's
    attendance was checked, everyone with a confirmed place."""
    registrations = Registration.objects.of_meeting(meeting)
    if registrations.filter(attended__isnull=False).exists():
        return registrations.attended()
    return registrations.confirmed()


def _announce_report(meeting, announcement):
    if announcement.report_announced_at or not meeting.report or meeting.cancelled or not meeting.is_past:
        return
    announcement.report_announced_at = timezone.now()
    for registration in attendees(meeting).order_by("pk"):
        outbox.enqueue(
            key=f"meeting-report:{registration.pk}",
            kind="meeting-report-published",
            recipient=registration.email,
            language=registration.language,
            context={"registration": registration.pk},
        )


class AlreadyCancelled(services.NotAllowed):
    pass


@transaction.atomic
def cancel_meeting(meeting, by):
    """The coordinator's "cancel this meeting" on the site: every live language version gets a
    new revision marked cancelled, published, which announces it once (``meeting_published``).
    A second click, or a second coordinator at the same moment, finds it cancelled."""
    from django.utils.translation import gettext as _

    source = services.lock_meeting(meeting.translation_key)
    if source is None or source.cancelled:
        raise AlreadyCancelled(_("This meeting has already been cancelled."))
    if source.is_past:
        raise services.NotAllowed(_("This meeting has already taken place."))
    versions = ExpertMeetingPage.objects.filter(translation_key=source.translation_key, live=True)
    # The source last, so the other versions are cancelled when its publish announces it.
    for version in sorted(versions, key=lambda page: page.pk == source.pk):
        version.cancelled = True
        revision = version.save_revision(user=by, log_action=True)
        revision.publish(user=by, skip_permission_checks=True)
    return source


def attended_count(meeting):
    """The number of attendees: counted from the checked attendee list, else the number typed
    in by hand for meetings from before the list could be checked (None: not known)."""
    registrations = Registration.objects.of_meeting(meeting)
    if registrations.filter(attended__isnull=False).exists():
        return registrations.attended().count()
    return meeting.attendee_count


@transaction.atomic
def set_attendance(registration, attended):
    """The coordinator checks a person on the list: attended (True), did not come (False)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.attended = attended
    registration.save(update_fields=["attended"])
    return registration
