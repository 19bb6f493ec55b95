"""The pioneer registry in a browser: a visitor registers a practice with JavaScript switched
off, follows the verification link from the email, an editor approves it in the Wagtail admin,
and it appears in the registry under the right filters. WCAG 2.1 A/AA (axe) and a clean console
on the form, the registry and the practice page.

The data is built in the test (the live server's transactional database is flushed after every
test; see conftest.py), municipalities included: the migration's list is flushed too.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from leeratelier.core.factories import ThemeFactory, UserFactory, WerkplaatsFactory
from leeratelier.core.models import Municipality
from leeratelier.pioneers import forms as pioneer_forms
from leeratelier.pioneers.factories import PracticeIndexPageFactory
from leeratelier.pioneers.models import PracticePage, PracticeSubmission
from leeratelier.toolbox.models import MethodIndexPage, MethodPage

from .axe import assert_accessible

PASSWORD = "demo-wachtwoord"  # UserFactory's
TITLE = "Armoede signaleren, bespreken en doorbreken"


def dutch(message):
    with translation.override("nl"):
        return gettext(message)


def dutch_url(name, *args):
    with translation.override("nl"):
        return reverse(name, args=args)


def check_page(page, url, where):
    """axe runs in a page with JavaScript (it is a script); the visitor's page has none."""
    page.goto(url)
    assert_accessible(page, where)
    page.log.assert_clean(where)


@pytest.fixture
def registry(site, monkeypatch):
    # A person in a browser driven by a test is quick; the fill-time check has its own tests.
    monkeypatch.setattr(pioneer_forms, "MIN_FILL_SECONDS", 1)
    cache.clear()
    index = PracticeIndexPageFactory(parent=site.home)
    methods = MethodIndexPage(title="Methoden", slug="methoden")
    site.home.add_child(instance=methods)
    circle = MethodPage(title="Waardencirkel", slug="waardencirkel", summary="Plan-do-check-act in waarden.")
    methods.add_child(instance=circle)
    circle.save_revision().publish()
    vocabulary = {
        "theme": ThemeFactory(name="Armoede", slug="armoede"),
        "other_theme": ThemeFactory(name="Jongeren", slug="jongeren"),
        "werkplaats": WerkplaatsFactory(name="Werkplaats Sociaal Domein Arnhem Nijmegen", university="HAN"),
        "municipality": Municipality.objects.get_or_create(name="Lingewaard")[0],
    }
    Municipality.objects.get_or_create(name="Arnhem")
    yield index, circle, vocabulary
    cache.clear()


def fill_the_form(page, vocabulary):
    form = page.locator("form.stacked-form")
    form.get_by_label(dutch("Name of the practice")).fill(TITLE)
    form.get_by_label(dutch("In short: what is it?")).fill(
        "Inwoners, professionals, vrijwilligers en ambtenaren leren samen armoede te zien en te doorbreken."
    )
    form.locator("input[name=organisation]").fill("Gemeente Lingewaard")
    form.locator("select[name=municipality]").select_option(label="Lingewaard")
    form.locator("select[name=werkplaats]").select_option(str(vocabulary["werkplaats"].pk))
    form.locator(f"input[name=themes][value='{vocabulary['theme'].pk}']").check()
    form.locator("input[name=roles][value=citizen]").check()
    form.locator("input[name=roles][value=volunteer]").check()
    form.locator("input[name=principle_narrative]").check()
    form.locator("input[name=narrative_how]").fill("Inwoners vertellen hun verhaal in eigen woorden.")
    form.locator("textarea[name=process_description]").fill("Vijf bijeenkomsten, met een handreiking als resultaat.")
    form.locator("textarea[name=ingredients]").fill("Gelijkwaardigheid\nTijd om te luisteren")
    form.get_by_label("Waardencirkel").check()
    form.locator("input[name=link_1]").fill("https://www.lingewaard.nl/armoede")
    form.locator("input[name=contact_name]").fill("Anouk Peters")
    form.locator("input[name=contact_email]").fill("anouk@example.org")
    form.locator("input[name=consent]").check()


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_a_visitor_registers_a_practice_an_editor_approves_it(site, registry, page_without_js, page):
    index, circle, vocabulary = registry
    visitor = page_without_js
    mail.outbox.clear()

    # The form, without JavaScript.
    visitor.goto(site(index.url))
    visitor.get_by_role("link", name=dutch("Register your practice")).click()
    expect(visitor.locator("h1")).to_have_text(dutch("Register your practice"))
    check_page(page, visitor.url, "the sign-up form")

    # Sent without consent: the error summary names the field, and nothing is stored.
    fill_the_form(visitor, vocabulary)
    visitor.locator("input[name=consent]").uncheck()
    visitor.wait_for_timeout(1100)
    visitor.get_by_role("button", name=dutch("Send my practice")).click()
    expect(visitor.locator("#error-summary")).to_contain_text(
        dutch("Without your consent we cannot publish the practice.")
    )
    assert not PracticeSubmission.objects.exists()
    expect(visitor.locator("input[name=title]")).to_have_value(TITLE)

    visitor.locator("input[name=consent]").check()
    visitor.wait_for_timeout(1100)
    visitor.get_by_role("button", name=dutch("Send my practice")).click()
    expect(visitor.locator("h1")).to_have_text(dutch("Check your email"))
    submission = PracticeSubmission.objects.get()
    assert submission.status == PracticeSubmission.Status.UNVERIFIED and not PracticePage.objects.exists()

    # The verification link from the email.
    (message,) = mail.outbox
    assert message.to == ["anouk@example.org"]
    verify_url = re.search(r"https?://\S+/practices/verify/\S+", message.body).group(0)
    visitor.goto(site(path_of(verify_url)))
    visitor.get_by_role("button", name=dutch("Confirm and send to the editors")).click()
    expect(visitor.locator("h1")).to_contain_text(TITLE)
    practice = PracticePage.objects.get()
    assert not practice.live and practice.current_workflow_state is not None

    # The editor approves in the Wagtail admin.
    editor = UserFactory(username="redactie", is_superuser=True, is_staff=True)
    page.goto(site("/admin/login/"))
    page.locator("#id_username").fill(editor.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/admin/login/"))
    page.goto(site(f"/admin/pages/{practice.pk}/edit/"))
    approve = page.locator("footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
    if not approve.is_visible():
        page.locator("footer .w-dropdown__toggle").click()
    approve.click()
    expect(page).not_to_have_url(re.compile(rf"/admin/pages/{practice.pk}/edit/$"), timeout=15_000)
    practice.refresh_from_db()
    assert practice.live
    assert PracticeSubmission.objects.get().status == PracticeSubmission.Status.PUBLISHED
    assert any(practice.url in email.body for email in mail.outbox[1:])

    # In the registry, under the right filters, found through the GET form.
    visitor.goto(site(index.url))
    filters = visitor.locator("form.filter-form")
    filters.locator("select[name=theme]").select_option("armoede")
    filters.locator("select[name=municipality]").select_option(label="Lingewaard")
    filters.locator("select[name=role]").select_option("volunteer")
    filters.locator("select[name=principle]").select_option("narrative")
    filters.locator("select[name=method]").select_option("waardencirkel")
    filters.get_by_role("button", name=dutch("Filter")).click()
    expect(visitor).to_have_url(re.compile(r"theme=armoede"))
    expect(visitor.locator("ul.practice-list").get_by_role("link", name=TITLE)).to_be_visible()
    page.goto("about:blank")  # leave the admin (its own CSP, Gravatar requests) before the site checks
    page.log.clear()
    check_page(page, visitor.url, "the registry")
    visitor.goto(site(index.url + "?theme=jongeren"))
    expect(visitor.get_by_role("link", name=TITLE)).to_have_count(0)
    visitor.goto(site(index.url + "?principle=values"))
    expect(visitor.get_by_role("link", name=TITLE)).to_have_count(0)

    # The practice page.
    visitor.goto(site(practice.url))
    expect(visitor.locator("h1")).to_have_text(TITLE)
    expect(visitor.get_by_role("link", name="Waardencirkel")).to_have_attribute("href", circle.url)
    expect(visitor.locator("main")).to_contain_text("gelijkwaardigheid")
    check_page(page, visitor.url, "the practice page")
    visitor.log.assert_clean("the visitor's pages")
