"""The one form pattern in a browser: after a server-side error on the guest registration, case,
pioneer and cycle contribution forms, the page title starts with "Fout:", the error summary at
the top of the form has the focus (static/js/forms.js) and links to each field with an error,
the field itself says what is wrong (aria-invalid, its error linked with aria-describedby), and
following a link puts the focus in that field. Without JavaScript the summary is still there,
first in the form. axe-core on each form with its errors; no CSP violations or console errors.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from cycles import services as cycle_services
from leeratelier.ateliers.factories import (
    AtelierIndexPageFactory,
    AtelierPageFactory,
    ExpertMeetingPageFactory,
    MembershipFactory,
)
from leeratelier.ateliers.models import ExpertMeetingPage, Membership
from leeratelier.pioneers import forms as pioneer_forms
from leeratelier.pioneers.factories import PracticeIndexPageFactory

from .axe import assert_accessible
from .test_ateliers_journey import dutch, dutch_url, person, sign_in

SUMMARY = "[data-error-summary]"


@pytest.fixture
def atelier(site):
    cache.clear()  # allauth's rate limits and the form tokens live in the cache
    index = AtelierIndexPageFactory(parent=site.home)
    atelier = AtelierPageFactory(parent=index, title="Leeratelier Armoede")
    yield atelier
    cache.clear()


ERROR_TITLE = re.compile(r"^Fout: ")


def assert_error_summary(page, field_names):
    """The title, the focused summary, a link per field that leads into the field."""
    # Waits for the page the form was sent to: read at once, the title can be that of a page
    # still on its way (an empty one).
    expect(page).to_have_title(ERROR_TITLE)
    summary = page.locator(SUMMARY)
    expect(summary).to_have_count(1)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(dutch("There is a problem"))
    for name in field_names:
        field = page.locator(f"form [name={name}]").first
        field_id = field.get_attribute("id")
        link = summary.locator(f'a[href="#{field_id}"]')
        expect(link).to_have_count(1)
        expect(field).to_have_attribute("aria-invalid", "true")
        assert f"{field_id}_error" in (field.get_attribute("aria-describedby") or "").split()
        expect(page.locator(f"#{field_id}_error")).to_be_visible()
    # The summary is the first thing in (or just above) the form: a keyboard user starts there.
    first_name = field_names[0]
    first_id = page.locator(f"form [name={first_name}]").first.get_attribute("id")
    summary.locator(f'a[href="#{first_id}"]').click()
    expect(page.locator(f"#{first_id}")).to_be_focused()
    assert_accessible(page, "a form with errors")
    # The forms come back with status 400, which the browser logs as a failed load: expected.
    page.log.console_errors[:] = [error for error in page.log.console_errors if "status of 400" not in error]
    page.log.assert_clean("a form with errors")


def test_guest_registration_error_summary(site, atelier, page):
    meeting = ExpertMeetingPageFactory(parent=atelier, title="Armoede bespreekbaar maken", capacity=20)
    ExpertMeetingPage.objects.filter(pk=meeting.pk).update(guests_allowed=True)
    page.goto(site(dutch_url("ateliers:register", meeting.pk)))
    page.get_by_label(dutch("Your email address")).fill("geen-adres")
    page.get_by_role("button", name=dutch("Register as a guest")).click()
    assert_error_summary(page, ["name", "email"])
    expect(page.get_by_label(dutch("Your email address"))).to_have_value("geen-adres")


def test_case_form_error_summary(site, atelier, page):
    member = person("mila", "Mila", "Lid")
    MembershipFactory(atelier=atelier, user=member)
    sign_in(site, page, member)
    page.goto(site(dutch_url("cases:new", atelier.pk)))
    page.locator("form.stacked-form button[type=submit]:not([name=preview])").click()
    assert_error_summary(page, ["title", "situation"])


def test_pioneer_form_error_summary(site, page, page_without_js, monkeypatch):
    monkeypatch.setattr(pioneer_forms, "MIN_FILL_SECONDS", 0)
    cache.clear()
    PracticeIndexPageFactory(parent=site.home)
    page.goto(site(dutch_url("pioneers:register")))
    page.get_by_label(dutch("Name of the practice")).fill("Armoede samen doorbreken")
    page.get_by_role("button", name=dutch("Send my practice")).click()
    assert_error_summary(page, ["summary", "contact_email"])
    expect(page.get_by_label(dutch("Name of the practice"))).to_have_value("Armoede samen doorbreken")

    # Without JavaScript the summary is still the first thing above the form.
    page_without_js.goto(site(dutch_url("pioneers:register")))
    page_without_js.get_by_role("button", name=dutch("Send my practice")).click()
    expect(page_without_js).to_have_title(ERROR_TITLE)
    expect(page_without_js.locator(SUMMARY)).to_be_visible()
    assert page_without_js.evaluate(
        "() => document.querySelector('[data-error-summary]').compareDocumentPosition("
        "document.querySelector('form.stacked-form [name=title]')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    cache.clear()


def test_cycle_contribution_error_summary(site, atelier, page):
    coordinator = person("cor", "Cor", "Dinator")
    MembershipFactory(atelier=atelier, user=coordinator, role=Membership.Role.COORDINATOR)
    member = person("sam", "Sam", "Tweede")
    MembershipFactory(atelier=atelier, user=member)
    today = timezone.localdate()
    cycle = cycle_services.start_cycle(
        atelier,
        coordinator,
        learning_question="Hoe maken we armoede eerder bespreekbaar?",
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=80),
        values=[("Samen", "Bewoners denken mee.")],
        plan_goal="Samen bepalen wat we leren.",
        plan_ends_on=today + timedelta(days=5),
    )
    cycle_services.join(cycle, member)
    phase = cycle.phases.get(status="open")
    sign_in(site, page, member)
    page.goto(site(dutch_url("cycles:phase", phase.pk)))
    form = page.locator("#contribute form")
    form.locator("input[name=kind][value=story]").check()
    form.locator("button[type=submit]:not([name=preview])").click()
    assert_error_summary(page, ["body"])
