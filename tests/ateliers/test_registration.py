"""Registering for expert meetings: the rules in leeratelier.ateliers.services."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone, translation

from leeratelier.ateliers import services
from leeratelier.ateliers.factories import ExpertMeetingPageFactory, MembershipFactory
from leeratelier.ateliers.models import Registration
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import OutboxEmail


def members_of(atelier, count, prefix="p"):
    users = [UserFactory(username=f"{prefix}{n}") for n in range(count)]
    for user in users:
        MembershipFactory(atelier=atelier, user=user)
    return users


def test_registering_twice_is_one_registration(public_meeting, member):
    first = services.register(public_meeting, user=member)
    second = services.register(public_meeting, user=member)
    assert first.pk == second.pk
    assert Registration.objects.of_meeting(public_meeting).count() == 1
    assert OutboxEmail.objects.filter(kind="meeting-registration-confirmed").count() == 1


def test_both_language_versions_share_one_attendee_list(public_meeting, member, outsider, public_atelier):
    from wagtail.models import Locale

    english = public_meeting.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    MembershipFactory(atelier=public_atelier, user=outsider)
    services.register(public_meeting, user=member)
    services.register(english.specific, user=outsider)
    assert Registration.objects.of_meeting(public_meeting).confirmed().count() == 2
    assert services.seats_left(english.specific) == services.seats_left(public_meeting) == 18


def test_full_meeting_puts_people_on_the_waitlist_and_promotes_them(public_atelier):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, capacity=2)
    first, second, third, fourth = members_of(public_atelier, 4)
    statuses = [services.register(meeting, user=user).status for user in (first, second, third, fourth)]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]

    services.cancel(services.registration_of(meeting, first))

    assert services.registration_of(meeting, third).status == "confirmed"  # first in line
    assert services.registration_of(meeting, fourth).status == "waitlisted"
    promoted = OutboxEmail.objects.get(kind="meeting-waitlist-promoted")
    assert promoted.recipient == third.email


def test_a_cancelled_waitlist_place_promotes_nobody(public_atelier):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, capacity=1)
    first, second, third = members_of(public_atelier, 3)
    for user in (first, second, third):
        services.register(meeting, user=user)
    services.cancel(services.registration_of(meeting, second))
    assert services.registration_of(meeting, third).status == "waitlisted"
    assert not OutboxEmail.objects.filter(kind="meeting-waitlist-promoted").exists()


def test_cancel_then_register_again(public_meeting, member):
    registration = services.register(public_meeting, user=member)
    services.cancel(registration)
    again = services.register(public_meeting, user=member)
    assert again.pk == registration.pk and again.status == "confirmed"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"days_from_now": -3}, "already taken place"),
        ({"registration_closes": timezone.now() - timedelta(hours=1)}, "has closed"),
        ({"registration_opens": timezone.now() + timedelta(days=2)}, "Registration opens on"),
    ],
)
def test_registration_outside_the_window_gives_a_clear_message(public_atelier, member, changes, message):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, **changes)
    with translation.override("en"), pytest.raises(services.NotAllowed, match=message):
        services.register(meeting, user=member)
    assert not Registration.objects.of_meeting(meeting).exists()


def test_non_members_need_guest_registration(public_meeting, outsider):
    with translation.override("nl"), pytest.raises(services.NotAllowed, match="Alleen leden van dit atelier"):
        services.register(public_meeting, user=outsider)


def test_guest_takes_a_seat_only_after_confirming(public_atelier, django_capture_on_commit_callbacks):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, guests_allowed=True, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(meeting, guest_name="Gast", guest_email="Gast@Example.org")
    assert registration.status == "unconfirmed" and registration.guest_email == "gast@example.org"
    assert services.seats_left(meeting) == 1
    assert len(mail.outbox) == 1 and "/meeting/guest/" in mail.outbox[0].body

    services.confirm_guest(registration)
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert services.seats_left(meeting) == 0


def test_confirmation_email_carries_an_ics_and_hides_private_titles(
    hidden_meeting, public_meeting, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.register(public_meeting, user=member)
        services.register(hidden_meeting, user=member)
    public, private = sorted(mail.outbox, key=lambda message: "Besloten" in message.subject)
    assert public_meeting.title in public.subject
    assert public.attachments and public.attachments[0][0].endswith(".ics")
    assert hidden_meeting.title not in private.subject + private.body
    assert "Besloten Jongerenatelier" in private.subject  # names the atelier and the event only


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_people_taking_the_last_seat_at_once(public_atelier):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, capacity=1)
    people = members_of(public_atelier, 2, prefix="racer")
    barrier = threading.Barrier(len(people))
    results, errors = [], []

    def take_seat(user):
        try:
            barrier.wait(timeout=10)
            results.append(services.register(meeting, user=user).status)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_seat, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert sorted(results) == ["confirmed", "waitlisted"]
    assert Registration.objects.of_meeting(meeting).confirmed().count() == 1


def test_private_confirmation_has_no_calendar_file(hidden_meeting, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.register(hidden_meeting, user=member)
    assert mail.outbox[0].attachments == []
