"""Being told what matters, in a browser: a colleague reflects on a member's case; the member
sees the unread count in the header, opens the notification list, follows the notification to
the reflection and finds it read; then chooses a weekly digest on the email settings page in the
profile; and a visitor stops a kind of email from the unsubscribe link without signing in.
WCAG 2.1 A/AA (axe) on the notification list, the email settings and the unsubscribe page, at
1280 and 375 px wide; no CSP violations or console errors."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from leeratelier.ateliers.factories import AtelierIndexPageFactory, AtelierPageFactory, MembershipFactory
from leeratelier.ateliers.models import AtelierPage
from leeratelier.cases import services
from leeratelier.notifications import services as notification_services
from leeratelier.notifications.models import NotificationSetting
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
