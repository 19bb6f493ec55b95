"""Calendar files and feeds (leeratelier.ateliers.calendar and feeds): they parse back to the
right instants, the public feeds never hold a hidden atelier's meeting, and online links reach
only the people who registered."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar
from wagtail.models import Locale

from leeratelier.ateliers import services
from leeratelier.ateliers.calendar import meeting_calendar
from leeratelier.ateliers.factories import ExpertMeetingPageFactory, MembershipFactory
from leeratelier.ateliers.models import CalendarFeedToken, Membership

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")
BASE_URL = "https://leeratelier.example.org"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE_URL


def events_of(content):
    return {str(event["summary"]): event for event in Calendar.from_ical(content).events}


def feed_url(name, *args, language="nl"):
    with translation.override(language):
        return reverse(f"ateliers:{name}", args=args)


def next_year(month, day, hour, minute=0):
    """A moment next year in Amsterdam time: far enough ahead to be upcoming and registrable."""
    return datetime(datetime.now().year + 1, month, day, hour, minute, tzinfo=AMSTERDAM)


# --- one meeting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, utc_hour",
    [
        (next_year(1, 14, 19, 30), 18),  # winter time: UTC+1
        (next_year(7, 1, 19, 30), 17),  # summer time: UTC+2
    ],
)
def test_meeting_ics_parses_back_to_the_right_instants(client, public_atelier, start, utc_hour):
    meeting = ExpertMeetingPageFactory(
        parent=public_atelier,
        title="Narratief verantwoorden",
        start=start,
        end=start + timedelta(hours=2),
        online_url="https://meet.example.org/narratief",
    )
    response = client.get(feed_url("meeting_ics", meeting.pk))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    assert b"DTSTART;TZID=Europe/Amsterdam:" in response.content
    assert b"BEGIN:VTIMEZONE" in response.content
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.events
    assert event.start == start and event.end == start + timedelta(hours=2)
    assert event.start.astimezone(UTC).hour == utc_hour and event.start.astimezone(UTC).minute == 30
    assert str(event["summary"]) == "Narratief verantwoorden"
    assert str(event["location"]) == meeting.venue
    assert str(event["url"]) == BASE_URL + meeting.url
    assert meeting.intro in str(event["description"])
    assert "meet.example.org" not in response.content.decode()  # not registered: no online link
    for name in ("dtstamp", "last-modified", "sequence", "uid"):
        assert name in event


def test_both_languages_are_one_event(client, public_atelier, public_meeting):
    english_atelier = public_atelier.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english_atelier.save_revision().publish()
    english = public_meeting.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Making poverty discussable"
    english.save_revision().publish()

    dutch_event = Calendar.from_ical(client.get(feed_url("meeting_ics", public_meeting.pk)).content).events[0]
    english_event = Calendar.from_ical(client.get(feed_url("meeting_ics", english.pk, language="en")).content).events[0]
    assert dutch_event["uid"] == english_event["uid"]
    assert str(public_meeting.translation_key) in dutch_event["uid"]
    assert str(english_event["summary"]) == "Making poverty discussable"


def test_online_meeting_has_online_as_location(public_atelier):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, venue="", online_url="https://meet.example.org/x")
    [event] = Calendar.from_ical(meeting_calendar([meeting])).events
    assert str(event["location"]) == "Online"
    assert "meet.example.org" not in str(event["description"])


def test_registered_member_gets_the_online_link_and_a_waitlister_does_not(client, public_atelier, member, outsider):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, capacity=1, online_url="https://meet.example.org/a")
    MembershipFactory(atelier=public_atelier, user=outsider)
    services.register(meeting, user=member)
    services.register(meeting, user=outsider)  # full: waitlist

    client.force_login(member)
    response = client.get(feed_url("meeting_ics", meeting.pk))
    assert "https://meet.example.org/a" in Calendar.from_ical(response.content).events[0]["description"]
    assert "no-store" in response["Cache-Control"]

    client.force_login(outsider)
    [event] = Calendar.from_ical(client.get(feed_url("meeting_ics", meeting.pk)).content).events
    assert "meet.example.org" not in str(event["description"])
    assert str(event["status"]) == "TENTATIVE"


def test_hidden_meeting_ics_follows_the_access_rules(client, hidden_meeting, outsider, member):
    url = feed_url("meeting_ics", hidden_meeting.pk)
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert "meet.example.org" not in response.content.decode()  # a member, but not registered


def test_confirmation_email_attachment_holds_the_online_link(
    public_meeting, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.register(public_meeting, user=member)
    [message] = mail.outbox
    filename, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    [event] = Calendar.from_ical(content).events
    assert public_meeting.online_url in str(event["description"])


# --- public feeds ----------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [None, "member", "editor"])
def test_site_feed_never_holds_a_hidden_ateliers_meeting(
    client, request, public_meeting, hidden_meeting, member, editor, reader
):
    if reader:
        client.force_login(request.getfixturevalue(reader))
    response = client.get(feed_url("site_feed"))
    assert response.status_code == 200
    events = events_of(response.content)
    assert public_meeting.title in events
    assert hidden_meeting.title not in events
    assert "meet.example.org" not in response.content.decode()
    assert b"X-PUBLISHED-TTL:PT1H" in response.content


def test_site_feed_holds_only_upcoming_meetings_in_the_active_language(client, public_atelier, public_meeting):
    past = ExpertMeetingPageFactory(parent=public_atelier, title="Vorige maand", days_from_now=-30)
    events = events_of(client.get(feed_url("site_feed")).content)
    assert public_meeting.title in events and past.title not in events
    # The English feed shows the Dutch meeting where no translation exists, as one event.
    english_events = events_of(client.get(feed_url("site_feed", language="en")).content)
    assert list(english_events) == [public_meeting.title]


def test_atelier_feed_holds_that_ateliers_meetings(client, atelier_index, public_atelier, public_meeting):
    from leeratelier.ateliers.factories import AtelierPageFactory

    other = AtelierPageFactory(parent=atelier_index)
    other_meeting = ExpertMeetingPageFactory(parent=other, title="Elders")
    response = client.get(feed_url("atelier_feed", public_atelier.pk))
    assert response.status_code == 200
    assert set(events_of(response.content)) == {public_meeting.title}
    assert other_meeting.title in events_of(client.get(feed_url("atelier_feed", other.pk)).content)


@pytest.mark.parametrize("reader", [None, "member", "editor"])
def test_hidden_atelier_has_no_feed(client, request, hidden_atelier, hidden_meeting, member, editor, reader):
    if reader:
        client.force_login(request.getfixturevalue(reader))
    assert client.get(feed_url("atelier_feed", hidden_atelier.pk)).status_code == 404


# --- personal feed ---------------------------------------------------------------------------


def test_personal_feed_holds_my_meetings_with_online_links(
    client, public_atelier, public_meeting, hidden_meeting, member, outsider
):
    full = ExpertMeetingPageFactory(
        parent=public_atelier, title="Vol", capacity=1, online_url="https://meet.example.org/vol"
    )
    MembershipFactory(atelier=public_atelier, user=outsider)
    services.register(full, user=outsider)
    services.register(full, user=member)  # waitlisted
    services.register(hidden_meeting, user=member)
    not_mine = ExpertMeetingPageFactory(parent=public_atelier, title="Niet voor mij")

    token = CalendarFeedToken.for_user(member).token
    response = client.get(feed_url("personal_feed", token))  # no cookies, like a calendar app

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    events = events_of(response.content)
    assert hidden_meeting.title in events
    assert "https://meet.example.org/geheim" in str(events[hidden_meeting.title]["description"])
    [waitlisted] = [event for summary, event in events.items() if "Vol" in summary]
    assert str(waitlisted["status"]) == "TENTATIVE"
    assert "meet.example.org/vol" not in str(waitlisted["description"])
    assert public_meeting.title not in events and not_mine.title not in events


def test_personal_feed_follows_membership(client, hidden_atelier, hidden_meeting, member):
    services.register(hidden_meeting, user=member)
    url = feed_url("personal_feed", CalendarFeedToken.for_user(member).token)
    assert hidden_meeting.title in events_of(client.get(url).content)

    Membership.objects.filter(user=member, atelier_key=hidden_atelier.translation_key).delete()
    assert hidden_meeting.title not in events_of(client.get(url).content)


def test_renewing_the_token_retires_the_old_address(client, hidden_meeting, member):
    services.register(hidden_meeting, user=member)
    old_url = feed_url("personal_feed", CalendarFeedToken.for_user(member).token)
    assert client.get(old_url).status_code == 200

    client.force_login(member)
    assert client.get(feed_url("renew_personal_feed")).status_code == 405  # POST only
    response = client.post(feed_url("renew_personal_feed"))
    assert response.status_code == 302 and response["Location"] == feed_url("my_page")
    client.logout()

    new_url = feed_url("personal_feed", CalendarFeedToken.objects.get(user=member).token)
    assert new_url != old_url
    assert client.get(old_url).status_code == 404
    assert hidden_meeting.title in events_of(client.get(new_url).content)


def test_unknown_token_or_inactive_person_is_a_404(client, member):
    assert client.get(feed_url("personal_feed", "not-a-token")).status_code == 404
    url = feed_url("personal_feed", CalendarFeedToken.for_user(member).token)
    member.is_active = False
    member.save()
    assert client.get(url).status_code == 404


def test_renewing_needs_a_signed_in_person(client):
    response = client.post(feed_url("renew_personal_feed"))
    assert response.status_code == 302 and "login" in response["Location"]
