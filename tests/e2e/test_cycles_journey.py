"""A learning cycle in a browser: a coordinator starts a cycle with a values compass from the
atelier page, two members join and contribute to plan (one story shareable, one not), the
coordinator advances (with confirmation) to do and reflect, the members score the values, and
the coordinator composes, publishes and downloads the narrative report; the PDF, read back
with pypdf, holds the shareable story and not the private one. axe-core: no WCAG 2.1 A/AA
violations on the cycle page, a phase page and the report page; no CSP violations or console
errors anywhere on the way.

Data is built with the factories in the test (the live server's database is flushed after each
transactional test; see conftest.py).
"""

import io
import re
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect
from pypdf import PdfReader

from cycles.models import CompassValue, Contribution, LearningCycle, NarrativeReport, ValueScore
from leeratelier.ateliers.factories import AtelierIndexPageFactory, AtelierPageFactory, MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.core.factories import UserFactory

from .axe import assert_accessible
from .conftest import _open_page

PASSWORD = "demo-wachtwoord"  # UserFactory's
QUESTION = "Hoe maken we armoede eerder bespreekbaar in de wijk?"
SHAREABLE = "Een bewoner vertelde dat het gesprek aan de keukentafel haar de moed gaf om hulp te vragen."
PRIVATE = "Vertrouwelijk: dit gezin wil niet dat hun situatie buiten de groep komt."


def dutch_url(name, *args):
    with translation.override("nl"):
        return reverse(name, args=args)


def person(username, first_name, last_name):
    user = UserFactory(username=username, first_name=first_name, last_name=last_name)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(site, page, user):
    page.goto(site(dutch_url("account_login")))
    form = page.locator("form.account-form")
    form.locator("input[name=login]").fill(user.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]:not([name=preview])").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def check_page(page, where):
    assert_accessible(page, where)
    page.log.assert_clean(where)


def contribute_story(site, browser, user, cycle, text, shareable):
    context, page = _open_page(browser)
    try:
        sign_in(site, page, user)
        page.goto(site(dutch_url("cycles:cycle", cycle.pk)))
        page.locator(f'form[action="{dutch_url("cycles:join", cycle.pk)}"] button[type=submit]').click()
        expect(page.locator(".messages")).to_be_visible()
        page.locator(".cycle-actions a[href*='/phase/']").click()
        expect(page.locator("h1")).to_have_count(1)
        form = page.locator("#contribute form")
        form.locator("input[name=kind][value=story]").check()
        form.locator("textarea[name=body]").fill(text)
        form.locator("select[name=track]").select_option("meaning")
        if shareable:
            form.locator("input[name=shareable]").check()
        form.locator("button[type=submit]:not([name=preview])").click()
        expect(page.locator(".contribution").filter(has_text=text)).to_have_count(1)
        page.log.assert_clean("a member contributing")
        return page.url
    finally:
        context.close()


def score(site, browser, user, cycle, scores):
    context, page = _open_page(browser)
    try:
        sign_in(site, page, user)
        page.goto(site(dutch_url("cycles:compass", cycle.pk)))
        page.locator("a[href*='/scores/']").click()
        for value, number in zip(CompassValue.objects.filter(cycle=cycle), scores):
            page.locator(f"input[name=score_{value.pk}][value='{number}']").check()
        page.locator("form.stacked-form button[type=submit]:not([name=preview])").click()
        expect(page).to_have_url(site(dutch_url("cycles:compass", cycle.pk)))
        page.log.assert_clean("a member scoring the values")
    finally:
        context.close()


def advance(page, site, cycle):
    page.goto(site(dutch_url("cycles:cycle", cycle.pk)))
    page.locator(f'a[href="{dutch_url("cycles:advance", cycle.pk)}"]').click()
    page.locator("input[name=confirm]").check()
    page.locator("form.stacked-form button[type=submit]:not([name=preview])").click()
    expect(page).to_have_url(site(dutch_url("cycles:cycle", cycle.pk)))


def test_a_cycle_from_start_to_published_report(site, browser, page):
    cache.clear()  # allauth's rate limits live in the cache
    index = AtelierIndexPageFactory(parent=site.home)
    atelier = AtelierPageFactory(parent=index, title="Leeratelier Armoede")
    coordinator = person("cor", "Cor", "Dinator")
    MembershipFactory(atelier=atelier, user=coordinator, role=Membership.Role.COORDINATOR)
    members = [person("mila", "Mila", "Lid"), person("sam", "Sam", "Tweede")]
    for member in members:
        MembershipFactory(atelier=atelier, user=member)
    today = timezone.localdate()

    # The coordinator starts a cycle from the atelier page's panel.
    sign_in(site, page, coordinator)
    page.goto(site(atelier.url))
    page.locator(f'.cycles-panel a[href="{dutch_url("cycles:new", atelier.pk)}"]').click()
    form = page.locator("form.stacked-form")
    form.locator("textarea[name=learning_question]").fill(QUESTION)
    form.locator("input[name=starts_on]").fill(today.isoformat())
    form.locator("input[name=ends_on]").fill((today - timedelta(days=1)).isoformat())  # out of order first
    form.locator("textarea[name=values]").fill(
        "Geen schaamte: we praten over geld zonder iemand tekort te doen\nSamen: bewoners denken mee over de aanpak"
    )
    form.locator("button[type=submit]:not([name=preview])").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert not LearningCycle.objects.exists()
    page.locator("form.stacked-form input[name=ends_on]").fill((today + timedelta(days=90)).isoformat())
    page.locator("form.stacked-form button[type=submit]:not([name=preview])").click()
    cycle = LearningCycle.objects.get()
    expect(page).to_have_url(site(dutch_url("cycles:cycle", cycle.pk)))
    expect(page.locator("ol.timeline li[aria-current=step]")).to_have_count(1)
    check_page(page, "the cycle page")

    # Two members join and contribute to plan: one story shareable, one private.
    phase_url = contribute_story(site, browser, members[0], cycle, SHAREABLE, shareable=True)
    contribute_story(site, browser, members[1], cycle, PRIVATE, shareable=False)
    assert Contribution.objects.filter(phase__kind="plan").count() == 2
    page.goto(phase_url)
    expect(page.locator(".contribution")).to_have_count(2)
    check_page(page, "a phase page")

    # The coordinator advances to do and reflect, confirming each time.
    advance(page, site, cycle)
    advance(page, site, cycle)
    current = page.locator("ol.timeline li[aria-current=step]")
    expect(current.locator(".timeline__name")).to_have_text(cycle.phases.get(kind="reflect").name)

    # The members score the values.
    score(site, browser, members[0], cycle, [4, 3])
    score(site, browser, members[1], cycle, [5, 2])
    assert ValueScore.objects.count() == 4
    page.goto(site(dutch_url("cycles:compass", cycle.pk)))
    expect(page.locator(".compass-table tbody tr")).to_have_count(2)
    check_page(page, "the values compass")

    # The coordinator composes the report, chooses everything, publishes and downloads it.
    page.goto(site(dutch_url("cycles:cycle", cycle.pk)))
    page.locator(f'a[href="{dutch_url("cycles:new_cycle_report", cycle.pk)}"]').click()
    form = page.locator("form.stacked-form")
    form.locator("input[name=title]").fill("Verantwoording eerste ronde")
    form.locator("input[name=visibility][value=public]").check()
    form.locator("button[type=submit]:not([name=preview])").click()
    report = NarrativeReport.objects.get()
    expect(page).to_have_url(site(dutch_url("cycles:report_edit", report.pk)))
    assert PRIVATE not in page.content()
    boxes = page.locator("input[name=items]")
    for n in range(boxes.count()):
        boxes.nth(n).check()
    page.locator("button[name=then][value=publish]").click()
    expect(page).to_have_url(site(dutch_url("cycles:report", report.pk)))
    expect(page.locator(".report__story")).to_contain_text(SHAREABLE)
    assert PRIVATE not in page.content()
    check_page(page, "the report page")

    with page.expect_download() as download_info:
        page.locator(f'a[href="{dutch_url("cycles:report_pdf", report.pk)}"]').click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf_file:
        reader = PdfReader(io.BytesIO(pdf_file.read()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Verantwoording eerste ronde" in text
    assert SHAREABLE in text and PRIVATE not in text
    page.log.assert_clean("the coordinator's pages")
