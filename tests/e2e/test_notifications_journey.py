"""Being told what matters, in a browser: a colleague reflects on a member's case; the member
sees the unread count in the header, opens the notification list, follows the notification to
the reflection and finds it read; then chooses a weekly digest on the email settings page in the
profile; and a visitor stops a kind of email from the unsubscribe link without signing in. A
coordinator previews a message to the members and sends it; a member reads it from their
notifications. WCAG 2.1 A/AA (axe) on the notification list, the email settings, the unsubscribe
page, the announcement form (with and without its preview) and an announcement as members see
it, at 1280 and 375 px wide; no CSP violations or console errors."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from leeratelier.ateliers.factories import AtelierIndexPageFactory, AtelierPageFactory, MembershipFactory
from leeratelier.ateliers.models import AtelierPage, Membership
from leeratelier.cases import services
from leeratelier.notifications import services as notification_services
from leeratelier.notifications.models import Announcement, NotificationSetting
from tests.cases.test_views import CASE

from .axe import assert_accessible
from .test_ateliers_journey import dutch, dutch_url, person, sign_in

WIDTHS = (1280, 375)


def check_at_both_widths(page, where):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, f"{where} at {width} px")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.log.assert_clean(where)


@pytest.fixture
def case_with_reflection(site):
    cache.clear()
    index = AtelierIndexPageFactory(parent=site.home)
    atelier = AtelierPageFactory(
        parent=index,
        title="Besloten Armoede-atelier",
        visibility=AtelierPage.Visibility.HIDDEN,
        join_mode=AtelierPage.JoinMode.INVITATION,
    )
    author, colleague = person("mila", "Mila", "Lid"), person("kees", "Kees", "Collega")
    for user in (author, colleague):
        MembershipFactory(atelier=atelier, user=user)
    case = services.post_case(atelier, author, **CASE)
    reflection = services.reflect(case, colleague, "question", "Wat vond de moeder zelf?")
    yield author, case, reflection
    cache.clear()


def test_a_member_reads_a_notification_and_chooses_their_emails(site, page, case_with_reflection):
    author, case, reflection = case_with_reflection
    page.goto(site("/nl/"))
    sign_in(site, page, author)
    page.goto(site("/nl/"))
    header_link = page.locator(".account-nav").get_by_role("link", name=f"{dutch('Notifications')} 1 {dutch('unread')}")
    expect(header_link).to_be_visible()
    header_link.click()
    expect(page.locator("h1")).to_have_text(dutch("Notifications"))
    expect(page.locator(".notification--unread")).to_have_count(1)
    check_at_both_widths(page, "the notification list")

    page.locator(".notification__message a").click()
    expect(page).to_have_url(site(f"/nl/case/{case.pk}/#reflection-{reflection.pk}"))
    expect(page.locator(".account-nav .count-badge")).to_have_count(0)  # read now

    page.goto(site(dutch_url("accounts:profile")))
    page.get_by_role("link", name=dutch("Email settings: which emails you get, at once or in a weekly digest")).click()
    expect(page.locator("h1")).to_have_text(dutch("Email settings"))
    check_at_both_widths(page, "the email settings")
    page.locator("input[name=case-reflection][value=weekly]").check()
    page.get_by_role("button", name=dutch("Save email settings")).click()
    expect(page.locator(".messages")).to_contain_text(dutch("Your email settings have been saved."))
    assert NotificationSetting.objects.get(user=author, kind="case-reflection").frequency == "weekly"


def test_a_visitor_stops_a_kind_of_email_from_the_link(site, page, case_with_reflection):
    author, _, _ = case_with_reflection
    token = notification_services.unsubscribe_token(author, "case-reflection")
    page.goto(site(dutch_url("notifications:unsubscribe", token)))
    check_at_both_widths(page, "the unsubscribe page")
    page.get_by_role("button", name=dutch("Stop these emails")).click()
    expect(page.locator("[role=status]")).to_contain_text(dutch("A reflection on your case"))
    assert NotificationSetting.objects.get(user=author, kind="case-reflection").frequency == "off"


@pytest.fixture
def atelier_with_coordinator(site):
    cache.clear()
    index = AtelierIndexPageFactory(parent=site.home)
    atelier = AtelierPageFactory(
        parent=index,
        title="Besloten Armoede-atelier",
        visibility=AtelierPage.Visibility.HIDDEN,
        join_mode=AtelierPage.JoinMode.INVITATION,
    )
    coordinator, member = person("cor", "Cor", "Dinator"), person("mila", "Mila", "Lid")
    MembershipFactory(atelier=atelier, user=coordinator, role=Membership.Role.COORDINATOR)
    MembershipFactory(atelier=atelier, user=member)
    yield atelier, coordinator, member
    cache.clear()


ANNOUNCEMENT = "Tot **volgende week**.\n\n- Neem je vragen mee\n- Lees [het programma](https://example.org/programma)"


def test_a_coordinator_previews_and_sends_a_message_that_members_read(site, page, atelier_with_coordinator):
    atelier, coordinator, member = atelier_with_coordinator
    sign_in(site, page, coordinator)
    page.goto(site(dutch_url("notifications:announce", atelier.pk)))
    expect(page.locator("h1")).to_have_text(dutch("Send a message to the members"))
    check_at_both_widths(page, "the announcement form")

    # The preview: the message as members will read it, above the form that keeps the text.
    page.locator("input[name=title]").fill("Dinsdag geen bijeenkomst")
    page.locator("textarea[name=body]").fill(ANNOUNCEMENT)
    page.get_by_role("button", name=dutch("Preview")).click()
    preview = page.locator("#preview")
    expect(preview.locator("strong")).to_have_text("volgende week")
    expect(preview.locator("li")).to_have_count(2)
    expect(page.locator("input[name=title]")).to_have_value("Dinsdag geen bijeenkomst")
    expect(page.locator("textarea[name=body]")).to_have_value(ANNOUNCEMENT)
    assert not Announcement.objects.exists()
    check_at_both_widths(page, "the announcement form with its preview")

    page.get_by_role("button", name=dutch("Send the message")).click()
    expect(page.locator("h1")).to_have_text("Dinsdag geen bijeenkomst")
    announcement = Announcement.objects.get()

    # A member finds it in their notifications and reads it on the site.
    page.context.clear_cookies()
    sign_in(site, page, member)
    page.goto(site(dutch_url("notifications:list")))
    message = dutch("A message from the coordinators of %(atelier)s") % {"atelier": atelier.title}
    page.locator(".notification__message").get_by_role("link", name=message).click()
    expect(page).to_have_url(site(dutch_url("notifications:announcement", announcement.pk)))
    expect(page.locator("h1")).to_have_text("Dinsdag geen bijeenkomst")
    expect(page.locator(".announcement .rich-text strong")).to_have_text("volgende week")
    check_at_both_widths(page, "an announcement as members see it")
