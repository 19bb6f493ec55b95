"""The privacy warning in a browser, on two of the forms that carry it (core/privacy_forms.py):
a reflection on a case and the public pioneer form. The warning appears with masked excerpts,
the typed text is still there, nothing is saved; ticking the confirmation saves it. WCAG 2.1
A/AA (axe) on the pages with the warning, and a clean console."""

import re

from playwright.sync_api import expect

from leeratelier.cases import services
from leeratelier.cases.models import Reflection
from leeratelier.core.models import SavedDespiteWarning
from leeratelier.pioneers.models import PracticeSubmission

from .axe import assert_accessible
from .test_ateliers_journey import dutch, dutch_url, sign_in
from .test_cases_journey import people
from .test_pioneers_journey import fill_the_form, registry

IDENTIFYING = "Mevrouw Fatima El Amrani belde op 06-12345678 over haar zoon."


def check_page(page, where):
    assert_accessible(page, where)
    # The form shown again with its warning answers 400 (it was not saved); the browser logs that.
    page.log.console_errors[:] = [error for error in page.log.console_errors if "status of 400" not in error]
    page.log.assert_clean(where)


def test_a_reflection_that_names_a_client_warns_and_is_saved_once_confirmed(site, people, page):
    case = services.post_case(
        people.atelier,
        people.author,
        title="Een vader met schulden",
        situation="Een vader vraagt hulp.",
        question="Hoe praat je over geld?",
        done_so_far="",
        roles=[],
        tracks=[],
        anonymised_confirmed=True,
    )
    sign_in(site, page, people.colleague)
    page.goto(site(dutch_url("cases:detail", case.pk)))
    box = page.locator("#reflect")
    box.locator("select[name=kind]").select_option("experience")
    box.locator("textarea[name=body]").fill(IDENTIFYING)
    box.locator("button[type=submit]:not([name=preview])").click()

    warning = box.locator("section.privacy-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(dutch("Nothing has been saved yet."))
    expect(warning.locator("code").first).to_contain_text("F•••••")
    assert "Fatima" not in warning.inner_text() and "12345678" not in warning.inner_text()
    expect(box.locator("textarea[name=body]")).to_have_value(IDENTIFYING)  # the text is kept
    assert not Reflection.objects.exists()
    check_page(page, "the case page with the privacy warning")

    warning.get_by_label(dutch("I checked: this is not about an identifiable person")).check()
    box.locator("button[type=submit]:not([name=preview])").click()
    expect(page.locator(".messages")).to_contain_text(dutch("Your reflection has been posted."))
    reflection = Reflection.objects.get()
    assert reflection.body == IDENTIFYING
    assert SavedDespiteWarning.objects.filter(object_id=reflection.pk, part="reflection").exists()
    page.log.assert_clean("the case page after confirming")


def test_the_pioneer_form_warns_keeps_the_text_and_sends_once_confirmed(site, registry, page):
    _index, _circle, vocabulary = registry
    page.goto(site(dutch_url("pioneers:register")))
    fill_the_form(page, vocabulary)
    form = page.locator("form.stacked-form")
    form.locator("textarea[name=what_works]").fill(IDENTIFYING)
    form.locator("button[type=submit]").click()

    warning = form.locator("section.privacy-warning")
    expect(warning).to_be_visible()
    expect(warning.locator("code").last).to_contain_text("06-1234")
    assert "12345678" not in warning.inner_text()
    expect(form.locator("textarea[name=what_works]")).to_have_value(IDENTIFYING)
    expect(form.locator("input[name=contact_name]")).to_have_value("Anouk Peters")
    assert not PracticeSubmission.objects.exists()
    check_page(page, "the pioneer form with the privacy warning")

    warning.get_by_label(dutch("I checked: this is not about an identifiable person")).check()
    expect(form.locator("input[name=consent]")).to_be_checked()  # every answer is kept
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(dutch_url("pioneers:submitted")) + "$"))
    submission = PracticeSubmission.objects.get()
    assert submission.payload["what_works"] == IDENTIFYING
    assert SavedDespiteWarning.objects.filter(object_id=submission.pk, part="practice").exists()
