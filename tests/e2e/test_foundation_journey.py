"""The foundation, as a visitor goes through it in a browser: the Dutch home page, the main
navigation to the magazine and a chapter, the language switcher, search (also keyboard-only and
without JavaScript), and on each page: WCAG 2.1 A/AA (axe) and no CSP violations or console errors.
"""

import re

from playwright.sync_api import expect

from .axe import assert_accessible

MAIN_NAV = "nav.site-nav"
LANGUAGE_SWITCHER = "nav.language-switcher"


def focused(page, attribute="outerHTML"):
    """An attribute of the focused element (``id``, ``tagName``, ``outerHTML``...)."""
    return page.evaluate(f"document.activeElement && document.activeElement.{attribute}")


def tab_to(page, selector, limit=40):
    """Press Tab until the element matching ``selector`` has the focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} could not be reached with Tab in {limit} steps; last focus: {focused(page)}")


def test_home_page_skip_link_and_language_switcher(site, page):
    response = page.goto(site("/nl/"))

    # The policy the "no CSP violations" checks rely on is really sent.
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, f"weak or no CSP: {policy!r}"

    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(site.home.title)
    expect(page).to_have_title(re.compile("Leeratelier"))

    # Skip link: the first Tab stop, visible once focused, and it moves the focus to <main>.
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_attribute("href", "#main")
    expect(skip_link).to_be_visible()
    box = skip_link.bounding_box()
    viewport = page.viewport_size
    assert box and box["width"] > 0 and box["height"] > 0, "the focused skip link has no size"
    assert 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], (
        f"the focused skip link is off screen: {box}"
    )
    assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"], f"the focused skip link is off screen: {box}"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.url.endswith("#main")

    assert_accessible(page, "the Dutch home page")
    page.log.assert_clean("the Dutch home page")

    # The language switcher: the home page exists in English.
    switcher = page.locator(LANGUAGE_SWITCHER)
    expect(switcher.locator("[aria-current]")).to_have_text("Nederlands")
    english = switcher.get_by_role("link", name="English")
    expect(english).to_have_attribute("hreflang", "en")
    english.click()
    expect(page).to_have_url(site("/en/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(site.home_en.title)
    expect(page.locator(".hero .lead")).to_have_text(site.home_en.intro)
    expect(switcher.locator("[aria-current]")).to_have_text("English")
    assert_accessible(page, "the English home page")

    # And back to Dutch.
    switcher.get_by_role("link", name="Nederlands").click()
    expect(page).to_have_url(site("/nl/"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.log.assert_clean("the home pages")


def test_magazine_and_chapter_navigation(site, page):
    first, second, third = site.chapters
    page.goto(site("/nl/"))

    # Main navigation -> magazine.
    page.locator(MAIN_NAV).get_by_role("link", name=site.magazine.title).click()
    expect(page).to_have_url(re.compile(r"/nl/[^/]+/$"))
    expect(page.locator("h1")).to_have_text(site.magazine.title)
    expect(page.locator(MAIN_NAV).get_by_role("link", name=site.magazine.title)).to_have_attribute(
        "aria-current", "page"
    )

    # Table of contents -> the second chapter.
    toc = page.locator("nav.toc")
    expect(toc).to_have_accessible_name(re.compile(r"\S"))  # labelled by its heading
    expect(toc.get_by_role("link")).to_have_count(3)
    toc.get_by_role("link", name=second.title).click()
    expect(page).to_have_url(site(second.url))
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(second.title)
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    # Previous / next chapter.
    chapter_nav = page.locator("nav.chapter-nav")
    previous_link = chapter_nav.locator("a[rel=prev]")
    next_link = chapter_nav.locator("a[rel=next]")
    expect(previous_link).to_contain_text(first.title)
    expect(previous_link).to_have_attribute("href", first.url)
    expect(next_link).to_contain_text(third.title)
    expect(next_link).to_have_attribute("href", third.url)

    assert_accessible(page, "a chapter page")
    page.log.assert_clean("the magazine and a chapter page")

    next_link.click()
    expect(page.locator("h1")).to_have_text(third.title)
    expect(chapter_nav.locator("a[rel=prev]")).to_contain_text(second.title)
    expect(chapter_nav.locator("a[rel=next]")).to_have_count(0)
    chapter_nav.locator("a[rel=prev]").click()
    expect(page.locator("h1")).to_have_text(second.title)

    # A chapter without an English translation: the switcher leads to the English home page.
    page.locator(LANGUAGE_SWITCHER).get_by_role("link", name="English").click()
    expect(page).to_have_url(site("/en/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.log.assert_clean("the chapter pages")


def test_search_with_mouse_and_keyboard(site, page):
    page.goto(site("/nl/"))
    search_form = page.locator("form.header-search")
    search_form.get_by_role("searchbox").fill("impact")
    search_form.get_by_role("button").click()

    expect(page).to_have_url(re.compile(r"/nl/search/\?q=impact$"))
    expect(page.locator("h1")).to_have_count(1)
    results = page.locator("ol.search-results")
    # "impact" is in the titles of chapters 2 and 3 and in every chapter body.
    for chapter in site.chapters:
        expect(results.get_by_role("link", name=chapter.title)).to_have_attribute("href", chapter.url)
    expect(page.locator("#results-heading")).to_contain_text("impact")
    expect(page.locator("#search-q")).to_have_value("impact")

    assert_accessible(page, "the search results page")
    page.log.assert_clean("the search results page")

    # A word that is only in the chapter bodies; searched from the search page's own form.
    page.locator("#search-q").fill("bewoners")
    page.locator("form.search-form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/nl/search/\?q=bewoners$"))
    expect(results.get_by_role("link", name=site.chapters[0].title)).to_be_visible()
    page.log.assert_clean("the search results page")

    # Keyboard only: reach the header search field with Tab, type, Tab to the button, Enter.
    page.goto(site("/nl/"))
    tab_to(page, "#header-search-q")
    page.keyboard.type("impact")
    tab_to(page, "form.header-search button[type=submit]", limit=1)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/nl/search/\?q=impact$"))
    expect(page.locator("ol.search-results li")).not_to_have_count(0)

    # On the results page, the search page's own form works with the keyboard too.
    tab_to(page, "#search-q")
    page.keyboard.press("Control+A")
    page.keyboard.type("sporen")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/nl/search/\?q=sporen$"))
    expect(page.locator("ol.search-results").get_by_role("link", name=site.chapters[2].title)).to_be_visible()
    page.log.assert_clean("the search pages (keyboard only)")


def test_search_works_without_javascript(site, page_without_js):
    page = page_without_js
    page.goto(site("/nl/"))
    page.locator("#header-search-q").fill("impact")
    page.locator("form.header-search button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/nl/search/\?q=impact$"))
    expect(page.locator("ol.search-results").get_by_role("link", name=site.chapters[1].title)).to_be_visible()
    page.log.assert_clean("the search page without JavaScript")
