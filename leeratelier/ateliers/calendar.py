"""iCalendar files of expert meetings: one meeting's .ics, the public feeds, a person's own feed
and the file attached to a registration email.

Which meetings go in is the caller's business (through ``leeratelier.core.access``); this module
only decides how a meeting looks in a calendar. Two rules matter there:

- A meeting is one event in both languages: its UID comes from the ``translation_key`` that the
  Dutch and English pages share, so subscribing to both feeds, or importing the file twice,
  updates one event instead of adding a second.
- The online link is for people who registered. It goes in only when the caller says the
  calendar is that person's own (``show_private``), and never for a waitlist place.
- A cancelled meeting stays in the feeds, with STATUS:CANCELLED, so calendar apps show it as
  cancelled instead of the event silently disappearing. The file emailed about a cancellation
  is an iTIP cancellation (METHOD:CANCEL, same UID, higher SEQUENCE).
"""

from datetime import timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

TIME_ZONE = ZoneInfo("Europe/Amsterdam")
PRODUCT_ID = "-//Leeratelier//Expert meetings//NL"
# How often subscribed calendar apps should fetch a feed again.
REFRESH_INTERVAL = timedelta(hours=1)


def absolute_url(url):
    """The site's public address in front of a root-relative page URL (calendar apps and email
    clients have no "current site" to resolve it against)."""
    if url.startswith("/"):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    return url


def event_uid(meeting):
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "leeratelier"
    return f"meeting-{meeting.translation_key}@{host}"


def meeting_event(meeting, show_online_link=False, waitlisted=False, now=None):
    """One VEVENT. SEQUENCE is the id of the live revision: it grows each time the meeting is
    republished, which is what calendar apps compare to accept an update, and costs no query."""
    now = now or timezone.now()
    page_url = absolute_url(meeting.url)
    description = [meeting.intro]
    if show_online_link and meeting.online_url and not waitlisted:
        description.append(_("Join online: %(url)s") % {"url": meeting.online_url})
    description.append(page_url)

    event = Event()
    event.add("uid", event_uid(meeting))
    event.add("dtstamp", now)
    event.add("last-modified", meeting.last_published_at or meeting.latest_revision_created_at or now)
    event.add("sequence", meeting.live_revision_id or 0)
    event.add("dtstart", meeting.start.astimezone(TIME_ZONE))
    event.add("dtend", meeting.end.astimezone(TIME_ZONE))
    if meeting.cancelled:
        event.add("summary", _("Cancelled: %(title)s") % {"title": meeting.title})
        event.add("status", "CANCELLED")
    elif waitlisted:
        event.add("summary", _("On the waitlist: %(title)s") % {"title": meeting.title})
        event.add("status", "TENTATIVE")
    else:
        event.add("summary", meeting.title)
        event.add("status", "CONFIRMED")
    event.add("description", "\n\n".join(part for part in description if part))
    event.add("location", meeting.venue.strip() or _("Online"))
    event.add("url", page_url)
    return event


def meeting_calendar(meetings, show_private=False, name=None, waitlisted_keys=(), method="PUBLISH"):
    """The meetings as an iCalendar file (bytes).

    ``show_private``: the calendar belongs to the person who registered for these meetings
    (their personal feed, or the file in their confirmation email), so online links go in.
    ``waitlisted_keys``: translation keys of meetings where that person only holds a waitlist
    place; those are marked tentative and never carry the online link.
    """
    now = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))  # unknown to icalendar: say its type
    meetings = list(meetings)
    for meeting in meetings:
        event = meeting_event(
            meeting,
            show_online_link=show_private,
            waitlisted=meeting.translation_key in waitlisted_keys,
            now=now,
        )
        if method == "CANCEL":
            event.add("organizer", f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
        calendar.add_component(event)
    if meetings:
        # A VTIMEZONE covering just the span of these meetings keeps the file small.
        first = min(meeting.start for meeting in meetings).astimezone(TIME_ZONE).date() - timedelta(days=1)
        last = max(meeting.end for meeting in meetings).astimezone(TIME_ZONE).date() + timedelta(days=1)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
