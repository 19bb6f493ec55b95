"""The agenda across ateliers and "Mijn leeratelier": they list only what the reader may see,
in both languages, and keep the same number of queries however much they show."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from leeratelier.ateliers import services
from leeratelier.ateliers.agenda import AGENDA_PER_PAGE
from leeratelier.ateliers.factories import AtelierPageFactory, ExpertMeetingPageFactory, MembershipFactory
from leeratelier.ateliers.models import CalendarFeedToken, Membership, Registration
from leeratelier.core import generations, panels
from leeratelier.core.factories import UserFactory


def url_of(name, *args, language="nl"):
    with translation.override(language):
        return reverse(f"ateliers:{name}", args=args)


def page_body(client, name, language="nl", **params):
    response = client.get(url_of(name, language=language), params)
    assert response.status_code == 200
    return response.content.decode()


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def translate(page, title):
    """Publish an English version of a page (and of its parents where they have none)."""
    english = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = title
    english.save_revision().publish()
    return english.specific


# --- agenda ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reader, sees_hidden", [(None, False), ("outsider", False), ("member", True), ("editor", True)]
)
def test_agenda_lists_only_what_the_reader_may_see(
    client, request, public_meeting, hidden_meeting, outsider, member, editor, reader, sees_hidden
):
    if reader:
        client.force_login(request.getfixturevalue(reader))
    body = page_body(client, "agenda")
    assert public_meeting.title in body
    assert (hidden_meeting.title in body) is sees_hidden
    assert ("Besloten Jongerenatelier" in body) is sees_hidden


def test_agenda_groups_meetings_by_month_with_their_details(client, public_atelier, member):
    this_month = timezone.localtime().replace(day=1, hour=12) + timedelta(days=40)
    first = ExpertMeetingPageFactory(
        parent=public_atelier, title="Waardencirkel", start=this_month, end=this_month + timedelta(hours=2), capacity=20
    )
    second = ExpertMeetingPageFactory(
        parent=public_atelier,
        title="Effectencalculator",
        start=this_month + timedelta(days=31),
        end=this_month + timedelta(days=31, hours=2),
        venue="",
        capacity=None,
    )
    past = ExpertMeetingPageFactory(parent=public_atelier, title="Al geweest", days_from_now=-2)
    services.register(first, user=member)

    body = page_body(client, "agenda")

    assert body.count("<h1") == 1
    assert f'<time datetime="{first.start.astimezone(timezone.get_current_timezone()):%Y-%m}">' in body
    assert f'<time datetime="{second.start.astimezone(timezone.get_current_timezone()):%Y-%m}">' in body
    assert body.index(first.title) < body.index(second.title)
    assert f'<time datetime="{timezone.localtime(first.start).replace(microsecond=0).isoformat()}">' in body
    assert "." not in body.split('<time datetime="', 2)[2].split('"', 1)[0]  # no microseconds (HTML allows none)
    assert public_atelier.title in body
    assert "<dd>19</dd>" in body  # seats left
    assert "Online" in body  # the second meeting has no venue
    assert past.title not in body
    assert url_of("site_feed") in body


def test_agenda_is_paginated(client, public_atelier):
    start = timezone.now() + timedelta(days=3)
    for n in range(AGENDA_PER_PAGE + 1):
        ExpertMeetingPageFactory(
            parent=public_atelier,
            title=f"Bijeenkomst {n:02d}",
            start=start + timedelta(hours=n),
            end=start + timedelta(hours=n, minutes=50),
        )
    first_page = page_body(client, "agenda")
    second_page = page_body(client, "agenda", page=2)
    assert "Bijeenkomst 19" in first_page and "Bijeenkomst 20" not in first_page
    assert "Bijeenkomst 20" in second_page and "Bijeenkomst 00" not in second_page


def test_english_agenda_shows_untranslated_meetings_in_dutch(client, public_atelier, public_meeting):
    untranslated = ExpertMeetingPageFactory(parent=public_atelier, title="Alleen in het Nederlands")
    translate(public_atelier, "Learning atelier Poverty")
    translated = translate(public_meeting, "Making poverty discussable")

    body = page_body(client, "agenda", language="en")

    assert translated.title in body and public_meeting.title not in body
    assert f'lang="nl" hreflang="nl">{untranslated.title}</a>' in body
    assert "Learning atelier Poverty" in body  # the atelier in English for both meetings
    assert public_atelier.title not in body
    assert page_body(client, "agenda").count(public_meeting.title) == 1  # Dutch: the Dutch page only


def test_agenda_query_count_does_not_grow(client, atelier_index, member):
    def build(count, offset):
        for n in range(count):
            atelier = AtelierPageFactory(parent=atelier_index, title=f"Atelier {offset + n}")
            MembershipFactory(atelier=atelier, user=member)
            meeting = ExpertMeetingPageFactory(parent=atelier, title=f"Meeting {offset + n}")
            Registration.objects.create(meeting_key=meeting.translation_key, user=member, status="confirmed")

    client.force_login(member)
    build(2, 0)
    queries_for(client, url_of("agenda"))  # warm the site root path cache
    small = queries_for(client, url_of("agenda"))
    build(10, 100)
    queries_for(client, url_of("agenda"))  # publishing moved the navigation cache on: warm it again
    assert queries_for(client, url_of("agenda")) == small


# --- my page ---------------------------------------------------------------------------------


def test_my_page_needs_a_signed_in_person(client):
    response = client.get(url_of("my_page"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_my_page_shows_my_ateliers_meetings_and_waitlist(
    client, public_atelier, hidden_atelier, public_meeting, hidden_meeting, member, outsider
):
    full = ExpertMeetingPageFactory(parent=public_atelier, title="Volle bijeenkomst", capacity=1)
    MembershipFactory(atelier=public_atelier, user=outsider)
    services.register(full, user=outsider)
    services.register(full, user=member)  # waitlisted, first in line
    services.register(hidden_meeting, user=member)
    cancelled = ExpertMeetingPageFactory(parent=public_atelier, title="Afgezegd")
    services.cancel(services.register(cancelled, user=member))
    elsewhere = AtelierPageFactory(parent=public_atelier.get_parent(), title="Niet mijn atelier")

    client.force_login(member)
    body = page_body(client, "my_page")

    assert body.count("<h1") == 1
    assert public_atelier.title in body and hidden_atelier.title in body and elsewhere.title not in body
    assert hidden_meeting.title in body and full.title in body
    assert public_meeting.title not in body and cancelled.title not in body
    # Cancelling asks first: the page links to the confirmation step.
    assert f'href="{url_of("cancel", hidden_meeting.pk)}"' in body
    assert f'href="{url_of("cancel", full.pk)}"' in body
    assert hidden_meeting.online_url in body  # my own confirmed registration
    assert body.index(hidden_meeting.title) < body.index("my-waitlist-heading") < body.index(full.title)
    assert CalendarFeedToken.objects.get(user=member).token in body
    assert f'action="{url_of("renew_personal_feed")}"' in body


def test_my_page_shows_a_coordinator_the_join_requests(client, public_atelier, coordinator, outsider):
    MembershipFactory(atelier=public_atelier, user=outsider, status=Membership.Status.REQUESTED)
    client.force_login(coordinator)
    body = page_body(client, "my_page")
    assert 'id="join-requests-heading"' in body
    try:
        members_url = url_of("members", public_atelier.pk)
    except NoReverseMatch:  # the members page is built separately; without it there is no link
        members_url = None
    assert members_url is None or members_url in body


def test_my_page_shows_no_join_requests_to_a_member(client, public_atelier, member, outsider):
    MembershipFactory(atelier=public_atelier, user=outsider, status=Membership.Status.REQUESTED)
    client.force_login(member)
    assert 'id="join-requests-heading"' not in page_body(client, "my_page")


def test_my_page_in_english_shows_untranslated_meetings_in_dutch(client, public_atelier, public_meeting, member):
    services.register(public_meeting, user=member)
    translate(public_atelier, "Learning atelier Poverty")
    client.force_login(member)
    body = page_body(client, "my_page", language="en")
    assert f'lang="nl">{public_meeting.title}</a>' in body
    assert "Learning atelier Poverty" in body


def test_my_page_query_count_does_not_grow(client, atelier_index):
    person = UserFactory(username="busy")

    def build(count, offset):
        for n in range(count):
            atelier = AtelierPageFactory(parent=atelier_index, title=f"Atelier {offset + n}")
            MembershipFactory(atelier=atelier, user=person, role=Membership.Role.COORDINATOR)
            MembershipFactory(atelier=atelier, user=UserFactory(username=f"asks{offset + n}"), status="requested")
            meeting = ExpertMeetingPageFactory(parent=atelier, title=f"Meeting {offset + n}", capacity=1)
            status = "confirmed" if n % 2 else "waitlisted"
            Registration.objects.create(
                meeting_key=meeting.translation_key,
                user=person,
                status=status,
                waitlisted_at=timezone.now() if status == "waitlisted" else None,
            )

    def rendered_and_kept():
        """The queries of the page rendered afresh (something of the reader's changed), then kept."""
        generations.bump(panels.reader_generation(person.pk))
        return queries_for(client, url_of("my_page")), queries_for(client, url_of("my_page"))

    client.force_login(person)
    build(2, 0)
    queries_for(client, url_of("my_page"))  # creates the feed token, warms the site root path cache
    small = rendered_and_kept()
    build(10, 100)
    queries_for(client, url_of("my_page"))  # publishing moved the navigation cache on: warm it again
    assert rendered_and_kept() == small
    assert small[1] < small[0]
