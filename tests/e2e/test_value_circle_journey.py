"""The value circle to sign-off, in a browser: a coordinator starts a cycle with the value
circle's four steps, a member tells a story (shareable) and scores the values at "check", the
coordinator publishes a public report; the storyteller's feedback email links to their story in
the report; the coordinator offers the report for sign-off and a municipality officer, without
an account, signs off through the emailed link; the report then shows who signed off; last, the
storyteller withdraws their consent from the email's link and the story drops out of the report.
axe on every new page (the value-circle cycle page, the report with its sign-off form, the sign-off
page, the consent-withdrawal page before and after withdrawing); no CSP violations or console
errors.
"""

import re
from datetime import timedelta

from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import Contribution, CycleTemplate, LearningCycle, NarrativeReport, ReportSignOff
from leeratelier.ateliers.factories import AtelierIndexPageFactory, AtelierPageFactory, MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.core import outbox

from .axe import assert_accessible
from .conftest import _open_page
from .test_cycles_journey import advance, check_page, contribute_story, dutch_url, person, score, sign_in

STORY = "Aan de keukentafel vertelde een moeder dat ze zich voor het eerst serieus genomen voelde."


def emails_to(address):
    """The emails sent to ``address`` so far (the outbox sends after each commit; whatever is
    still pending is sent here)."""
    outbox.send_pending()
    return [message for message in mail.outbox if message.to == [address]]


def test_a_value_circle_cycle_to_feedback_and_sign_off(site, browser, page):
    cache.clear()
    index = AtelierIndexPageFactory(parent=site.home)
    atelier = AtelierPageFactory(parent=index, title="Leeratelier Hilversum")
    coordinator = person("cor", "Cor", "Dinator")
    MembershipFactory(atelier=atelier, user=coordinator, role=Membership.Role.COORDINATOR)
    teller = person("mila", "Mila", "Lid")
    MembershipFactory(atelier=atelier, user=teller)
    today = timezone.localdate()
    circle = CycleTemplate.objects.filter(key="value-circle").first()
    if circle is None:  # the live server's database was flushed: the platform's templates again
        from cycles.models import default_template

        default_template()
        circle = CycleTemplate.objects.get(key="value-circle")

    # The coordinator starts a value-circle cycle.
    sign_in(site, page, coordinator)
    page.goto(site(dutch_url("cycles:new", atelier.pk)))
    form = page.locator("form.stacked-form")
    form.locator(f"input[name=template][value='{circle.pk}']").check()
    form.locator("textarea[name=learning_question]").fill("Lezen we onze waarden terug in de verhalen van inwoners?")
    form.locator("input[name=starts_on]").fill(today.isoformat())
    form.locator("input[name=ends_on]").fill((today + timedelta(days=90)).isoformat())
    form.locator("textarea[name=values]").fill(
        "Gelijkwaardigheid: elke stem telt even zwaar\nVertrouwen: we delen ook wat misging"
    )
    form.locator("button[type=submit]:not([name=preview])").click()
    cycle = LearningCycle.objects.get()
    expect(page).to_have_url(site(dutch_url("cycles:cycle", cycle.pk)))
    expect(page.locator("ol.timeline li[aria-current=step] .timeline__name")).to_have_text("Waarden benoemen")
    check_page(page, "a value-circle cycle")

    # A member tells a story they may share, then scores the values at "check".
    contribute_story(site, browser, teller, cycle, STORY, shareable=True)
    advance(page, site, cycle)
    advance(page, site, cycle)
    expect(page.locator("ol.timeline li[aria-current=step] .timeline__name")).to_have_text("Toetsen aan de waarden")
    score(site, browser, teller, cycle, [4, 2])

    # The coordinator publishes a public report with the story and the compass.
    page.goto(site(dutch_url("cycles:cycle", cycle.pk)))
    page.locator(f'a[href="{dutch_url("cycles:new_cycle_report", cycle.pk)}"]').click()
    form = page.locator("form.stacked-form")
    form.locator("input[name=title]").fill("Verantwoording buurtwerk")
    form.locator("input[name=visibility][value=public]").check()
    form.locator("button[type=submit]:not([name=preview])").click()
    report = NarrativeReport.objects.get()
    boxes = page.locator("input[name=items]")
    for n in range(boxes.count()):
        boxes.nth(n).check()
    page.locator("button[name=then][value=publish]").click()
    expect(page).to_have_url(site(dutch_url("cycles:report", report.pk)))
    expect(page.locator(".compass-chart svg")).to_have_count(1)

    # The storyteller is told, once, with a link to their story in the report.
    [told] = [m for m in emails_to(teller.email) if "Verantwoording buurtwerk" in m.subject]
    story_link = re.search(r"https?://\S+#story-contribution-\d+", told.body).group(0)
    withdraw_path = "/" + re.search(r"https?://\S+/story/\S+/withdraw/", told.body).group(0).split("/", 3)[3]
    context, reader = _open_page(browser)
    try:
        reader.goto(site("/" + story_link.split("/", 3)[3]))
        expect(reader.locator(f"#{story_link.rsplit('#', 1)[1]}")).to_contain_text(STORY[:40])
        # The consent-withdrawal page asks first (following the link changes nothing).
        reader.goto(site(withdraw_path))
        expect(reader.locator(".prose.callout")).to_contain_text(STORY[:40])
        check_page(reader, "the consent-withdrawal page")
    finally:
        context.close()

    # The coordinator offers it for sign-off; the officer signs off through the emailed link.
    page.goto(site(dutch_url("cycles:report", report.pk)))
    form = page.locator(f'form[action="{dutch_url("cycles:offer_sign_off", report.pk)}"]')
    form.locator("input[name=name]").fill("Esther de Vries")
    form.locator("input[name=role]").fill("beleidsmedewerker Wmo, gemeente Hilversum")
    form.locator("input[name=email]").fill("geen-adres")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    page.log.clear()  # the form came back with its errors as a 400, which the browser logs
    assert_accessible(page, "the report with its sign-off form")
    form = page.locator(f'form[action="{dutch_url("cycles:offer_sign_off", report.pk)}"]')
    form.locator("input[name=email]").fill("esther@hilversum.example")
    form.locator("button[type=submit]").click()
    [request] = emails_to("esther@hilversum.example")
    link = re.search(r"https?://\S+/sign-off/\S+", request.body).group(0)
    path = "/" + link.split("/", 3)[3]
    context, officer = _open_page(browser)
    try:
        officer.goto(site(path))
        expect(officer.locator(".report__story")).to_contain_text(STORY[:40])
        check_page(officer, "the sign-off page")
        officer.locator("input[name=decision][value=agreed]").check()
        officer.locator("section[aria-labelledby=decision-heading] form button[type=submit]").click()
        expect(officer.locator(".callout[role=status]")).to_be_visible()
        officer.log.assert_clean("the officer's pages")
    finally:
        context.close()
    assert ReportSignOff.objects.get().decision == "agreed"
    page.goto(site(dutch_url("cycles:report", report.pk)))
    expect(page.locator(".report__sign-offs")).to_contain_text("Esther de Vries")
    page.log.assert_clean("the coordinator's pages")

    # The storyteller withdraws their consent: the story drops out of the report.
    context, reader = _open_page(browser)
    try:
        reader.goto(site(withdraw_path))
        reader.locator("main form button[type=submit]").click()
        expect(reader.locator(".callout[role=status]")).to_be_visible()
        check_page(reader, "the consent-withdrawal page, withdrawn")
    finally:
        context.close()
    assert not Contribution.objects.get(body=STORY).shareable
    page.goto(site(dutch_url("cycles:report", report.pk)))
    expect(page.locator(".report__sign-offs")).to_contain_text("Esther de Vries")
    expect(page.locator(".report__story")).to_have_count(0)
    page.log.assert_clean("the report without the story")
