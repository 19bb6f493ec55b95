"""A guest's emailed links (issue 18 part 4, issue 20 part 4): the confirmation link shows a
button and only its POST confirms; the guest's own link shows what is stored about them, and
cancels or erases it; a forged, expired or reused link changes nothing and says so."""

import re
import time
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from leeratelier.ateliers import services
from leeratelier.ateliers.factories import ExpertMeetingPageFactory, MembershipFactory
from leeratelier.ateliers.models import Registration
from leeratelier.ateliers.tokens import GUEST_LINK_MAX_AGE, guest_link_token
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import OutboxEmail


@pytest.fixture
def guest_meeting(public_atelier):
    return ExpertMeetingPageFactory(
        parent=public_atelier, title="Narratief verantwoorden", capacity=1, guests_allowed=True
    )


def links_in(message):
    return re.findall(r"https?://\S+", message.body)


def link_to(message, part):
    (link,) = [link for link in links_in(message) if part in link]
    return urlsplit(link).path


def register_guest(
    client, meeting, django_capture_on_commit_callbacks, name="Sanne de Gast", email="sanne@example.org"
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/nl/meeting/{meeting.pk}/register/", {"name": name, "email": email})
    assert response.status_code == 302
    return [message for message in mail.outbox if message.to == [email]][-1]


def test_opening_the_confirmation_link_changes_nothing_the_button_confirms(
    client, guest_meeting, django_capture_on_commit_callbacks
):
    message = register_guest(client, guest_meeting, django_capture_on_commit_callbacks)
    confirm = link_to(message, "/meeting/guest/")
    registration = Registration.objects.get(guest_email="sanne@example.org")

    page = client.get(confirm)  # what a mail scanner does
    assert page.status_code == 200 and "Bevestig mijn aanmelding" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == "unconfirmed" and services.seats_left(guest_meeting) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm, follow=True)
    assert "je aanmelding is bevestigd" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed" and services.seats_left(guest_meeting) == 0
    # Pressed again: still one seat, a page that says it is already confirmed.
    client.post(confirm)
    assert "al bevestigd" in client.get(confirm).content.decode()
    assert Registration.objects.of_meeting(guest_meeting).confirmed().count() == 1


def confirmed_guest(client, meeting, django_capture_on_commit_callbacks, **person):
    message = register_guest(client, meeting, django_capture_on_commit_callbacks, **person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_to(message, "/meeting/guest/"))
    (confirmation,) = mail.outbox
    mail.outbox.clear()
    return confirmation


def test_the_confirmation_email_carries_the_guests_own_link(client, guest_meeting, django_capture_on_commit_callbacks):
    confirmation = confirmed_guest(client, guest_meeting, django_capture_on_commit_callbacks)
    assert "op de bijeenkomstpagina" not in confirmation.body  # guests cannot cancel there
    own = link_to(confirmation, "/meeting/my-registration/")
    page = client.get(own)
    body = page.content.decode()
    assert page.status_code == 200
    for shown in ("Sanne de Gast", "sanne@example.org", "Narratief verantwoorden", "Aangemeld"):
        assert shown in body
    assert "Annuleren" in body and "Wis mijn gegevens" in body


def test_guest_cancels_from_the_emailed_link_and_the_waitlist_moves_up(
    client, guest_meeting, public_atelier, django_capture_on_commit_callbacks
):
    own = link_to(
        confirmed_guest(client, guest_meeting, django_capture_on_commit_callbacks), "/meeting/my-registration/"
    )
    waiting = UserFactory(username="wachter", email="wachter@example.org")
    MembershipFactory(atelier=public_atelier, user=waiting)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(guest_meeting, user=waiting)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(own, {"action": "cancel"}, follow=True)
    assert "Je aanmelding is geannuleerd." in response.content.decode()
    assert Registration.objects.get(guest_email="sanne@example.org").status == "cancelled"
    assert Registration.objects.get(user=waiting).status == "confirmed"
    assert [message.to for message in mail.outbox] == [["wachter@example.org"]]

    # The same link again: a clear message, nothing changed, no second promotion.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(own, {"action": "cancel"}, follow=True)
    assert "al geannuleerd" in again.content.decode() and mail.outbox == []


def test_guest_erases_their_data_and_the_link_stops_working(
    client, guest_meeting, public_atelier, django_capture_on_commit_callbacks
):
    own = link_to(
        confirmed_guest(client, guest_meeting, django_capture_on_commit_callbacks), "/meeting/my-registration/"
    )
    waiting = UserFactory(username="wachter", email="wachter@example.org")
    MembershipFactory(atelier=public_atelier, user=waiting)
    services.register(guest_meeting, user=waiting)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(own, {"action": "erase"})
    assert response.status_code == 200 and "Je gegevens zijn gewist" in response.content.decode()
    assert not Registration.objects.filter(guest_email="sanne@example.org").exists()
    assert not OutboxEmail.objects.filter(recipient="sanne@example.org").exclude(status="sent").exists()
    assert Registration.objects.get(user=waiting).status == "confirmed"
    gone = client.get(own)
    assert gone.status_code == 400 and "bestaat niet meer" in gone.content.decode()
    assert client.post(own, {"action": "erase"}).status_code == 400


def test_forged_and_expired_links_change_nothing(client, guest_meeting, django_capture_on_commit_callbacks):
    own = link_to(
        confirmed_guest(client, guest_meeting, django_capture_on_commit_callbacks), "/meeting/my-registration/"
    )
    registration = Registration.objects.get(guest_email="sanne@example.org")
    forged = own.rstrip("/")[:-3] + "abc/"
    for link in (forged, "/nl/meeting/my-registration/1:123:xyz/", "/nl/meeting/guest/garbage/"):
        response = client.post(link, {"action": "erase"})
        assert response.status_code == 400 and "Er is niets veranderd" in response.content.decode()
    later = time.time() + GUEST_LINK_MAX_AGE + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        expired = client.post(own, {"action": "cancel"})
    assert expired.status_code == 400 and "verlopen" in expired.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_an_old_link_does_not_work_on_a_new_registration(client, guest_meeting, django_capture_on_commit_callbacks):
    own = link_to(
        confirmed_guest(client, guest_meeting, django_capture_on_commit_callbacks), "/meeting/my-registration/"
    )
    client.post(own, {"action": "cancel"})
    registration = Registration.objects.get(guest_email="sanne@example.org")
    registration.created_at = registration.created_at.replace(year=registration.created_at.year + 1)
    registration.status = "confirmed"
    registration.save()  # registered again (the row is reused)
    response = client.post(own, {"action": "cancel"})
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    with translation.override("nl"):
        fresh = reverse("ateliers:guest_registration", args=[guest_link_token(registration)])
    assert client.get(fresh).status_code == 200


def test_a_members_registration_has_no_guest_link(
    client, guest_meeting, public_atelier, django_capture_on_commit_callbacks
):
    person = UserFactory(username="lid", email="lid@example.org")
    MembershipFactory(atelier=public_atelier, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(guest_meeting, user=person)
    (message,) = mail.outbox
    assert "/meeting/my-registration/" not in message.body
    with translation.override("nl"):
        link = reverse("ateliers:guest_registration", args=[guest_link_token(registration)])
    assert client.get(link).status_code == 400


def test_erasing_also_clears_the_address_from_the_emails_already_sent(
    client, guest_meeting, django_capture_on_commit_callbacks
):
    """The emails already sent stay as the record that they went out, but without the address (in
    the recipient and in the event key), at once rather than after the outbox retention; emails
    to other people are left alone."""
    guest_meeting.capacity = 5  # room for both guests: nobody moves up from the waitlist
    guest_meeting.save()
    own = link_to(
        confirmed_guest(client, guest_meeting, django_capture_on_commit_callbacks), "/meeting/my-registration/"
    )
    other = confirmed_guest(
        client, guest_meeting, django_capture_on_commit_callbacks, name="Piet Ander", email="piet@example.org"
    )
    assert other.to == ["piet@example.org"]
    sent = list(OutboxEmail.objects.filter(recipient="sanne@example.org", status="sent").values_list("pk", flat=True))
    assert len(sent) >= 2  # "confirm your registration" and "you are registered"
    others_before = list(OutboxEmail.objects.filter(recipient="piet@example.org").values_list("pk", "key"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(own, {"action": "erase"})

    assert response.status_code == 200
    assert not OutboxEmail.objects.filter(recipient__iexact="sanne@example.org").exists()
    assert not OutboxEmail.objects.filter(key__icontains="sanne@example.org").exists()
    kept = OutboxEmail.objects.filter(pk__in=sent)
    assert kept.count() == len(sent)  # the record that they went out
    for email in kept:
        assert email.recipient == "" and email.key.startswith("forgotten:") and email.status == "sent"
    assert list(OutboxEmail.objects.filter(recipient="piet@example.org").values_list("pk", "key")) == others_before
