"""Atelier index, atelier page and meeting page: content, joining, registering through the
forms, and query counts that do not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leeratelier.ateliers.factories import AtelierPageFactory, ExpertMeetingPageFactory, MembershipFactory
from leeratelier.ateliers.models import AtelierPage, Membership, Registration
from leeratelier.core.factories import UserFactory, WerkplaatsFactory
from leeratelier.core.models import OutboxEmail


def queries_for(client, url):
    client.get(url)  # warm up: first requests fill per-process caches (site roots, profiles)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_index_filters_by_werkplaats(client, atelier_index, public_atelier):
    han = WerkplaatsFactory(name="WSDAN", university="HAN", university_name="HAN")
    other = AtelierPageFactory(parent=atelier_index, title="Leeratelier Jongeren HAN", werkplaats=han)
    body = client.get(atelier_index.url, {"werkplaats": han.pk}).content.decode()
    assert other.title in body and public_atelier.title not in body


def test_index_shows_upcoming_meetings(client, atelier_index, public_meeting):
    body = client.get(atelier_index.url).content.decode()
    assert public_meeting.title in body


def test_index_query_count_does_not_grow(client, atelier_index):
    def build(count, offset):
        for n in range(count):
            atelier = AtelierPageFactory(parent=atelier_index, title=f"Atelier {offset + n}")
            ExpertMeetingPageFactory(parent=atelier, title=f"Meeting {offset + n}")
            MembershipFactory(atelier=atelier)

    build(2, 0)
    small = queries_for(client, atelier_index.url)
    build(10, 100)
    assert queries_for(client, atelier_index.url) == small


def test_atelier_page_query_count_does_not_grow(client, public_atelier, coordinator):
    def build(count, offset):
        for n in range(count):
            meeting = ExpertMeetingPageFactory(
                parent=public_atelier, title=f"Meeting {offset + n}", days_from_now=n - 5
            )
            MembershipFactory(atelier=public_atelier, user=UserFactory(username=f"u{offset + n}"))
            Registration.objects.create(meeting_key=meeting.translation_key, user=coordinator, status="confirmed")

    build(2, 0)
    client.force_login(coordinator)
    small = queries_for(client, public_atelier.url)
    build(10, 100)
    assert queries_for(client, public_atelier.url) == small


def test_meeting_page_query_count_does_not_grow(client, public_meeting, member):
    client.force_login(member)
    small = queries_for(client, public_meeting.url)
    for n in range(10):
        Registration.objects.create(
            meeting_key=public_meeting.translation_key, user=UserFactory(username=f"r{n}"), status="confirmed"
        )
    assert queries_for(client, public_meeting.url) == small


def test_atelier_page_shows_coordinators_members_and_meetings(
    client, public_atelier, public_meeting, coordinator, member
):
    body = client.get(public_atelier.url).content.decode()
    assert "Cor Dinator" in body
    assert public_meeting.title in body
    assert "<dd>2</dd>" in body  # members: the coordinator and the member


def test_asking_to_join_notifies_the_coordinators(client, public_atelier, coordinator, outsider):
    client.force_login(outsider)
    response = client.post(f"/nl/atelier/{public_atelier.pk}/join/", {"motivation": "Ik wil graag meedoen."})
    assert response.status_code == 302
    membership = Membership.objects.get(user=outsider)
    assert membership.status == "requested"
    email = OutboxEmail.objects.get(kind="atelier-join-request")
    assert email.recipient == coordinator.email
    # Asking again changes nothing and sends nothing new.
    client.post(f"/nl/atelier/{public_atelier.pk}/join/", {"motivation": "Nog een keer"})
    assert OutboxEmail.objects.filter(kind="atelier-join-request").count() == 1


def test_open_atelier_admits_at_once(client, public_atelier, outsider):
    AtelierPage.objects.filter(pk=public_atelier.pk).update(join_mode="open")
    client.force_login(outsider)
    client.post(f"/nl/atelier/{public_atelier.pk}/join/", {"motivation": ""})
    assert Membership.objects.get(user=outsider).status == "active"


def test_join_a_hidden_atelier_is_a_404_for_outsiders(client, hidden_atelier, outsider):
    client.force_login(outsider)
    assert client.post(f"/nl/atelier/{hidden_atelier.pk}/join/", {}).status_code == 404
    assert not Membership.objects.filter(user=outsider).exists()


def test_member_registers_through_the_page(client, public_meeting, member):
    client.force_login(member)
    response = client.post(f"/nl/meeting/{public_meeting.pk}/register/", follow=True)
    assert "Je bent aangemeld. We sturen je een mail met een bestand voor je agenda." in response.content.decode()
    assert Registration.objects.of_meeting(public_meeting).get().user == member
    client.post(f"/nl/meeting/{public_meeting.pk}/register/")  # double submit
    assert Registration.objects.of_meeting(public_meeting).count() == 1


def test_guest_form_errors_are_shown_in_dutch(client, public_atelier):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, guests_allowed=True)
    response = client.post(f"/nl/meeting/{meeting.pk}/register/", {"name": "", "email": "geen-adres"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Dit is een verplicht veld" in body and "Voer een geldig e-mailadres in" in body
    assert not Registration.objects.exists()


def test_english_index_lists_untranslated_ateliers_in_dutch(client, atelier_index, public_atelier):
    from wagtail.models import Locale

    english = atelier_index.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Learning ateliers"
    english.save_revision().publish()
    response = client.get(english.url)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert 'lang="nl"' in body.split("Leeratelier Armoede")[0].rsplit("<li", 1)[1]
