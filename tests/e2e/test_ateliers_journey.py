"""Ateliers and expert meetings in a browser: a coordinator publishes a meeting in the Wagtail
admin, a member signs in, registers and takes the meeting into their calendar, a visitor reads
the meeting without its online link, and a signed-in non-member gets a 404 that names nothing
for a hidden atelier's meeting. On every site page on the way: WCAG 2.1 A/AA (axe) and no CSP
violations or console errors.

The data is built with the factories in each test (the live server's transactional database is
flushed after every test; see conftest.py).
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from icalendar import Calendar
from playwright.sync_api import expect

from leeratelier.ateliers.factories import (
    AtelierIndexPageFactory,
    AtelierPageFactory,
    ExpertMeetingPageFactory,
    MembershipFactory,
)
from leeratelier.ateliers.models import AtelierIndexPage, AtelierPage, ExpertMeetingPage, Membership, Registration
from leeratelier.core.factories import UserFactory

from .axe import assert_accessible

PASSWORD = "demo-wachtwoord"  # UserFactory's
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ONLINE_URL = "https://meet.example.org/armoede"
REGISTRATION = "section.registration-box"


def dutch(message):
    """A message of the site's catalogue as the Dutch site shows it."""
    with translation.override("nl"):
        return gettext(message)


def dutch_places_left(count):
    with translation.override("nl"):
        return ngettext("%(counter)s place left", "%(counter)s places left", count) % {"counter": count}


def dutch_url(name, *args):
    with translation.override("nl"):
        return reverse(name, args=args)


@dataclass
class Ateliers:
    index: AtelierIndexPage
    public: AtelierPage
    hidden: AtelierPage
    meeting: ExpertMeetingPage
    hidden_meeting: ExpertMeetingPage
    member: object
    coordinator: object
    outsider: object


def person(username, first_name, last_name):
    """Someone who can sign in on the site: allauth wants a verified address."""
    user = UserFactory(username=username, first_name=first_name, last_name=last_name)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def ateliers(site):
    """A public atelier with an upcoming meeting that has an online link, a hidden atelier with
    a meeting, the public atelier's coordinator and member, and a signed-in outsider."""
    cache.clear()  # allauth's rate limits are counted in the cache, which outlives a test
    index = AtelierIndexPageFactory(parent=site.home)
    public = AtelierPageFactory(parent=index, title="Leeratelier Armoede")
    hidden = AtelierPageFactory(
        parent=index,
        title="Besloten Jongerenatelier",
        visibility=AtelierPage.Visibility.HIDDEN,
        join_mode=AtelierPage.JoinMode.INVITATION,
    )
    meeting = ExpertMeetingPageFactory(
        parent=public, title="Armoede bespreekbaar maken", online_url=ONLINE_URL, capacity=20
    )
    hidden_meeting = ExpertMeetingPageFactory(
        parent=hidden,
        title="Geheime casusbespreking",
        intro="Wat we bespreken blijft binnen de groep.",
        online_url="https://meet.example.org/geheim",
    )
    member = person("mila", "Mila", "Lid")
    MembershipFactory(atelier=public, user=member)
    coordinator = person("cor", "Cor", "Dinator")
    MembershipFactory(atelier=public, user=coordinator, role=Membership.Role.COORDINATOR)
    outsider = person("olga", "Olga", "Buiten")
    yield Ateliers(index, public, hidden, meeting, hidden_meeting, member, coordinator, outsider)
    cache.clear()


def check_page(page, where):
    """WCAG 2.1 A/AA, and nothing in the browser's console, on the page as it is now."""
    assert_accessible(page, where)
    page.log.assert_clean(where)


def sign_in(site, page, user):
    """Sign in through the site's login form (email address and password); on the login page
    the browser is on, or else on a fresh one."""
    if "/accounts/login/" not in page.url:
        page.goto(site(dutch_url("account_login")))
    form = page.locator("form.account-form")
    form.locator("input[name=login]").fill(user.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_coordinator_publishes_a_meeting_in_the_admin(site, ateliers, page):
    start = (timezone.localtime() + timedelta(days=30)).replace(hour=15, minute=0, second=0, microsecond=0)
    end = start + timedelta(hours=2)
    title = "Waarden als kompas"

    # Wagtail's own login: username and password.
    page.goto(site("/admin/login/"))
    page.locator("#id_username").fill(ateliers.coordinator.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/admin/login/"))

    # The atelier's page in the explorer; "add child page" leads straight to the meeting form,
    # the only page type an atelier can hold.
    page.goto(site(f"/admin/pages/{ateliers.public.pk}/"))
    page.locator(f'a[href="/admin/pages/{ateliers.public.pk}/add_subpage/"]').first.click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/add/ateliers/expertmeetingpage/{ateliers.public.pk}/$"))

    page.locator("#id_title").fill(title)
    page.locator("#id_intro").fill("Een middag over het ethisch kompas als begin van co-creatie.")
    # The datetime widgets take text in the format their picker is set up with ("Y-m-d H:i").
    for name, moment in (("start", start), ("end", end)):
        field = page.locator(f"input[name={name}]")
        field.fill(moment.strftime("%Y-%m-%d %H:%M"))
        field.press("Escape")
    page.locator("#id_venue").fill("Wijkcentrum De Schakel, Utrecht")
    page.locator("#id_capacity").fill("12")
    page.locator("#id_capacity").press("Tab")
    expect(page.locator("#id_slug")).to_have_value("waarden-als-kompas")

    # Publish is in the footer's "more actions" menu.
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer button[name=action-publish]").click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{ateliers.public.pk}/$"))

    meeting = ExpertMeetingPage.objects.get(title=title)
    assert meeting.live
    assert meeting.get_parent().pk == ateliers.public.pk
    assert meeting.start == start and meeting.end == end, (meeting.start, meeting.end)
    assert meeting.capacity == 12

    # Live on the site, and listed on the atelier's page. (What the admin logged is not the
    # site's business: it is outside the site's CSP and shows Gravatar avatars, which this
    # offline machine cannot load; leaving for a blank page stops its late requests.)
    page.goto("about:blank")
    page.log.clear()
    response = page.goto(site(meeting.url))
    assert response.status == 200
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("article.meeting time").first).to_have_attribute("datetime", start.isoformat())
    page.goto(site(ateliers.public.url))
    expect(page.locator("ul.meeting-list").get_by_role("link", name=title)).to_have_attribute("href", meeting.url)
    page.log.assert_clean("the site pages seen by a coordinator")


def test_member_registers_and_takes_the_meeting_into_their_calendar(site, ateliers, page):
    meeting = ateliers.meeting

    # Signed out on the meeting page: "sign in" leads to the login form and back.
    page.goto(site(meeting.url))
    registration = page.locator(REGISTRATION)
    registration.get_by_role("link", name=dutch("Sign in")).click()
    expect(page).to_have_url(site(dutch_url("account_login")) + "?next=" + quote(meeting.url))
    expect(page.locator("h1")).to_have_count(1)
    check_page(page, "the login page")
    sign_in(site, page, ateliers.member)
    expect(page).to_have_url(site(meeting.url))

    # Register.
    expect(page.locator("h1")).to_have_text(meeting.title)
    expect(registration).to_contain_text(dutch_places_left(20))
    expect(registration.get_by_role("link", name=ONLINE_URL)).to_have_count(0)
    registration.locator("button[type=submit]").click()

    # Back on the meeting page, with a confirmation; the online link is there now.
    expect(page).to_have_url(site(meeting.url))
    expect(page.locator(".messages[role=status]")).to_contain_text(
        dutch("You are registered. A confirmation with a calendar file is on its way.")
    )
    expect(registration.locator(".status--ok")).to_have_text(dutch("You are registered for this meeting."))
    expect(registration).to_contain_text(dutch_places_left(19))
    expect(registration.get_by_role("link", name=ONLINE_URL)).to_have_attribute("href", ONLINE_URL)
    expect(registration.locator("button[type=submit]")).to_have_text(dutch("Cancel my registration"))
    assert Registration.objects.get(meeting_key=meeting.translation_key, user=ateliers.member).status == (
        Registration.Status.CONFIRMED
    )
    check_page(page, "the meeting page of a registered member")

    # Their own page lists the meeting; the calendar file from there.
    page.goto(site(dutch_url("ateliers:my_page")))
    expect(page.locator("h1")).to_have_count(1)
    item = page.locator("li.my-meeting").filter(has=page.get_by_role("link", name=meeting.title))
    expect(item).to_have_count(1)
    expect(item.get_by_role("link", name=meeting.title)).to_have_attribute("href", meeting.url)
    check_page(page, "the member's own page")

    with page.expect_download() as download_info:
        item.locator(f'a[href$="/meeting/{meeting.pk}/event.ics"]').click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    with open(download.path(), "rb") as calendar_file:
        calendar = Calendar.from_ical(calendar_file.read())
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == meeting.title
    for name, moment in (("dtstart", meeting.start), ("dtend", meeting.end)):
        value = event.decoded(name)
        assert value == moment, f"{name} is {value}, the meeting says {moment}"
        assert event[name].params.get("TZID") == "Europe/Amsterdam", event[name].params
        assert value.utcoffset() == moment.astimezone(AMSTERDAM).utcoffset()
    assert ONLINE_URL in str(event["description"])  # their own confirmed place
    page.log.assert_clean("the member's pages")


def test_visitor_reads_ateliers_and_the_meeting_without_its_online_link(site, ateliers, page):
    meeting = ateliers.meeting

    # The atelier index lists the public atelier and its meeting, not the hidden one.
    page.goto(site(ateliers.index.url))
    assert ateliers.index.url == "/nl/ateliers/"
    expect(page.locator("h1")).to_have_text(ateliers.index.title)
    cards = page.locator("ul.atelier-list")
    expect(cards.get_by_role("link", name=ateliers.public.title)).to_have_attribute("href", ateliers.public.url)
    expect(cards.get_by_role("link", name=meeting.title)).to_have_attribute("href", meeting.url)
    assert ateliers.hidden.title not in page.content()
    assert ateliers.hidden_meeting.title not in page.content()
    check_page(page, "the atelier index")

    cards.get_by_role("link", name=ateliers.public.title).click()
    expect(page).to_have_url(site(ateliers.public.url))
    expect(page.locator("h1")).to_have_text(ateliers.public.title)
    check_page(page, "an atelier page")

    page.locator("ul.meeting-list").get_by_role("link", name=meeting.title).click()
    expect(page).to_have_url(site(meeting.url))
    expect(page.locator("h1")).to_have_text(meeting.title)
    expect(page.locator("article.meeting .lead")).to_have_text(meeting.intro)

    # No online link anywhere, and no registration for a visitor: only "sign in as a member".
    assert ONLINE_URL not in page.content()
    registration = page.locator(REGISTRATION)
    expect(registration.locator("form")).to_have_count(0)
    expect(registration.locator("button")).to_have_count(0)
    sign_in_link = registration.get_by_role("link", name=dutch("Sign in"))
    expect(sign_in_link).to_have_attribute("href", re.compile(r"/nl/accounts/login/\?next="))
    check_page(page, "the meeting page of a visitor")


def test_hidden_meeting_is_a_404_naming_nothing_for_a_non_member(site, ateliers, page):
    hidden_meeting, hidden = ateliers.hidden_meeting, ateliers.hidden
    for url in (hidden_meeting.url, hidden.url):
        assert hidden.title.lower() not in url.lower() and "geheim" not in url.lower(), url

    # Signed out: the login page, which names nothing either.
    page.goto(site(hidden_meeting.url))
    expect(page).to_have_url(re.compile(r"/nl/accounts/login/\?next="))
    assert hidden.title not in page.content() and hidden_meeting.title not in page.content()

    sign_in(site, page, ateliers.outsider)
    for url in (hidden_meeting.url, hidden.url):
        response = page.goto(site(url))
        assert response.status == 404, f"{url}: {response.status}"
        expect(page.locator("h1")).to_have_text(dutch("Page not found"))
        content = page.content()
        for secret in (hidden.title, hidden_meeting.title, hidden_meeting.intro, hidden_meeting.online_url):
            assert secret not in content, f"the 404 page of {url} names {secret!r}"
        assert hidden.title not in page.title() and hidden_meeting.title not in page.title()
    assert_accessible(page, "the 404 page")
    # Chromium logs the document's own 404 status as a console error; anything else counts.
    expected = {f"status of 404 (Not Found) ({site(url)}:" for url in (hidden_meeting.url, hidden.url)}
    page.log.console_errors[:] = [
        error for error in page.log.console_errors if not any(text in error for text in expected)
    ]
    page.log.assert_clean("the 404 pages")


def test_visitor_registers_as_a_guest_on_its_own_page(site, ateliers, page):
    """The meeting page links to the guest form (it holds no form itself, so visitors get it from
    the page cache); bad input gets Dutch errors and keeps what was typed; a good one asks the
    guest to confirm by email."""
    meeting = ateliers.meeting
    ExpertMeetingPage.objects.filter(pk=meeting.pk).update(guests_allowed=True)

    page.goto(site(meeting.url))
    registration = page.locator(REGISTRATION)
    expect(registration.locator("form")).to_have_count(0)
    registration.get_by_role("link", name=dutch("Register as a guest")).click()
    expect(page).to_have_url(site(dutch_url("ateliers:register", meeting.pk)))
    expect(page.locator("h1")).to_have_text(dutch("Register as a guest"))
    check_page(page, "the guest registration page")

    page.get_by_label(dutch("Your name")).fill("Sanne de Vries")
    page.get_by_label(dutch("Your email address")).fill("geen-adres")
    page.get_by_role("button", name=dutch("Register as a guest")).click()
    expect(page.locator(".errorlist")).to_contain_text("Voer een geldig e-mailadres in")
    expect(page.get_by_label(dutch("Your name"))).to_have_value("Sanne de Vries")
    assert not Registration.objects.exists()
    # The form comes back with status 400, which the browser logs as a failed load: expected.
    assert_accessible(page, "the guest registration page with errors")
    page.log.clear()

    page.get_by_label(dutch("Your email address")).fill("sanne@example.org")
    page.get_by_role("button", name=dutch("Register as a guest")).click()
    expect(page).to_have_url(site(meeting.url))
    expect(page.locator(".messages")).to_contain_text(
        dutch("Almost done: we have sent you an email. Confirm your registration with the link in it.")
    )
    registration = Registration.objects.get()
    assert registration.guest_email == "sanne@example.org" and registration.status == Registration.Status.UNCONFIRMED
    check_page(page, "the meeting page after a guest registration")
