"""Case-based reasoning in a browser: a member posts a case (and is warned about a phone number
before anything is saved), a colleague reflects, the author marks the reflection helpful and
retains the lesson; hostile Markdown in a reflection runs nothing; a signed-in non-member gets
a 404 that names nothing. WCAG 2.1 A/AA (axe) on the case library, the case form and the case
page, and no CSP violations or console errors on the way.

The data is built with the factories in each test (the live server's transactional database is
flushed after every test; see conftest.py).
"""

import re
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from leeratelier.ateliers.factories import AtelierIndexPageFactory, AtelierPageFactory, MembershipFactory
from leeratelier.ateliers.models import AtelierPage
from leeratelier.cases import services
from leeratelier.cases.models import Case, Reflection

from .axe import assert_accessible
from .conftest import _open_page
from .test_ateliers_journey import dutch, dutch_url, person, sign_in

SECRET_TITLE = "Gezin met schulden in de wijk"


@dataclass
class People:
    atelier: AtelierPage
    author: object
    colleague: object
    outsider: object


@pytest.fixture
def people(site):
    cache.clear()  # allauth's rate limits and the form tokens live in the cache
    index = AtelierIndexPageFactory(parent=site.home)
    atelier = AtelierPageFactory(
        parent=index,
        title="Besloten Armoede-atelier",
        visibility=AtelierPage.Visibility.HIDDEN,
        join_mode=AtelierPage.JoinMode.INVITATION,
    )
    author = person("mila", "Mila", "Lid")
    colleague = person("kees", "Kees", "Collega")
    outsider = person("olga", "Olga", "Buiten")
    for user in (author, colleague):
        MembershipFactory(atelier=atelier, user=user)
    yield People(atelier, author, colleague, outsider)
    cache.clear()


@pytest.fixture
def second_page(browser):
    """A second browser (its own cookies) for a second person."""
    context, page = _open_page(browser)
    yield page
    context.close()


def check_page(page, where):
    assert_accessible(page, where)
    page.log.assert_clean(where)


def test_post_reflect_mark_helpful_and_retain_the_lesson(site, people, page, second_page):
    atelier = people.atelier

    # The author finds the case library through the atelier page.
    page.goto(site(atelier.url))
    sign_in(site, page, people.author)
    page.goto(site(atelier.url))
    page.get_by_role("link", name=dutch("Case library")).click()
    expect(page.locator("h1")).to_have_text(dutch("Case library"))
    expect(page.locator("main")).to_contain_text(dutch("This atelier has no cases yet."))
    check_page(page, "the empty case library")

    page.goto(site(dutch_url("cases:new", atelier.pk)))
    expect(page.locator("h1")).to_have_text(dutch("Post a case"))
    check_page(page, "the case form")

    form = page.locator("form.stacked-form")
    form.locator("input[name=title]").fill(SECRET_TITLE)
    form.locator("textarea[name=situation]").fill(
        "Een alleenstaande vader met drie kinderen vraagt hulp. Bel hem op 06-12345678 als het misgaat."
    )
    form.locator("textarea[name=question]").fill("Hoe praat je over geld zonder dat het beschamend voelt?")
    form.locator("input[name=roles][value=citizen]").check()
    form.locator("input[name=tracks][value=meaning]").check()
    form.locator("input[name=anonymised_confirmed]").check()
    form.locator("button[type=submit]:not([name=preview])").click()

    # The warning names the phone number (masked), before anything is saved.
    warning = page.locator("section.privacy-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(dutch("Nothing has been saved yet."))
    expect(warning.locator("code")).to_contain_text("06-1234")
    assert "12345678" not in warning.inner_text()
    assert Case.objects.count() == 0
    check_page(page, "the case form with the privacy warning")

    # The text is still there; the author confirms and posts.
    expect(form.locator("input[name=title]")).to_have_value(SECRET_TITLE)
    form.locator("textarea[name=situation]").fill("Een alleenstaande vader met drie kinderen vraagt hulp.")
    form.locator("button[type=submit]:not([name=preview])").click()
    expect(page).to_have_url(re.compile(r"/nl/case/\d+/$"))
    case = Case.objects.get()
    assert SECRET_TITLE.lower() not in page.url.lower() and "schulden" not in page.url
    expect(page.locator("h1")).to_have_text(SECRET_TITLE)
    expect(page.locator(".stage")).to_have_text(dutch("Open"))
    check_page(page, "a new case page")

    # A colleague reflects.
    sign_in(site, second_page, people.colleague)
    second_page.goto(site(dutch_url("cases:detail", case.pk)))
    box = second_page.locator("#reflect")
    box.locator("select[name=kind]").select_option("experience")
    box.locator("textarea[name=body]").fill("Bij ons hielp het om **eerst** naar zijn eigen doelen te vragen.")
    box.locator("button[type=submit]:not([name=preview])").click()
    expect(second_page.locator(".messages")).to_contain_text(dutch("Your reflection has been posted."))
    reflection = Reflection.objects.get()
    item = second_page.locator(f"#reflection-{reflection.pk}")
    expect(item.locator(".reflection__kind")).to_have_text(dutch("Experience from my own practice"))
    expect(item.locator("strong")).to_have_text("eerst")
    second_page.log.assert_clean("the colleague's case page")

    # The author marks it helpful and closes the cycle.
    page.goto(site(dutch_url("cases:detail", case.pk)))
    expect(page.locator(".stage")).to_have_text(dutch("Reflecting"))
    item = page.locator(f"#reflection-{reflection.pk}")
    item.get_by_role("button", name=dutch("Mark as helpful")).click()
    expect(item.locator(".reflection__helpful")).to_have_text(dutch("Helpful"))
    check_page(page, "the case page with a reflection")

    page.locator("summary", has_text=dutch("Retain the lesson")).click()
    page.locator("textarea[name=lesson_learned]").fill("Vraag eerst wat iemand zelf wil bereiken.")
    page.locator("textarea[name=lesson_next_time]").fill("Ik begin het gesprek bij de doelen van de vader.")
    page.get_by_role("button", name=dutch("Close the cycle")).click()
    expect(page.locator(".stage")).to_have_text(dutch("Lesson retained"))
    expect(page.locator(".case__lesson")).to_contain_text("Vraag eerst wat iemand zelf wil bereiken.")
    case.refresh_from_db()
    assert case.stage == Case.Stage.RETAINED and Reflection.objects.get().helpful
    check_page(page, "a case with its lesson retained")

    page.goto(site(dutch_url("cases:library", atelier.pk)))
    row = page.locator("li.case-row")
    expect(row.get_by_role("link", name=SECRET_TITLE)).to_have_attribute("href", dutch_url("cases:detail", case.pk))
    expect(row.locator(".badge")).to_have_text(dutch("Lesson retained"))
    check_page(page, "the case library with a case")


def test_hostile_reflection_runs_nothing(site, people, page):
    case = services.post_case(
        people.atelier,
        people.author,
        title=SECRET_TITLE,
        situation="Situatie.",
        question="Vraag?",
        roles=[],
        tracks=[],
        anonymised_confirmed=True,
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(site, page, people.colleague)
    page.goto(site(dutch_url("cases:detail", case.pk)))
    box = page.locator("#reflect")
    box.locator("select[name=kind]").select_option("question")
    box.locator("textarea[name=body]").fill(
        "Kijk hier: <img src=x onerror=alert(1)> en [klik](javascript:alert(2)) "
        '<a href="javascript:alert(3)">ook</a> <script>alert(4)</script>'
    )
    box.locator("button[type=submit]:not([name=preview])").click()
    expect(page.locator(".messages")).to_contain_text(dutch("Your reflection has been posted."))
    body = page.locator(".reflection__body")
    expect(body).to_contain_text("Kijk hier")
    # Anything clickable is clicked: nothing may run.
    for link in body.locator("a").all():
        link.click(no_wait_after=True)
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("[onerror], [onclick], [onload]").count() == 0
    assert page.locator("a[href^='javascript' i]").count() == 0
    assert page.locator(".reflection__body img, .reflection__body script").count() == 0
    check_page(page, "a case page with a hostile reflection")


def test_non_member_gets_a_404_that_names_nothing(site, people, page):
    case = services.post_case(
        people.atelier,
        people.author,
        title=SECRET_TITLE,
        situation="Een verhaal uit de wijk.",
        question="Wat nu?",
        roles=[],
        tracks=[],
        anonymised_confirmed=True,
    )
    detail = dutch_url("cases:detail", case.pk)

    # Signed out: the login page.
    page.goto(site(detail))
    expect(page).to_have_url(re.compile(r"/nl/accounts/login/\?next="))
    assert SECRET_TITLE not in page.content()

    sign_in(site, page, people.outsider)
    urls = [detail, dutch_url("cases:edit", case.pk), dutch_url("cases:library", people.atelier.pk)]
    for url in urls:
        response = page.goto(site(url))
        assert response.status == 404, f"{url}: {response.status}"
        expect(page.locator("h1")).to_have_text(dutch("Page not found"))
        content = page.content()
        for secret in (SECRET_TITLE, people.atelier.title, "Een verhaal uit de wijk"):
            assert secret not in content, f"the 404 page of {url} names {secret!r}"
    assert_accessible(page, "the 404 page")
    expected = {f"status of 404 (Not Found) ({site(url)}:" for url in urls}
    page.log.console_errors[:] = [e for e in page.log.console_errors if not any(text in e for text in expected)]
    page.log.assert_clean("the 404 pages")


def test_coordinator_pages_and_the_public_summary(site, people, page):
    """The coordinator's view of a case (meeting link form), the open reports page, the email
    settings and the public summary a visitor reads: accessible and clean."""
    from leeratelier.ateliers.factories import ExpertMeetingPageFactory
    from leeratelier.ateliers.models import Membership

    atelier = people.atelier
    coordinator = person("cor", "Cor", "Dinator")
    MembershipFactory(atelier=atelier, user=coordinator, role=Membership.Role.COORDINATOR)
    meeting = ExpertMeetingPageFactory(parent=atelier, title="Casusbespreking in maart")
    case = services.post_case(
        atelier,
        people.author,
        title=SECRET_TITLE,
        situation="Een verhaal uit de wijk.",
        question="Wat nu?",
        roles=[],
        tracks=["craft"],
        anonymised_confirmed=True,
    )
    for reporter in (people.colleague, people.author):
        services.report(case, reporter, "hurtful", "Te herkenbaar")
    summary = "Een gesprek over geld begint bij wat iemand zelf wil."

    sign_in(site, page, coordinator)
    page.goto(site(dutch_url("cases:detail", case.pk)))
    page.locator("select[name=meeting]").select_option(str(meeting.pk))
    page.get_by_role("button", name=dutch("Link the meeting")).click()
    expect(page.locator(".case__meetings").get_by_role("link", name=meeting.title)).to_have_attribute(
        "href", meeting.url
    )
    check_page(page, "a case page for a coordinator")

    page.goto(site(dutch_url("cases:library", atelier.pk)))
    page.locator(".case-library__links a[href$='/cases/reports/']").click()
    expect(page.locator("h1")).to_have_text(dutch("Open reports"))
    expect(page.locator("li.report-row")).to_have_count(1)
    check_page(page, "the open reports page")
    page.get_by_role("button", name=dutch("Keep it visible")).click()
    expect(page.locator("main")).to_contain_text(dutch("There are no open reports."))

    page.goto(site(dutch_url("cases:library", atelier.pk)))
    page.get_by_role("link", name=dutch("Emails about cases")).click()
    page.locator("input[name=case-reflection][value=weekly]").check()
    page.get_by_role("button", name=dutch("Save email settings")).click()
    expect(page.locator(".messages")).to_contain_text(dutch("Your email settings have been saved."))
    check_page(page, "the email settings")

    services.request_public_summary(case, people.author, summary)
    services.approve_public_summary(case, coordinator)
    visitor_context, visitor = _open_page(page.context.browser)
    try:
        response = visitor.goto(site(dutch_url("cases:public_summary", case.pk)))
        assert response.status == 200
        expect(visitor.locator(".prose")).to_have_text(summary)
        assert SECRET_TITLE not in visitor.content() and atelier.title not in visitor.content()
        check_page(visitor, "a public summary")
    finally:
        visitor_context.close()
