"""The page "Mijn leeratelier" is kept in the cache per reader (ateliers.my_page, core.generations): a kept
page makes no query of its own, every change the reader could notice on it is there on their very
next visit (their memberships, registrations, waitlist places, join requests, meetings, cases,
contributions, calendar address and profile, and time passing), the form on it carries the token
of the reader's own session, and nobody ever gets another reader's page."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cycles import services as cycle_services
from leeratelier.accounts.models import profile_of
from leeratelier.ateliers import services
from leeratelier.ateliers.factories import ExpertMeetingPageFactory, MembershipFactory
from leeratelier.ateliers.models import CalendarFeedToken, Membership, Registration
from leeratelier.cases import moderation
from leeratelier.cases import services as case_services
from leeratelier.core.factories import UserFactory
from tests.cycles.conftest import start as start_cycle

pytestmark = pytest.mark.django_db

CASE = dict(title="Mijn eerste casus", situation="Een gezin.", question="Hoe verder?", anonymised_confirmed=True)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        cache.clear()
        yield


def my_page(client, user=None, **params):
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("ateliers:my_page"), params)
    assert response.status_code == 200
    return response.content.decode()


def section(body, heading_id):
    """The part of the page from one section's heading to the next section."""
    start = body.index(f'id="{heading_id}"')
    end = body.find("<section", start)
    return body[start : end if end != -1 else len(body)]


def test_a_kept_page_makes_no_query_of_its_own(client, member, public_meeting):
    services.register(public_meeting, user=member)
    my_page(client, member)  # makes the calendar address: the next visit renders anew
    my_page(client)
    with CaptureQueriesContext(connection) as captured:
        body = my_page(client)
    tables = ("ateliers_registration", "ateliers_calendarfeedtoken", "cases_case", "cycles_contribution")
    assert not [query["sql"] for query in captured if any(table in query["sql"] for table in tables)]
    assert public_meeting.title in body


def test_registrations_and_waitlist_places_show_at_once(client, member, public_atelier, coordinator):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, title="Kleine bijeenkomst", capacity=1)
    first, second = UserFactory(username="first"), UserFactory(username="second")
    for person in (first, second):
        MembershipFactory(atelier=public_atelier, user=person)
    assert "Kleine bijeenkomst" not in my_page(client, member)

    services.register(meeting, user=first)  # the one seat
    services.register(meeting, user=second)  # first on the waitlist
    mine = services.register(meeting, user=member)
    body = section(my_page(client, member), "my-waitlist-heading")
    assert "Kleine bijeenkomst" in body and "You are number 2 on the waitlist." in body

    services.cancel(Registration.objects.get(user=second))  # someone ahead leaves the waitlist
    assert "You are number 1 on the waitlist." in my_page(client, member)

    services.cancel(Registration.objects.get(user=first))  # the seat is freed: mine now
    body = my_page(client, member)
    assert "my-waitlist-heading" not in body and "Kleine bijeenkomst" in section(body, "my-meetings-heading")

    mine.refresh_from_db()
    services.cancel(mine)
    assert "Kleine bijeenkomst" not in my_page(client, member)


def test_memberships_and_join_requests_show_at_once(client, member, coordinator, outsider, public_atelier):
    assert "join-requests-heading" not in my_page(client, coordinator)
    services.ask_to_join(public_atelier, outsider)
    assert "1 request" in section(my_page(client, coordinator), "join-requests-heading")

    assert public_atelier.title not in my_page(client, outsider)  # asked, not a member yet
    services.decide(Membership.objects.get(user=outsider), approve=True, by=coordinator)
    body = my_page(client, outsider)
    assert public_atelier.title in section(body, "my-ateliers-heading")
    assert "next-steps-heading" in body  # a new member's next steps
    assert "join-requests-heading" not in my_page(client, coordinator)

    services.leave(Membership.objects.get(user=outsider))
    body = my_page(client, outsider)
    assert public_atelier.title not in body and "next-steps-heading" not in body


def test_a_changed_or_cancelled_meeting_shows_at_once(client, member, public_meeting):
    services.register(public_meeting, user=member)
    assert public_meeting.title in my_page(client, member)
    public_meeting.title = "Een nieuwe titel voor de bijeenkomst"
    public_meeting.save_revision().publish()
    body = my_page(client, member)
    assert "Een nieuwe titel voor de bijeenkomst" in body and "badge--cancelled" not in body
    public_meeting.cancelled = True
    public_meeting.save_revision().publish()
    assert "badge--cancelled" in my_page(client, member)


def test_a_meeting_that_ended_and_an_atelier_no_longer_new_leave_the_page(
    client, monkeypatch, outsider, coordinator, public_atelier
):
    now = timezone.now()
    meeting = ExpertMeetingPageFactory(
        parent=public_atelier, title="Straks", start=now + timedelta(hours=1), end=now + timedelta(hours=2)
    )
    later = ExpertMeetingPageFactory(parent=public_atelier, title="Over drie dagen", days_from_now=3)
    services.ask_to_join(public_atelier, outsider)
    services.decide(Membership.objects.get(user=outsider), approve=True, by=coordinator)
    # Joined almost NEW_MEMBER_DAYS ago: new for twelve more hours.
    Membership.objects.filter(user=outsider).update(decided_at=now - timedelta(days=30) + timedelta(hours=12))
    services.register(meeting, user=outsider)
    body = my_page(client, outsider)
    assert "Straks" in section(body, "my-meetings-heading") and "Straks" in section(body, "next-steps-heading")

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=3))
    body = my_page(client)
    assert "Straks" not in body  # ended: gone from my meetings, the next steps name the next one
    assert later.title in section(body, "next-steps-heading")

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=13))
    assert "next-steps-heading" not in my_page(client)


def test_my_cases_and_contributions_show_at_once(client, member, coordinator, hidden_atelier):
    case = case_services.post_case(hidden_atelier, member, **CASE)
    body = section(my_page(client, member), "my-cases-heading")
    assert CASE["title"] in body and "badge--open" in body

    case_services.reflect(case, coordinator, "question", "Wat zegt het gezin zelf?")  # "reflecting", by update
    assert "badge--reflecting" in section(my_page(client, member), "my-cases-heading")

    case.refresh_from_db()
    moderation.hide(case, coordinator, "Te herkenbaar")
    body = section(my_page(client, member), "my-cases-heading")
    assert CASE["title"] not in body and "Hidden case" in body

    cycle = start_cycle(hidden_atelier, coordinator)
    cycle_services.join(cycle, member)
    assert "#contribution-" not in my_page(client, member)
    contribution = cycle_services.contribute(cycle.phases.get(status="open"), member, kind="note", body="Notitie")
    assert f"#contribution-{contribution.pk}" in my_page(client, member)
    cycle_services.remove_contribution(contribution, member)
    assert f"#contribution-{contribution.pk}" not in my_page(client, member)


def test_another_page_of_my_cases_is_not_the_kept_page(client, member, hidden_atelier):
    for number in range(7):
        case_services.post_case(hidden_atelier, member, **{**CASE, "title": f"Casus nummer {number}"})
    for _ in range(2):
        first, second = my_page(client, member), my_page(client, cases=2)
        assert "Casus nummer 6" in first and "Casus nummer 0" not in first
        assert "Casus nummer 0" in second and "Casus nummer 6" not in second


def test_the_calendar_address_and_the_profile_show_at_once(client, outsider, coordinator, public_atelier):
    services.ask_to_join(public_atelier, outsider)
    services.decide(Membership.objects.get(user=outsider), approve=True, by=coordinator)
    body = my_page(client, outsider)
    old = CalendarFeedToken.objects.get(user=outsider).token
    assert old in body and reverse("accounts:profile") in section(body, "next-steps-heading")

    renewed = CalendarFeedToken.renew(outsider).token
    body = my_page(client)
    assert renewed in body and old not in body

    profile = profile_of(outsider)
    profile.role, profile.organisation, profile.bio = "social_worker", "Gemeente Utrecht", "Ik werk in de wijk."
    profile.save()
    assert reverse("accounts:profile") not in section(my_page(client), "next-steps-heading")


def test_the_renew_form_carries_this_sessions_token(member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    for _ in range(3):  # the last one is a kept page
        body = browser.get(reverse("ateliers:my_page")).content.decode()
    renew = body[body.index(reverse("ateliers:renew_personal_feed")) :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', renew).group(1)
    response = browser.post(reverse("ateliers:renew_personal_feed"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    other = Client(enforce_csrf_checks=True)
    other.force_login(member)
    other.get(reverse("ateliers:my_page"))
    assert other.post(reverse("ateliers:renew_personal_feed"), {"csrfmiddlewaretoken": token}).status_code == 403


def test_nobody_gets_another_readers_page(client, member, outsider, hidden_atelier, hidden_meeting):
    services.register(hidden_meeting, user=member)
    case_services.post_case(hidden_atelier, member, **CASE)
    mine = my_page(client, member)
    token = CalendarFeedToken.objects.get(user=member).token
    assert hidden_meeting.title in mine and hidden_atelier.title in mine and token in mine
    for _ in range(2):
        theirs = my_page(client, outsider)
        assert hidden_meeting.title not in theirs and hidden_atelier.title not in theirs
        assert token not in theirs and CASE["title"] not in theirs


def test_each_language_is_kept_on_its_own(client, member):
    assert "My ateliers" in my_page(client, member)
    with translation.override("nl"):
        body = my_page(client)
        assert "Mijn leerateliers" in body and "My ateliers" not in body
    assert "My ateliers" in my_page(client)


def test_becoming_an_admin_shows_the_meetings_of_every_atelier_at_once(client, member, hidden_atelier, hidden_meeting):
    services.register(hidden_meeting, user=member)
    Membership.objects.get(user=member, atelier_key=hidden_atelier.translation_key).delete()
    assert hidden_meeting.title not in my_page(client, member)
    member.is_superuser = True
    member.save()
    assert hidden_meeting.title in my_page(client, member)


def test_the_header_stays_live_on_the_kept_page(client, member, hidden_atelier, coordinator):
    """The unread count is the header's, never part of the kept page: a notification read shows
    at once (and so on the kept case library, which shares the header)."""
    case = case_services.post_case(hidden_atelier, member, **CASE)
    case_services.reflect(case, coordinator, "question", "Wat zegt het gezin zelf?")  # the member hears of it
    library = reverse("cases:library", args=[hidden_atelier.pk])
    for _ in range(3):
        assert "count-badge" in my_page(client, member)
        assert "count-badge" in client.get(library).content.decode()
    client.post(reverse("notifications:mark_read"), {"all": "1"})
    assert "count-badge" not in my_page(client)
    assert "count-badge" not in client.get(library).content.decode()
