"""Meetings that change (issue 14 part 4): a move or a cancellation emails the registrants and
the waitlist once with an updated calendar file; a raised capacity fills seats from the
waitlist; the coordinator checks attendance; the report is announced to the attendees once.
Through the real URLs: the Wagtail admin's edit form, the site's cancel action, the feeds."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from leeratelier.ateliers import changes, events, services
from leeratelier.ateliers.factories import ExpertMeetingPageFactory, MembershipFactory
from leeratelier.ateliers.models import ExpertMeetingPage, MeetingAnnouncement, Membership, Registration
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import OutboxEmail


def url(name, *args, language="nl"):
    with translation.override(language):
        return reverse(f"ateliers:{name}", args=args)


def members_of(atelier, count, prefix="p"):
    users = [UserFactory(username=f"{prefix}{n}", email=f"{prefix}{n}@example.org") for n in range(count)]
    for user in users:
        MembershipFactory(atelier=atelier, user=user)
    return users


def admin_form(meeting, publish=True, **changes_):
    """The Wagtail edit form of a meeting with its current values, some of them changed."""
    values = {
        "title": meeting.title,
        "slug": meeting.slug,
        "intro": meeting.intro,
        "start": timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M"),
        "end": timezone.localtime(meeting.end).strftime("%Y-%m-%d %H:%M"),
        "theme": "",
        "venue": meeting.venue,
        "online_url": meeting.online_url,
        "speakers": inline_formset([]),
        "agenda": streamfield([]),
        "capacity": "" if meeting.capacity is None else str(meeting.capacity),
        "registration_opens": "",
        "registration_closes": "",
        "report": rich_text(""),
        "documents": inline_formset([]),
        "recording_url": "",
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    cancelled = changes_.pop("cancelled", meeting.cancelled)
    values.update(changes_)
    data = nested_form_data(values)
    if cancelled:
        data["cancelled"] = "on"
    if publish:
        data["action-publish"] = "action-publish"
    return data


def publish_in_admin(client, meeting, **changes_):
    response = client.post(f"/admin/pages/{meeting.pk}/edit/", admin_form(meeting, **changes_))
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def heard():
    """The meeting_changed events sent, as (meeting id, change)."""
    received = []

    def listener(sender, meeting, change, **kwargs):
        received.append((meeting.pk, change))

    events.meeting_changed.connect(listener, dispatch_uid="test-meeting-changed")
    yield received
    events.meeting_changed.disconnect(dispatch_uid="test-meeting-changed")


@pytest.fixture
def full_meeting(public_atelier, django_capture_on_commit_callbacks):
    """A public meeting with one seat: a confirmed member, a member on the waitlist and a guest
    who has not confirmed their email address yet."""
    meeting = ExpertMeetingPageFactory(
        parent=public_atelier, title="Waarden als kompas", capacity=1, guests_allowed=True
    )
    seated, waiting = members_of(public_atelier, 2, prefix="reg")
    with django_capture_on_commit_callbacks(execute=True):
        services.register(meeting, user=seated)
        services.register(meeting, user=waiting)
        services.register(meeting, guest_name="Gast", guest_email="gast@example.org")
    mail.outbox.clear()
    return meeting


def meeting_emails():
    """The emails to registrants about the change; the notifications component also tells the
    atelier's members (with a List-Unsubscribe header), which is tested there."""
    return [message for message in mail.outbox if "List-Unsubscribe" not in message.extra_headers]


def calendar_of(message):
    ((filename, content, mimetype),) = message.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    return Calendar.from_ical(content)


# --- a move ----------------------------------------------------------------------------------


def test_moving_a_meeting_emails_registrants_and_waitlist_once_with_a_new_calendar_file(
    client, coordinator, full_meeting, django_capture_on_commit_callbacks, heard
):
    first_file = Calendar.from_ical(client.get(url("meeting_ics", full_meeting.pk)).content).events[0]
    new_start = (timezone.localtime(full_meeting.start) + timedelta(days=7)).replace(hour=19, minute=30)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        publish_in_admin(
            client,
            full_meeting,
            start=new_start.strftime("%Y-%m-%d %H:%M"),
            end=(new_start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            venue="Buurthuis De Brug, Utrecht",
        )
    assert sorted(message.to[0] for message in meeting_emails()) == ["reg0@example.org", "reg1@example.org"]
    seated = next(message for message in meeting_emails() if message.to == ["reg0@example.org"])
    assert "Waarden als kompas" in seated.subject and "Buurthuis De Brug" in seated.body
    calendar = calendar_of(seated)
    assert str(calendar["method"]) == "PUBLISH"
    event = calendar.events[0]
    assert str(event["uid"]) == str(first_file["uid"])
    assert int(event["sequence"]) > int(first_file["sequence"])
    assert event.decoded("dtstart") == new_start
    assert "Buurthuis De Brug" in str(event["location"])
    waiting = next(message for message in meeting_emails() if message.to == ["reg1@example.org"])
    assert waiting.attachments == [] and "waitlist" in waiting.body.lower() or "wachtlijst" in waiting.body.lower()
    assert heard == [(full_meeting.pk, "moved")]

    # Saved again, with or without other edits: nobody hears about it twice.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_in_admin(client, full_meeting)
        publish_in_admin(client, full_meeting, intro="Een andere inleiding.")
    assert meeting_emails() == [] and heard == [(full_meeting.pk, "moved")]
    assert OutboxEmail.objects.filter(kind="meeting-changed").count() == 2

    # The registrant's calendar file on the site shows the new time too.
    client.force_login(Registration.objects.of_meeting(full_meeting).confirmed().get().user)
    event = Calendar.from_ical(client.get(url("meeting_ics", full_meeting.pk)).content).events[0]
    assert event.decoded("dtstart") == new_start


def test_the_email_is_in_the_recipients_language(public_atelier, django_capture_on_commit_callbacks):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, title="Waarden als kompas")
    (person,) = members_of(public_atelier, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(meeting, user=person, language="en")
    mail.outbox.clear()
    meeting.venue = "Town hall, Houten"
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision().publish()
    (message,) = meeting_emails()
    assert message.subject.startswith("New time or place") and "Town hall, Houten" in message.body


def test_a_hidden_ateliers_change_names_the_atelier_only(hidden_meeting, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.register(hidden_meeting, user=member)
    mail.outbox.clear()
    hidden_meeting.cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        hidden_meeting.save_revision().publish()
    (message,) = meeting_emails()
    assert hidden_meeting.title not in message.subject + message.body
    assert "Besloten Jongerenatelier" in message.subject
    assert message.attachments == []  # a calendar file would hold the title


# --- a cancellation -----------------------------------------------------------------------------


def test_coordinator_cancels_on_the_site_and_everyone_hears_once(
    client, coordinator, full_meeting, django_capture_on_commit_callbacks, heard
):
    client.force_login(coordinator)
    page = client.get(full_meeting.url).content.decode()
    assert url("cancel_meeting", full_meeting.pk) in page
    confirm = client.get(url("cancel_meeting", full_meeting.pk))
    assert confirm.status_code == 200 and "2" in confirm.content.decode()
    assert client.post(url("cancel_meeting", full_meeting.pk), {}).status_code == 400  # the box not ticked
    full_meeting.refresh_from_db()
    assert not full_meeting.cancelled and meeting_emails() == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("cancel_meeting", full_meeting.pk), {"confirm": "on"})
    assert response.status_code == 302
    full_meeting.refresh_from_db()
    assert full_meeting.cancelled and full_meeting.live
    assert sorted(message.to[0] for message in meeting_emails()) == ["reg0@example.org", "reg1@example.org"]
    for message in meeting_emails():
        assert message.subject.startswith("Geannuleerd")
        calendar = calendar_of(message)
        assert str(calendar["method"]) == "CANCEL"
        event = calendar.events[0]
        assert str(event["status"]) == "CANCELLED"
        assert int(event["sequence"]) == full_meeting.live_revision_id > 0
    assert heard == [(full_meeting.pk, "cancelled")]

    # Again (a double click, a second coordinator): a clear message, no second set of emails.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url("cancel_meeting", full_meeting.pk), {"confirm": "on"}, follow=True)
    assert "al geannuleerd" in again.content.decode()
    assert meeting_emails() == [] and heard == [(full_meeting.pk, "cancelled")]

    # It stays visible, marked cancelled; nobody can register any more.
    client.logout()
    page = client.get(full_meeting.url).content.decode()
    assert "Geannuleerd" in page and "gaat niet door" in page
    assert "Aanmelden als gast" not in page
    (late,) = members_of(full_meeting.get_parent().specific, 1, prefix="late")
    with pytest.raises(services.NotAllowed):
        services.register(full_meeting, user=late)


def test_feeds_show_the_cancellation_instead_of_dropping_it(client, full_meeting, public_atelier):
    full_meeting.cancelled = True
    full_meeting.save_revision().publish()
    for feed in (url("site_feed"), url("atelier_feed", public_atelier.pk), url("meeting_ics", full_meeting.pk)):
        (event,) = Calendar.from_ical(client.get(feed).content).events
        assert str(event["status"]) == "CANCELLED"
        assert str(event["summary"]).startswith("Geannuleerd")
    assert "Geannuleerd" in client.get(url("agenda")).content.decode()


def test_cancelling_in_the_admin_and_taking_it_back(
    client, coordinator, full_meeting, django_capture_on_commit_callbacks, heard
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        publish_in_admin(client, full_meeting, cancelled=True)
    assert len(meeting_emails()) == 2 and all(str(calendar_of(m)["method"]) == "CANCEL" for m in meeting_emails())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_in_admin(client, full_meeting, cancelled=False)
    # The meeting is on again: told as a new time or place, with a calendar file that restores it.
    assert len(meeting_emails()) == 2
    seated = next(message for message in meeting_emails() if message.to == ["reg0@example.org"])
    assert str(calendar_of(seated).events[0]["status"]) == "CONFIRMED"
    assert heard == [(full_meeting.pk, "cancelled"), (full_meeting.pk, "moved")]


def test_no_reminder_for_a_cancelled_meeting(public_atelier):
    from leeratelier.ateliers.tasks import send_meeting_reminders

    meeting = ExpertMeetingPageFactory(parent=public_atelier, start=timezone.now() + timedelta(hours=5))
    (person,) = members_of(public_atelier, 1)
    services.register(meeting, user=person)
    meeting.cancelled = True
    meeting.save_revision().publish()
    assert send_meeting_reminders() == 0


# --- capacity -------------------------------------------------------------------------------


def test_raising_the_capacity_promotes_the_waitlist_in_order(
    client, coordinator, public_atelier, django_capture_on_commit_callbacks
):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, capacity=1)
    people = members_of(public_atelier, 4, prefix="cap")
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            services.register(meeting, user=person)
    mail.outbox.clear()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        publish_in_admin(client, meeting, capacity="3")
    statuses = dict(Registration.objects.of_meeting(meeting).values_list("user__username", "status"))
    assert statuses == {"cap0": "confirmed", "cap1": "confirmed", "cap2": "confirmed", "cap3": "waitlisted"}
    assert sorted(message.to[0] for message in meeting_emails()) == ["cap1@example.org", "cap2@example.org"]
    assert all(message.attachments for message in meeting_emails())  # promoted: a calendar file
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_in_admin(client, meeting, capacity="")  # no limit
    assert Registration.objects.of_meeting(meeting).confirmed().count() == 4
    assert [message.to[0] for message in meeting_emails()] == ["cap3@example.org"]


# --- attendance and the report ------------------------------------------------------------


@pytest.fixture
def past_meeting(public_atelier, django_capture_on_commit_callbacks):
    start = timezone.now() - timedelta(days=2)
    meeting = ExpertMeetingPageFactory(parent=public_atelier, title="Terugblik kompas")
    people = members_of(public_atelier, 3, prefix="att")
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            services.register(meeting, user=person)
    # It took place: move it into the past without announcing (as time does).
    ExpertMeetingPage.objects.filter(pk=meeting.pk).update(start=start, end=start + timedelta(hours=2))
    MeetingAnnouncement.objects.filter(meeting_key=meeting.translation_key).update(
        start=start, end=start + timedelta(hours=2)
    )
    meeting.refresh_from_db()
    mail.outbox.clear()
    return meeting


def test_coordinator_checks_attendance_and_the_count_follows(client, coordinator, member, past_meeting):
    registrations = list(Registration.objects.of_meeting(past_meeting).order_by("pk"))
    client.force_login(member)
    assert client.post(url("attendance", past_meeting.pk, registrations[0].pk), {"attended": "yes"}).status_code == 404
    client.force_login(coordinator)
    page = client.get(url("attendees", past_meeting.pk)).content.decode()
    assert "Was erbij" in page and "Niet gekomen" in page
    for registration, choice in zip(registrations, ["yes", "yes", "no"]):
        response = client.post(url("attendance", past_meeting.pk, registration.pk), {"attended": choice})
        assert response.status_code == 302
    assert (
        client.post(url("attendance", past_meeting.pk, registrations[0].pk), {"attended": "maybe"}).status_code == 302
    )
    assert [r.attended for r in Registration.objects.of_meeting(past_meeting).order_by("pk")] == [True, True, False]
    assert changes.attended_count(past_meeting) == 2
    assert "2 mensen waren erbij." in client.get(url("attendees", past_meeting.pk)).content.decode()
    client.logout()
    assert "2 mensen waren erbij." in client.get(past_meeting.url).content.decode()
    client.force_login(coordinator)
    csv_text = client.get(url("attendees_csv", past_meeting.pk)).content.decode("utf-8-sig")
    header, *rows = csv_text.strip().splitlines()
    assert header.endswith(";Aanwezigen")  # semicolons for a Dutch reader
    assert sorted(row.rsplit(";", 1)[1] for row in rows) == ["niet gekomen", "was erbij", "was erbij"]


def test_attendance_waits_for_the_meeting(client, coordinator, full_meeting):
    registration = Registration.objects.of_meeting(full_meeting).confirmed().get()
    client.force_login(coordinator)
    assert "Niet gekomen" not in client.get(url("attendees", full_meeting.pk)).content.decode()
    client.post(url("attendance", full_meeting.pk, registration.pk), {"attended": "yes"})
    registration.refresh_from_db()
    assert registration.attended is None


def test_the_report_is_announced_to_the_attendees_once(
    client, coordinator, past_meeting, django_capture_on_commit_callbacks
):
    registrations = list(Registration.objects.of_meeting(past_meeting).order_by("pk"))
    client.force_login(coordinator)
    for registration, choice in zip(registrations, ["yes", "no", "yes"]):
        client.post(url("attendance", past_meeting.pk, registration.pk), {"attended": choice})
    with django_capture_on_commit_callbacks(execute=True):
        publish_in_admin(client, past_meeting, report=rich_text("<p>Wat we leerden over het kompas.</p>"))
    assert sorted(message.to[0] for message in meeting_emails()) == ["att0@example.org", "att2@example.org"]
    assert all("verslag" in message.subject.lower() for message in meeting_emails())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_in_admin(client, past_meeting, report=rich_text("<p>Wat we leerden, aangevuld.</p>"))
    assert meeting_emails() == []


# --- races (PostgreSQL) ---------------------------------------------------------------------


def run_at_once(*actions):
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            barrier.wait(timeout=10)
            action()
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_coordinators_cancel_at_once_one_set_of_emails(public_atelier, heard):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, capacity=5)
    for person in members_of(public_atelier, 3, prefix="race"):
        services.register(meeting, user=person)
    first, second = UserFactory(username="coord1"), UserFactory(username="coord2")
    for user in (first, second):
        MembershipFactory(atelier=public_atelier, user=user, role=Membership.Role.COORDINATOR)

    def cancel_by(user):
        def action():
            try:
                changes.cancel_meeting(ExpertMeetingPage.objects.get(pk=meeting.pk), by=user)
            except changes.AlreadyCancelled:
                pass

        return action

    assert run_at_once(cancel_by(first), cancel_by(second)) == []
    assert OutboxEmail.objects.filter(kind="meeting-changed").count() == 3
    assert heard == [(meeting.pk, "cancelled")]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_capacity_raise_and_cancellation_at_once(public_atelier):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, capacity=2)
    people = members_of(public_atelier, 6, prefix="cr")
    for person in people:
        services.register(meeting, user=person)
    leaving = Registration.objects.of_meeting(meeting).get(user=people[0])

    def raise_capacity():
        page = ExpertMeetingPage.objects.get(pk=meeting.pk)
        page.capacity = 4
        page.save_revision().publish()

    def cancel_one():
        services.cancel(leaving)

    assert run_at_once(raise_capacity, cancel_one) == []
    registrations = Registration.objects.of_meeting(meeting)
    assert registrations.confirmed().count() == 4  # capacity 4, one cancelled, so 4 of the other 5
    assert list(registrations.confirmed().order_by("pk").values_list("user__username", flat=True)) == [
        "cr1",
        "cr2",
        "cr3",
        "cr4",
    ]
    promoted = OutboxEmail.objects.filter(kind="meeting-waitlist-promoted")
    assert promoted.count() == 3  # cr2, cr3, cr4: each once
    assert len(set(promoted.values_list("recipient", flat=True))) == 3


def test_the_narrative_report_counts_the_checked_attendance(past_meeting, public_atelier):
    from cycles.reports import numbers

    registrations = list(Registration.objects.of_meeting(past_meeting).order_by("pk"))
    today = timezone.localdate()
    scope = (public_atelier.translation_key, None, today - timedelta(days=30), today)
    assert numbers(*scope)["attendance"] == 3  # nobody checked yet: the confirmed places
    changes.set_attendance(registrations[0], True)
    changes.set_attendance(registrations[1], False)
    assert numbers(*scope)["attendance"] == 1
