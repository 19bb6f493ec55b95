"""Issue 13 in a browser: after `setup_site` on an empty database (no demo), a visitor opens the
home page, then the about page, the privacy statement and the accessibility statement through
the links in the header and footer, in Dutch and, after the language switch, in English. Each
page is the real one (its title as heading, the page's language on <html>), passes axe (WCAG 2.1
A/AA) at 1280 and at 375 px, fits a 320 px screen without sideways scrolling (WCAG 1.4.10), and
the browser reports no CSP violation or console error."""

import pytest
from playwright.sync_api import expect

from home import setup as site_setup
from leeratelier.accounts import setup as privacy_setup

from .axe import assert_accessible
from .installed_site import install

WIDE, PHONE, SMALL_PHONE = {"width": 1280, "height": 800}, {"width": 375, "height": 800}, {"width": 320, "height": 800}
WELCOME = "Welcome to your new Wagtail site!"
# (Dutch title, English title) of each page, as setup_site writes them.
PAGES = {
    "about": site_setup.ABOUT["fields"]["title"],
    "privacy statement": privacy_setup.FIELDS["title"],
    "accessibility statement": site_setup.ACCESSIBILITY_STATEMENT["fields"]["title"],
}
LANGUAGES = {"nl": 0, "en": 1}


@pytest.fixture
def installed(live_server, transactional_db, tree_root):
    return install(live_server.url)


def check_page(page, where, language):
    """The page's language, axe at 1280 and 375 px, reflow at 320 px, a clean console."""
    assert page.evaluate("document.documentElement.lang") == language, where
    assert WELCOME not in page.content(), where
    for viewport in (WIDE, PHONE):
        page.set_viewport_size(viewport)
        assert_accessible(page, f"{where} at {viewport['width']} px")
    page.set_viewport_size(SMALL_PHONE)
    width = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    assert width["scroll"] <= width["client"], f"{where} is {width['scroll']} px wide at 320 px"
    page.set_viewport_size(WIDE)
    page.log.assert_clean(where)


def follow_site_link(page, title):
    """Click the header or footer link named ``title`` (the header's menu is open at 1280 px)."""
    link = page.locator("header.site-header a, footer.site-footer a").filter(has_text=title)
    expect(link.first).to_be_visible()
    link.first.click()
    page.wait_for_load_state()


def test_home_about_and_statements_in_dutch_and_english(installed, page):
    page.set_viewport_size(WIDE)
    response = page.goto(installed("/nl/"))
    assert response.status == 200
    for language, position in LANGUAGES.items():
        if language != "nl":
            # The language switch in the header, from the home page.
            page.locator(f".language-switcher a[hreflang={language}]").click()
            page.wait_for_load_state()
        home_url = page.url
        assert f"/{language}/" in home_url, home_url
        check_page(page, f"the home page ({language})", language)
        for name, titles in PAGES.items():
            page.goto(home_url)
            follow_site_link(page, titles[position])
            expect(page.locator("main h1")).to_have_text(titles[position])
            assert f"/{language}/" in page.url, page.url
            check_page(page, f"the {name} ({language}, {page.url})", language)
        page.goto(home_url)
