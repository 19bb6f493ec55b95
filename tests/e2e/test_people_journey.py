"""People in a browser: a member finds "Mijn leeratelier" from the home page, opens a fellow
member's profile from the atelier's member directory, and mentions them in a reflection (the
mention is a link to the profile); the colleague signs in, finds the mention in the header's
count and in the notification list, and follows it to the reflection. Coordinators and editors: the suspension page, the atelier's
reports and the site-wide moderation queue. axe (WCAG 2.1 A/AA) on every new page at 1280 and at
375 pixels wide, and no CSP violations or console errors on the way."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from cycles import services as cycle_services
from leeratelier.accounts.models import profile_of
from leeratelier.ateliers.factories import (
    AtelierIndexPageFactory,
    AtelierPageFactory,
    ExpertMeetingPageFactory,
    MembershipFactory,
    RegistrationFactory,
)
from leeratelier.ateliers.models import Membership
from leeratelier.cases import services
from leeratelier.cases.models import Reflection
from leeratelier.toolbox.factories import MethodIndexPageFactory, MethodPageFactory
from leeratelier.toolbox.models import MethodExperience
from tests.cycles.conftest import start as start_cycle

from .axe import assert_accessible
from .test_ateliers_journey import dutch, dutch_url, person, sign_in

CASE = dict(
    title="Jongere zonder startkwalificatie",
    situation="Een jongere van 17 haakt af.",
    question="Hoe houden we contact?",
    anonymised_confirmed=True,
)


def check_both_widths(page, where):
    """axe at a desktop width and at a phone width (375 px), and a clean browser log."""
    for width, height in ((1280, 800), (375, 800)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page, f"{where} at {width} px")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.log.assert_clean(where)


@pytest.fixture
def people(site):
    cache.clear()
    index = AtelierIndexPageFactory(parent=site.home)
    atelier = AtelierPageFactory(parent=index, title="Leeratelier Jongeren")
    mila = person("mila", "Mila", "Lid")
    kees = person("kees", "Kees", "Collega")
    coordinator = person("cor", "Cor", "Dinator")
    for user in (mila, kees):
        MembershipFactory(atelier=atelier, user=user)
    MembershipFactory(atelier=atelier, user=coordinator, role=Membership.Role.COORDINATOR)
    profile = profile_of(kees)
    profile.role, profile.organisation, profile.bio = "social_worker", "Jongerenwerk Noord", "Ik werk met jongeren."
    profile.save()
    case = services.post_case(atelier, kees, **CASE)
    yield {"atelier": atelier, "mila": mila, "kees": kees, "coordinator": coordinator, "case": case}
    cache.clear()


def test_a_member_finds_their_page_opens_a_profile_and_mentions_a_colleague(site, people, page):
    atelier = people["atelier"]
    start = timezone.now() + timedelta(days=10)
    meeting = ExpertMeetingPageFactory(
        parent=atelier, title="Jongeren en werk", start=start, end=start + timedelta(hours=2)
    )
    RegistrationFactory(meeting=meeting, user=people["mila"])

    # From the home page: sign in, and land on "Mijn leeratelier".
    page.goto(site(site.home.url))
    page.locator(".account-nav").get_by_role("link", name=dutch("Sign in")).click()
    sign_in(site, page, people["mila"])
    expect(page).to_have_url(re.compile(re.escape(dutch_url("ateliers:my_page")) + "$"))
    page.goto(site(site.home.url))
    page.locator(".account-nav").get_by_role("link", name=dutch("My Leeratelier")).click()
    expect(page.locator("h1")).to_have_text(dutch("My Leeratelier"))
    check_both_widths(page, "Mijn leeratelier")

    # Cancelling asks first.
    page.get_by_role("link", name=dutch("Cancel my registration")).click()
    expect(page.locator("h1")).to_have_text(dutch("Cancel your registration?"))
    check_both_widths(page, "the cancel confirmation")
    page.get_by_role("link", name=dutch("No, keep it")).click()

    # The header's "My ateliers" opens without JavaScript (a <details>) and leads to the atelier.
    page.locator(".account-nav__ateliers summary").click()
    page.locator(".account-nav__ateliers").get_by_role("link", name=atelier.title).click()
    expect(page.locator("h1")).to_have_text(atelier.title)
    page.locator(".join-box").get_by_role("link", name=dutch("Members")).click()
    expect(page.locator("h1")).to_have_text(dutch("Members"))
    check_both_widths(page, "the member directory")

    page.get_by_role("link", name="Kees Collega").click()
    expect(page.locator("h1")).to_have_text("Kees Collega")
    expect(page.locator("main")).to_contain_text("Jongerenwerk Noord")
    expect(page.locator("main")).to_contain_text(atelier.title)
    check_both_widths(page, "a fellow member's profile")
    profile_address = page.url

    # A reflection that mentions Kees: the mention is a link to his profile.
    page.goto(site(dutch_url("cases:detail", people["case"].pk)))
    form = page.locator("#reflect form")
    form.locator("select[name=kind]").select_option("question")
    form.locator("textarea[name=body]").fill("Goede vraag. @Kees Collega, heb je het gezin al gesproken?")
    form.get_by_role("button", name=dutch("Post reflection")).click()
    mention = page.locator(".reflection__body a.mention")
    expect(mention).to_have_text("@Kees Collega")
    check_both_widths(page, "the case with a mention")
    mention.click()
    expect(page).to_have_url(profile_address)
    expect(page.locator("h1")).to_have_text("Kees Collega")

    # Kees signs in. The header counts two unread notifications: the mention, and the
    # reflection on his own case (the same post; the mention is its own notification).
    reflection = Reflection.objects.get(case=people["case"])
    page.context.clear_cookies()
    page.goto(site(dutch_url("account_login")))
    sign_in(site, page, people["kees"])
    page.goto(site(site.home.url))
    header_link = page.locator(".account-nav").get_by_role("link", name=f"{dutch('Notifications')} 2 {dutch('unread')}")
    expect(header_link).to_be_visible()
    header_link.click()
    expect(page.locator("h1")).to_have_text(dutch("Notifications"))
    mentioned = dutch("You were mentioned in a reflection in %(atelier)s") % {"atelier": atelier.title}
    item = page.locator(".notification--unread", has_text=mentioned)
    expect(item).to_have_count(1)
    check_both_widths(page, "the notification list with a mention")

    # The notification leads to the reflection on its page of the thread, and is read now.
    item.get_by_role("link", name=mentioned).click()
    expect(page).to_have_url(site(f"{dutch_url('cases:detail', people['case'].pk)}#reflection-{reflection.pk}"))
    expect(page.locator(f"#reflection-{reflection.pk} a.mention")).to_have_text("@Kees Collega")
    expect(page.locator(".account-nav .count-badge")).to_have_text(f"1 {dutch('unread')}")
    page.log.assert_clean("the reflection, from the notification")


def test_coordinators_and_editors_moderate(site, people, page):
    atelier, coordinator, mila = people["atelier"], people["coordinator"], people["mila"]
    cycle = start_cycle(atelier, coordinator)
    cycle_services.join(cycle, mila)
    contribution = cycle_services.contribute(cycle.phases.get(status="open"), mila, kind="note", body="Mijn notitie")
    from leeratelier.cases import moderation

    moderation.report(contribution, people["kees"], "hurtful", "Te persoonlijk")
    method = MethodPageFactory(parent=MethodIndexPageFactory(parent=site.home), title="Waardencirkel")
    experience = MethodExperience.objects.create(
        method_key=method.translation_key, author=mila, text="Werkte goed.", form_token="e2e"
    )
    moderation.report(experience, people["kees"], "other")
    editor = person("redacteur", "Rita", "Redactie")
    editor.is_staff = True
    editor.save()
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])

    page.goto(site(dutch_url("account_login")))
    sign_in(site, page, coordinator)
    page.goto(site(dutch_url("cases:reports", atelier.pk)))
    expect(page.locator("main")).to_contain_text("Mijn notitie")
    check_both_widths(page, "the atelier's reports with a contribution")

    page.goto(site(dutch_url("ateliers:members", atelier.pk)))
    page.locator("tr", has_text="Mila Lid").get_by_role("link", name=re.compile(dutch("Suspend"))).click()
    check_both_widths(page, "the suspension page")
    page.locator("input[name=reason]").fill("Even pauze")
    page.get_by_role("button", name=dutch("Suspend")).click()
    expect(page.locator("main")).to_contain_text(dutch("Suspended"))
    page.get_by_role("button", name=re.compile(dutch("Lift suspension"))).click()

    page.context.clear_cookies()
    page.goto(site(dutch_url("account_login")))
    sign_in(site, page, editor)
    page.goto(site(dutch_url("cases:moderation_queue")))
    expect(page.locator("main")).to_contain_text("Werkte goed.")
    check_both_widths(page, "the moderation queue")
    row = page.locator(".report-row", has_text="Werkte goed.")
    row.locator("input[name=reason]").fill("Reclame")
    row.get_by_role("button", name=dutch("Hide this post")).click()
    expect(page.locator("main")).not_to_contain_text("Werkte goed.")
    experience.refresh_from_db()
    assert experience.is_hidden
