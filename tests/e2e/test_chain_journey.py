"""The chain in a browser: a member links a method from the toolbox to their case, finds a
similar case that tried the same method, reuses its retained lesson in one click, and the case
page says where the case stands (retrieve, reuse, revise, retain). The method page names the
case to the member. The values compass shows the spread, "views differ" and an anonymous comment.
Axe (WCAG 2.1 A/AA) on every changed page, with no CSP violations or console errors."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from cycles import services as cycle_services
from leeratelier.ateliers.factories import AtelierIndexPageFactory, AtelierPageFactory, MembershipFactory
from leeratelier.ateliers.models import AtelierPage, Membership
from leeratelier.cases import services
from leeratelier.cases.models import Reflection
from leeratelier.toolbox.factories import MethodIndexPageFactory, MethodPageFactory

from .axe import assert_accessible
from .test_ateliers_journey import dutch, dutch_url, person, sign_in

CASE = {
    "situation": "Bewoners komen niet naar de avonden over armoede.",
    "question": "Hoe bereik je de mensen om wie het gaat?",
    "roles": ["citizen"],
    "tracks": ["meaning"],
    "anonymised_confirmed": True,
}
LESSON = "Ga naar de plekken waar mensen al komen."


def check_page(page, where):
    assert_accessible(page, where)
    page.log.assert_clean(where)


@pytest.fixture
def world(site):
    cache.clear()
    index = AtelierIndexPageFactory(parent=site.home)
    atelier = AtelierPageFactory(
        parent=index,
        title="Besloten Armoede-atelier",
        visibility=AtelierPage.Visibility.HIDDEN,
        join_mode=AtelierPage.JoinMode.INVITATION,
    )
    author, colleague = person("mila", "Mila", "Lid"), person("kees", "Kees", "Collega")
    MembershipFactory(atelier=atelier, user=author)
    MembershipFactory(atelier=atelier, user=colleague, role=Membership.Role.COORDINATOR)
    toolbox = MethodIndexPageFactory(parent=site.home)
    method = MethodPageFactory(parent=toolbox, title="Waardencirkel", slug="waardencirkel")
    case = services.post_case(atelier, author, title="Lege bewonersavonden", **CASE)
    other = services.post_case(
        atelier,
        colleague,
        title="Straatgesprekken",
        methods=[method.pk],
        **{**CASE, "question": "Wat werkt op straat?"},
    )
    services.retain_lesson(other, colleague, LESSON, "")
    yield {"atelier": atelier, "author": author, "colleague": colleague, "method": method, "case": case, "other": other}
    cache.clear()


def test_a_member_links_a_method_and_reuses_a_lesson(site, world, page):
    case, other, method = world["case"], world["other"], world["method"]
    sign_in(site, page, world["author"])

    # Link the method to the case through the edit form.
    page.goto(site(dutch_url("cases:edit", case.pk)))
    page.get_by_label("Waardencirkel").check()
    check_page(page, "the case edit form with methods and practices")
    page.locator("form.stacked-form button[type=submit]:not([name=preview])").first.click()
    expect(page.locator("#links-heading")).to_have_text(dutch("Methods and practices"))
    expect(page.locator(".case__links")).to_contain_text("Waardencirkel")

    # The similar case tried the same method and retained a lesson: reuse it in one click.
    panel = page.locator(".similar-cases")
    expect(panel).to_contain_text("Straatgesprekken")
    expect(panel).to_contain_text(LESSON)
    check_page(page, "the case page with the similar cases, the chain and the reasoning cycle")
    panel.get_by_role("link", name=re.compile(dutch("Reuse this lesson"))).click()
    body = page.locator("#id_body")
    expect(body).to_have_value(re.compile(r"^> " + re.escape(LESSON)))
    expect(page.locator(".reflect-box__reuse")).to_be_visible()
    body.press("End")
    body.type("Dat gaan we ook proberen: de bibliotheek en de markt.")
    page.locator("#reflect form button[type=submit]").first.click()
    reflection = Reflection.objects.get(case=case)
    assert reflection.reuses_lesson_of_id == other.pk

    # The quote's link is a normal case address: it opens the source case for this member.
    quote_link = page.locator(f"#reflection-{reflection.pk} a[href$='/case/{other.pk}/']")
    expect(quote_link).to_have_count(1)
    cycle = page.locator(".reasoning-cycle")
    expect(cycle).to_contain_text(dutch("Reuse"))
    expect(cycle).to_contain_text("1 les hergebruikt")

    # Retrieve: opening the similar case from the panel is recorded on this case.
    page.locator(".similar-cases").get_by_role("link", name="Straatgesprekken", exact=True).click()
    expect(page.locator("h1")).to_have_text("Straatgesprekken")
    page.goto(site(dutch_url("cases:detail", case.pk)))
    expect(page.locator(".reasoning-cycle")).to_contain_text("1 vergelijkbare casus geopend")

    # The method page counts both cases and names them to this member.
    page.goto(site(method.url))
    cases_using = page.locator(".cases-using")
    expect(cases_using).to_contain_text("2 casussen in de ateliers noemen deze.")
    expect(cases_using.get_by_role("link", name="Lege bewonersavonden")).to_have_count(1)
    check_page(page, "the method page with the cases that tried it")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_compass_shows_where_views_differ(site, world, page):
    atelier, author, colleague = world["atelier"], world["author"], world["colleague"]
    today = timezone.localdate()
    cycle = cycle_services.start_cycle(
        atelier,
        colleague,
        learning_question="Hoe laten we bewoners meebeslissen?",
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=60),
        values=[("Gelijkwaardigheid", "Elke stem telt.")],
        plan_goal="Samen bepalen wat we willen leren.",
        plan_ends_on=today + timedelta(days=2),
    )
    for user in (author, colleague):
        if not cycle.participants.filter(user=user).exists():  # the coordinator who starts it takes part
            cycle_services.join(cycle, user)
    for _ in range(2):
        cycle_services.advance(cycle, cycle.phases.get(status="open").pk, colleague)
    loop, value = cycle.phases.get(status="open").loop, cycle.values.get()
    cycle_services.score_values(loop, colleague, {value: (5, "")})
    sign_in(site, page, author)
    page.goto(site(dutch_url("cycles:score", loop.pk)))
    page.locator("input[name=score_%d][value='1']" % value.pk).check()
    page.locator("textarea[name=comment_%d]" % value.pk).fill("Ik voelde me niet gehoord.")
    page.get_by_label(dutch("Show my comments to the other participants without my name")).check()
    check_page(page, "the score form with the anonymous choice")
    page.locator("form.stacked-form button[type=submit]:not([name=preview])").click()
    expect(page).to_have_url(site(dutch_url("cycles:compass", cycle.pk)))
    expect(page.locator(".compass-table")).to_contain_text("Meningen lopen uiteen: goed om over te praten")
    comment = page.locator(".score-comment")
    expect(comment).to_contain_text("Ik voelde me niet gehoord.")
    expect(comment).to_contain_text("Anoniem")
    expect(comment).not_to_contain_text("Mila")
    check_page(page, "the values compass with spread and comments")
