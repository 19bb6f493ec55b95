"""Registering as a guest happens on a page of its own: the meeting page then holds no form with
a CSRF token, so visitors get it from the page cache, and the seats left on it follow every
registration."""

import pytest
from django.core import mail
from django.core.cache import cache

from leeratelier.ateliers.factories import ExpertMeetingPageFactory
from leeratelier.ateliers.models import Registration
from leeratelier.core.pagecache import HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest_meeting(public_atelier):
    return ExpertMeetingPageFactory(parent=public_atelier, title="Open tafel armoede", guests_allowed=True, capacity=20)


def test_visitors_get_the_meeting_page_from_the_cache(
    client, guest_meeting, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    first = client.get(guest_meeting.url)
    body = first.content.decode()
    assert first.cookies == {} and "csrfmiddlewaretoken" not in body
    assert f'href="/nl/meeting/{guest_meeting.pk}/register/"' in body and "Aanmelden als gast" in body
    assert "Nog 20 plaatsen vrij" in body
    assert client.get(guest_meeting.url)[HEADER] == "hit"

    # A guest registers on the form page and confirms: the cached meeting page shows one seat less.
    guest = client.__class__()
    with django_capture_on_commit_callbacks(execute=True):
        response = guest.post(
            f"/nl/meeting/{guest_meeting.pk}/register/", {"name": "Sanne de Vries", "email": "sanne@example.org"}
        )
    assert response.status_code == 302
    registration = Registration.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        from leeratelier.ateliers import services

        services.confirm_guest(registration)
    again = client.get(guest_meeting.url)
    assert again[HEADER] == "miss" and "Nog 19 plaatsen vrij" in again.content.decode()


def test_the_guest_page_shows_the_form_and_registers(client, guest_meeting, django_capture_on_commit_callbacks):
    page = client.get(f"/nl/meeting/{guest_meeting.pk}/register/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Aanmelden als gast</h1>" in body and "Open tafel armoede" in body
    assert 'name="name"' in body and 'name="email"' in body

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/nl/meeting/{guest_meeting.pk}/register/", {"name": "Sanne", "email": "Sanne@Example.org"}, follow=True
        )
    assert "we hebben je een e-mail gestuurd" in response.content.decode().lower()
    registration = Registration.objects.get()
    assert registration.guest_email == "sanne@example.org" and registration.status == Registration.Status.UNCONFIRMED
    assert len(mail.outbox) == 1 and "/meeting/guest/" in mail.outbox[0].body  # the confirmation link


def test_guest_page_errors_are_in_the_users_language_and_keep_the_input(client, guest_meeting):
    response = client.post(f"/en/meeting/{guest_meeting.pk}/register/", {"name": "Sanne", "email": "not-an-address"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid email address" in body and 'value="Sanne"' in body
    assert not Registration.objects.exists()


def test_a_member_is_sent_to_the_meeting_page(client, guest_meeting, member):
    client.force_login(member)
    response = client.get(f"/nl/meeting/{guest_meeting.pk}/register/")
    assert response.status_code == 302 and response["Location"] == guest_meeting.url


def test_no_guests_no_form(client, public_meeting):
    response = client.get(f"/nl/meeting/{public_meeting.pk}/register/")
    assert response.status_code == 302 and "/login/" in response["Location"]
