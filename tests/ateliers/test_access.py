"""The visibility table for ateliers and meetings, through the real URLs: visitors are sent to
the login page, signed-in non-members get a 404 that names nothing, members see everything."""

import pytest
from django.contrib.auth.models import AnonymousUser

from leeratelier.ateliers.models import Membership
from leeratelier.core import access


def test_public_atelier_and_meeting_are_open_to_everyone(client, public_atelier, public_meeting, outsider):
    for page in (public_atelier, public_meeting):
        assert client.get(page.url).status_code == 200
    client.force_login(outsider)
    for page in (public_atelier, public_meeting):
        assert client.get(page.url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["hidden_atelier", "hidden_meeting"])
def test_hidden_pages_send_visitors_to_login(client, request, which):
    page = request.getfixturevalue(which)
    response = client.get(page.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] and "next=" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["hidden_atelier", "hidden_meeting"])
def test_hidden_pages_are_a_plain_404_for_non_members(client, request, outsider, which):
    page = request.getfixturevalue(which)
    client.force_login(outsider)
    response = client.get(page.url)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Besloten" not in body and "Geheime" not in body and "Jongeren" not in body


def test_members_see_hidden_pages(client, hidden_atelier, hidden_meeting, member):
    client.force_login(member)
    assert "Besloten Jongerenatelier" in client.get(hidden_atelier.url).content.decode()
    assert "Geheime casusbespreking" in client.get(hidden_meeting.url).content.decode()


def test_removed_member_loses_access_at_once(client, hidden_meeting, member):
    client.force_login(member)
    assert client.get(hidden_meeting.url).status_code == 200
    Membership.objects.filter(user=member).delete()
    assert client.get(hidden_meeting.url).status_code == 404


def test_hidden_urls_carry_ids_not_title_words(hidden_atelier, hidden_meeting):
    for page in (hidden_atelier, hidden_meeting):
        assert "besloten" not in page.url and "geheime" not in page.url and "jongeren" not in page.url
        assert page.translation_key.hex[:12] in page.url


def test_hidden_content_stays_out_of_lists_search_and_sitemap(
    client, atelier_index, hidden_meeting, public_meeting, outsider
):
    client.force_login(outsider)
    index = client.get(atelier_index.url).content.decode()
    assert "Leeratelier Armoede" in index and "Besloten" not in index
    for tab in ("pages", "meetings"):
        found = client.get("/nl/search/", {"q": "Geheime casusbespreking", "tab": tab}).content.decode()
        assert ">Geheime casusbespreking</a>" not in found
    client.logout()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert public_meeting.url.strip("/").split("/")[-1] in sitemap
    assert hidden_meeting.slug not in sitemap


def test_members_find_hidden_meetings_in_search(client, hidden_meeting, member):
    client.force_login(member)
    found = client.get("/nl/search/", {"q": "casusbespreking", "tab": "meetings"}).content.decode()
    assert ">Geheime casusbespreking</a>" in found


def test_online_link_only_for_registered_people(client, public_meeting, member):
    from leeratelier.ateliers import services

    assert "meet.example.org" not in client.get(public_meeting.url).content.decode()
    client.force_login(member)
    assert "meet.example.org" not in client.get(public_meeting.url).content.decode()
    services.register(public_meeting, user=member)
    assert "meet.example.org/armoede" in client.get(public_meeting.url).content.decode()


def test_access_function_roles(public_atelier, hidden_atelier, member, coordinator, outsider, editor):
    assert access.role_in(AnonymousUser(), public_atelier) == access.VISITOR
    assert access.role_in(outsider, hidden_atelier) == access.SIGNED_IN
    assert access.role_in(member, hidden_atelier) == access.MEMBER
    assert access.role_in(coordinator, hidden_atelier) == access.COORDINATOR
    assert access.role_in(editor, hidden_atelier) == access.EDITOR
    assert access.can(coordinator, "manage", public_atelier)
    assert not access.can(member, "manage", public_atelier)
    assert access.can(outsider, "join", public_atelier)
    assert not access.can(outsider, "join", hidden_atelier)  # invitation only
    assert not access.can(member, "join", public_atelier)  # already a member


def test_documents_of_hidden_meetings_are_for_members_only(client, hidden_meeting, member, outsider):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from leeratelier.ateliers.models import MeetingDocument

    document = get_document_model().objects.create(
        title="Slides", file=ContentFile(b"%PDF-1.4 slides", name="slides.pdf")
    )
    MeetingDocument.objects.create(meeting=hidden_meeting, document=document)
    assert client.get(document.url).status_code == 302  # visitor: login page
    client.force_login(outsider)
    assert client.get(document.url).status_code == 404
    client.force_login(member)
    assert client.get(document.url).status_code == 200
