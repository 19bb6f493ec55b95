"""The "preview" button of the coordinator's announcement (issue 14 part 5): the message as
members will read it (sanitised) above the form, the subject and text kept, nothing sent; the
same form sent without it reaches the members."""

import pytest
from django.urls import reverse
from django.utils import translation

from leeratelier.notifications.models import Announcement, Notification
from tests.cases.test_preview import PAYLOAD, assert_sanitised, preview_of

from .conftest import sent_to


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_coordinator_previews_an_announcement_and_nothing_is_sent(client, hidden_atelier, coordinator, member):
    url = reverse("notifications:announce", args=[hidden_atelier.pk])
    data = {"title": "Dinsdag geen bijeenkomst", "body": PAYLOAD}
    client.force_login(coordinator)
    response = client.post(url, {**data, "preview": "1"})
    assert response.status_code == 200
    assert_sanitised(preview_of(response))
    html = response.content.decode()
    form = html.split('class="stacked-form"')[1]
    assert 'value="Dinsdag geen bijeenkomst"' in form and "Een **vette** tekst" in form
    assert "The message was not sent" not in html  # a preview is not a failed send
    assert not Announcement.objects.exists() and not Notification.objects.filter(kind="announcement").exists()
    assert sent_to(member) == []

    assert client.post(url, data).status_code == 302
    assert Announcement.objects.count() == 1
    assert len(sent_to(member)) == 1


def test_a_preview_of_an_incomplete_announcement_shows_the_errors_and_keeps_the_text(
    client, hidden_atelier, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        reverse("notifications:announce", args=[hidden_atelier.pk]),
        {"title": "", "body": "Tot *dinsdag*", "preview": "1"},
    )
    html = response.content.decode()
    assert 'id="preview"' not in html and "errorlist" in html and "Tot *dinsdag*" in html
    assert not Announcement.objects.exists()


def test_members_cannot_preview_an_announcement(client, hidden_atelier, member):
    client.force_login(member)
    url = reverse("notifications:announce", args=[hidden_atelier.pk])
    assert client.post(url, {"title": "x", "body": "y", "preview": "1"}).status_code == 404
