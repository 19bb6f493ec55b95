"""Navigation and "Mijn leeratelier" (issue 14, part 1): the header links to the member's page,
their (public) ateliers and the agenda; signing in from a public page lands on the member's page;
the atelier page links its calendar feed; the member's page lists my cases and contributions and
the next steps of a new member, asks before cancelling, and keeps its query count at two sizes."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cycles import services as cycle_services
from leeratelier.ateliers import services
from leeratelier.ateliers.factories import AtelierPageFactory, ExpertMeetingPageFactory, RegistrationFactory
from leeratelier.ateliers.models import Registration
from leeratelier.cases import services as case_services
from leeratelier.core.models import OutboxEmail
from tests.cycles.conftest import start as start_cycle

CASE = dict(title="Mijn eerste casus", situation="Een gezin.", question="Hoe verder?", anonymised_confirmed=True)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def test_the_header_shows_my_page_my_public_ateliers_and_the_agenda(client, member, public_atelier, hidden_atelier):
    client.force_login(member)
    html = client.get("/nl/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert f'href="{reverse("ateliers:my_page")}"' in header
    assert f'href="{reverse("ateliers:agenda")}"' in header
    assert public_atelier.title in header
    assert hidden_atelier.title not in header  # a hidden one's name is on Mijn leeratelier only
    client.logout()
    header = client.get("/nl/").content.decode()
    assert reverse("ateliers:agenda") in header and reverse("ateliers:my_page") not in header


def test_signing_in_from_a_public_page_lands_on_my_page(client, public_atelier, member):
    member.set_password("geheim-wachtwoord-1")
    member.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    page = client.get(public_atelier.url).content.decode()
    login_url = re.search(r'href="([^"]*/accounts/login/[^"]*)">', page).group(1)
    assert "next=" not in login_url
    response = client.post(login_url, {"login": member.email, "password": "geheim-wachtwoord-1"})
    assert response.status_code == 302 and response["Location"] == reverse("ateliers:my_page")
    # An explicit next still wins.
    client.logout()
    response = client.post(
        reverse("account_login") + "?next=/nl/agenda/", {"login": member.email, "password": "geheim-wachtwoord-1"}
    )
    assert response["Location"] == "/nl/agenda/"


def test_the_atelier_page_links_its_calendar_feed(client, public_atelier, hidden_atelier, member):
    feed = reverse("ateliers:atelier_feed", args=[public_atelier.pk])
    assert feed in client.get(public_atelier.url).content.decode()
    client.force_login(member)
    assert (
        reverse("ateliers:atelier_feed", args=[hidden_atelier.pk])
        not in client.get(hidden_atelier.url).content.decode()
    )


def test_joining_sends_one_welcome_email_and_shows_the_next_steps(client, public_atelier, public_meeting, outsider):
    public_atelier.join_mode = "open"
    public_atelier.save()
    client.force_login(outsider)
    for _ in range(2):
        client.post(reverse("ateliers:join", args=[public_atelier.pk]), {"motivation": ""})
    welcome = OutboxEmail.objects.filter(kind="atelier-welcome")
    assert [email.recipient for email in welcome] == [outsider.email]
    from leeratelier.core import outbox

    message = outbox.render(welcome.get())
    assert public_atelier.title in message.subject
    assert (
        reverse("accounts:profile") in message.body
        and reverse("cases:library", args=[public_atelier.pk]) in message.body
    )
    page = client.get(reverse("ateliers:my_page")).content.decode()
    steps = page[page.index('id="next-steps-heading"') :]
    assert reverse("accounts:profile") in steps  # the profile is still empty
    assert public_meeting.title in steps and reverse("cases:library", args=[public_atelier.pk]) in steps


def test_my_page_lists_my_cases_and_my_contributions(client, member, hidden_atelier, coordinator):
    case = case_services.post_case(hidden_atelier, member, **CASE)
    cycle = start_cycle(hidden_atelier, coordinator)
    cycle_services.join(cycle, member)
    contribution = cycle_services.contribute(cycle.phases.get(status="open"), member, kind="note", body="Notitie")
    client.force_login(member)
    page = client.get(reverse("ateliers:my_page")).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in page and CASE["title"] in page
    assert f"#contribution-{contribution.pk}" in page and reverse("cycles:mine") in page


def test_my_cases_are_paginated(client, member, hidden_atelier):
    for number in range(7):
        case_services.post_case(hidden_atelier, member, **{**CASE, "title": f"Casus nummer {number}"})
    client.force_login(member)
    first = client.get(reverse("ateliers:my_page")).content.decode()
    second = client.get(reverse("ateliers:my_page"), {"cases": 2}).content.decode()
    assert "Casus nummer 6" in first and "Casus nummer 0" not in first
    assert "Casus nummer 0" in second


def test_cancelling_from_my_page_asks_first(client, member, hidden_meeting):
    registration = RegistrationFactory(meeting=hidden_meeting, user=member)
    client.force_login(member)
    url = reverse("ateliers:cancel", args=[hidden_meeting.pk])
    assert f'href="{url}"' in client.get(reverse("ateliers:my_page")).content.decode()
    confirm = client.get(url)
    assert confirm.status_code == 200 and hidden_meeting.title in confirm.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED  # asking changed nothing
    response = client.post(url, {"then": "my_page"})
    assert response["Location"] == reverse("ateliers:my_page")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


@pytest.mark.parametrize("size", [2, 12])
def test_my_page_query_count_does_not_grow(
    client, member, coordinator, atelier_index, django_assert_max_num_queries, size
):
    for number in range(size):
        atelier = AtelierPageFactory(parent=atelier_index, title=f"Atelier {number}", join_mode="open")
        services.ask_to_join(atelier, member)
        start = timezone.now() + timedelta(days=number + 1)
        meeting = ExpertMeetingPageFactory(parent=atelier, start=start, end=start + timedelta(hours=2))
        RegistrationFactory(meeting=meeting, user=member)
        case_services.post_case(atelier, member, **{**CASE, "title": f"Casus {number}"})
    client.force_login(member)
    client.get(reverse("ateliers:my_page"))  # warm the caches
    with django_assert_max_num_queries(15):
        assert client.get(reverse("ateliers:my_page")).status_code == 200
