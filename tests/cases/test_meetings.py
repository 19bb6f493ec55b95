"""Cases and expert meetings: a coordinator links a case to a meeting of its atelier where it
was discussed; the case shows the meeting, and the meeting page shows the case only to people
who may read it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from leeratelier.ateliers.factories import ExpertMeetingPageFactory
from leeratelier.cases import services
from leeratelier.cases.models import MeetingDiscussion

from .test_views import CASE


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def case(public_atelier, member):
    return services.post_case(public_atelier, member, **{**CASE, "title": "Casus over de energierekening"})


def link(client, case, meeting):
    return client.post(reverse("cases:link_meeting", args=[case.pk]), {"meeting": meeting.pk})


def test_coordinator_links_and_both_pages_show_it_to_members_only(
    client, case, public_meeting, member, coordinator, outsider
):
    client.force_login(coordinator)
    assert link(client, case, public_meeting).status_code == 302
    assert MeetingDiscussion.objects.filter(case=case, meeting_key=public_meeting.translation_key).exists()
    link(client, case, public_meeting)  # twice: one link
    assert MeetingDiscussion.objects.count() == 1

    client.force_login(member)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'<a href="{public_meeting.url}">{public_meeting.title}</a>' in page
    meeting_page = client.get(public_meeting.url).content.decode()
    assert case.title in meeting_page and reverse("cases:detail", args=[case.pk]) in meeting_page

    # The public meeting page names no case for a visitor or a non-member.
    client.logout()
    response = client.get(public_meeting.url)
    assert response.status_code == 200 and case.title not in response.content.decode()
    client.force_login(outsider)
    assert case.title not in client.get(public_meeting.url).content.decode()


def test_only_coordinators_and_only_meetings_of_the_same_atelier(
    client, case, member, coordinator, hidden_meeting, public_meeting
):
    client.force_login(member)
    link(client, case, public_meeting)
    assert not MeetingDiscussion.objects.exists()
    client.force_login(coordinator)
    link(client, case, hidden_meeting)
    assert not MeetingDiscussion.objects.exists()


def test_coordinator_unlinks(client, case, coordinator, public_meeting):
    discussion = services.link_meeting(case, coordinator, public_meeting)
    client.force_login(coordinator)
    client.post(reverse("cases:unlink_meeting", args=[case.pk, discussion.pk]))
    assert not MeetingDiscussion.objects.exists()


def test_case_page_queries_do_not_grow_with_meetings(client, public_atelier, member, coordinator, public_meeting):
    one = services.post_case(public_atelier, member, **CASE)
    many = services.post_case(public_atelier, member, **CASE)
    services.link_meeting(one, coordinator, public_meeting)
    for i in range(4):
        services.link_meeting(
            many, coordinator, ExpertMeetingPageFactory(parent=public_atelier, title=f"Bijeenkomst {i}")
        )

    def count(target):
        url = reverse("cases:detail", args=[target.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for person in (member, coordinator):
        client.force_login(person)
        assert count(one) == count(many)
