"""The method toolbox in a browser: a visitor answers the tool finder, ticks two of the methods
it ranks and compares them side by side; a member shares an experience. WCAG 2.1 A/AA (axe) and a
clean console on a method page, the finder (form and result) and the compare page.

The data is built with the factories in each test (the live server's database is flushed after
every test; see conftest.py).
"""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from leeratelier.core.factories import UserFactory
from leeratelier.toolbox.factories import MethodIndexPageFactory, MethodPageFactory
from leeratelier.toolbox.models import MethodExperience

from .axe import assert_accessible

PASSWORD = "demo-wachtwoord"  # UserFactory's


def dutch(message):
    with translation.override("nl"):
        return gettext(message)


def check_page(page, where):
    assert_accessible(page, where)
    page.log.assert_clean(where)


@pytest.fixture
def toolbox(site):
    cache.clear()
    index = MethodIndexPageFactory(parent=site.home)
    calculator = MethodPageFactory(
        parent=index,
        title="Effectencalculator",
        slug="effectencalculator",
        summary="Bewoner, professionals en vrijwilligers brengen samen effecten en kosten in beeld.",
        description="<p>Sinds 2011 ontwikkeld door de HAN.</p>",
        purposes=["account", "evaluate", "learn"],
        tracks=["efficiency", "meaning"],
        yields="both",
        practice_forms=["case_based"],
        roles=["citizen", "social_worker", "volunteer"],
        scales=["case"],
        time_needed="session",
        time_note="Twee uur per casus",
        preparation="Een training voor de gespreksleider",
        cost_band="low",
        strengths="Cijfers en verhalen in één gesprek",
        limitations="Vraagt een getrainde gespreksleider",
        method_owner="HAN",
        steps=[("step", {"title": "Kies een casus", "description": "Samen met de bewoner.", "tip": ""})],
    )
    circle = MethodPageFactory(
        parent=index,
        title="Waardencirkel",
        slug="waardencirkel",
        summary="Plan, do, check, act in vier stappen, vertaald naar waarden.",
        purposes=["account", "dialogue"],
        tracks=["meaning"],
        yields="stories",
        roles=["social_worker", "policy_maker"],
        scales=["municipality"],
        time_needed="months",
    )
    sroi = MethodPageFactory(
        parent=index,
        title="Social Return on Investment",
        slug="sroi",
        summary="Maatschappelijke opbrengst in euro's tegenover de investering.",
        purposes=["account"],
        tracks=["efficiency"],
        yields="numbers",
        roles=["policy_maker"],
        time_needed="months",
        cost_band="high",
    )
    calculator.related_methods.set([circle])
    calculator.save_revision().publish()
    yield index, calculator, circle, sroi
    cache.clear()


def test_a_visitor_finds_and_compares_methods(site, toolbox, page):
    index, calculator, circle, sroi = toolbox

    # The toolbox leads to the tool finder.
    page.goto(site(index.url))
    page.get_by_role("link", name=dutch("Open the tool finder")).click()
    expect(page).to_have_url(site(index.finder_url))
    expect(page.locator("h1")).to_have_text(dutch("Tool finder: which method suits you?"))
    check_page(page, "the tool finder's questions")

    # Answer the questions: account to funders, a resident at the table, numbers, one session.
    page.get_by_role("group", name=dutch("What do you want to achieve?")).get_by_label(
        dutch("Account to funders")
    ).check()
    page.get_by_role("group", name=dutch("Who is at the table?")).get_by_label(dutch("Citizen or resident")).check()
    page.get_by_role("group", name=dutch("Do you need numbers or stories?")).get_by_label(
        dutch("Numbers"), exact=True
    ).check()
    page.get_by_role("group", name=dutch("How much time do you have?")).get_by_label(
        dutch("One session (up to half a day)")
    ).check()
    page.get_by_role("button", name=dutch("Show the methods that fit")).click()

    # The answers are the address: shareable.
    query = parse_qs(urlparse(page.url).query)
    assert query == {"purposes": ["account"], "roles": ["citizen"], "evidence": ["numbers"], "time": ["session"]}
    matches = page.locator("li.finder-match")
    expect(matches).to_have_count(3)
    expect(matches.nth(0).locator("h3")).to_contain_text("Effectencalculator")
    expect(matches.nth(0).locator("h3")).to_contain_text(dutch("Good fit"))
    expect(matches.nth(0).locator("ul.finder-reasons li")).to_have_count(4)
    expect(matches.nth(1).locator("h3")).to_contain_text("Social Return on Investment")
    expect(matches.nth(2).locator("h3")).to_contain_text("Waardencirkel")
    expect(matches.nth(2).locator("ul.finder-gaps")).to_contain_text(
        dutch("It takes more time than you have: {}.").format(dutch("A process of several months").lower())
    )
    check_page(page, "the tool finder's result")

    # The same address in a fresh visit gives the same ranking.
    shared = page.url
    page.goto(site(index.url))
    page.goto(shared)
    expect(page.locator("li.finder-match").nth(0).locator("h3")).to_contain_text("Effectencalculator")

    # Tick the first two and compare them.
    page.get_by_label(dutch("Compare %(title)s") % {"title": "Effectencalculator"}).check()
    page.get_by_label(dutch("Compare %(title)s") % {"title": "Social Return on Investment"}).check()
    page.get_by_role("button", name=dutch("Compare the ticked methods")).click()
    expect(page).to_have_url(re.compile(re.escape(index.compare_url) + r"\?m=effectencalculator&m=sroi$"))
    table = page.locator("table.compare-table")
    expect(table.locator("thead th[scope=col]")).to_have_text(["Effectencalculator", "Social Return on Investment"])
    row = table.locator("tbody tr", has=page.locator("th[scope=row]", has_text=dutch("What it yields")))
    expect(row.locator("td")).to_have_text([dutch("Numbers and stories"), dutch("Numbers")])
    check_page(page, "the compare page")

    # Only one ticked: a clear error, and the table is gone.
    page.get_by_label("Social Return on Investment", exact=True).uncheck()
    page.get_by_role("button", name=dutch("Compare"), exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(dutch("Choose at least two methods to compare."))
    expect(page.locator("table")).to_have_count(0)
    check_page(page, "the compare page with an error")

    # From the table to the method page.
    page.goto(site(calculator.url))
    expect(page.locator("h1")).to_have_text("Effectencalculator")
    expect(page.get_by_role("link", name="Waardencirkel")).to_have_attribute("href", circle.url)
    check_page(page, "a method page")


def test_the_finder_works_without_javascript(site, toolbox, page_without_js):
    index = toolbox[0]
    page = page_without_js
    page.goto(site(index.finder_url))
    page.get_by_label(dutch("Stories"), exact=True).check()
    page.get_by_role("button", name=dutch("Show the methods that fit")).click()
    assert parse_qs(urlparse(page.url).query)["evidence"] == ["stories"]
    matches = page.locator("li.finder-match")
    expect(matches).to_have_count(3)
    # Both others give stories (3 each); SROI gives numbers only and comes last, saying so.
    expect(matches.nth(2).locator("h3")).to_contain_text("Social Return on Investment")
    expect(matches.nth(2).locator("ul.finder-gaps")).to_contain_text(
        dutch("It yields {}, not {}.").format(dutch("numbers"), dutch("stories"))
    )


def test_a_member_shares_an_experience(site, toolbox, page):
    calculator = toolbox[1]
    member = UserFactory(username="mila", first_name="Mila", last_name="Lid")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)

    page.goto(site(calculator.url))
    page.get_by_role("link", name=dutch("Sign in to share your experience with this method.")).click()
    form = page.locator("form.account-form")
    form.locator("input[name=login]").fill(member.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]:not([name=preview])").click()
    expect(page).to_have_url(site(calculator.url))

    # An empty text: an error summary that names the field.
    page.get_by_role("button", name=dutch("Share my experience")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "a method page with the experience form's error")

    page.get_by_role("textbox", name=dutch("Your experience")).fill("Met drie bewoners gedaan. **Heel waardevol.**")
    page.get_by_role("button", name=dutch("Share my experience")).click()
    expect(page.locator("#experiences strong")).to_have_text("Heel waardevol.")
    assert MethodExperience.objects.count() == 1
    check_page(page, "a method page with an experience")
