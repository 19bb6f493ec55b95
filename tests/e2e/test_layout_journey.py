"""The header on a phone and on a wide screen, and the method toolbox at 1280 px, on the site as
`setup_site` makes it (every section in the navigation) with the demo's fifteen methods.

- At 375 px the header shows a menu button, takes less than a quarter of the first screen, and
  the button opens and closes the menu with Enter and with Space (Escape closes it and gives the
  button the focus back); without JavaScript the whole header shows and still fits.
- At 1280 px there is no menu button and the whole navigation shows.
- At 1280 px the methods index and the compare page (four methods) do not scroll sideways, and
  nothing sticks out of its box: no card content outside its card, no table cell content outside
  its cell (compared element by element, so a value that overflows under the next card fails).
"""

import pytest
from playwright.sync_api import expect

from leeratelier.toolbox.demo import METHODS, build_method
from leeratelier.toolbox.models import MethodIndexPage, MethodPage

from .installed_site import install

PHONE = {"width": 375, "height": 667}
WIDE = {"width": 1280, "height": 800}
HEADER_SHARE = 0.25  # of the first screen

# What sticks out: the page wider than the window, a box that scrolls sideways, or an element
# outside the box it is in (visually hidden text and empty elements aside).
STICKING_OUT = """(selector) => {
    const name = (element) => element.tagName.toLowerCase()
        + (typeof element.className === 'string' && element.className ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
    const doc = document.documentElement;
    const problems = [];
    if (doc.scrollWidth > doc.clientWidth) {
        problems.push(`the page is ${doc.scrollWidth} px wide in a ${doc.clientWidth} px window`);
    }
    for (const box of document.querySelectorAll(selector)) {
        const outer = box.getBoundingClientRect();
        if (box.scrollWidth > box.clientWidth + 1) {
            problems.push(`${name(box)} scrolls: ${box.scrollWidth} px of content in ${box.clientWidth} px`);
        }
        for (const element of box.querySelectorAll('*')) {
            if (element.closest('.visually-hidden')) continue;
            const inner = element.getBoundingClientRect();
            if (inner.width <= 1 || inner.height <= 1) continue;
            if (inner.right > outer.right + 0.5 || inner.left < outer.left - 0.5) {
                problems.push(`${name(element)} (${Math.round(inner.left)}–${Math.round(inner.right)} px) `
                    + `sticks out of ${name(box)} (${Math.round(outer.left)}–${Math.round(outer.right)} px): `
                    + (element.textContent || '').trim().slice(0, 60));
            }
        }
    }
    return problems.slice(0, 10);
}"""


@pytest.fixture
def installed(live_server, transactional_db, tree_root):
    site = install(live_server.url)
    index = MethodIndexPage.objects.get(locale__language_code="nl")
    for spec in METHODS:
        build_method(index, spec)
    site.methods = index
    return site


def tab_to(page, locator, presses=8):
    for _ in range(presses):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError("the menu button cannot be reached with Tab")


def test_phone_header_has_a_menu_button_that_works_by_keyboard(installed, page):
    page.set_viewport_size(PHONE)
    page.goto(installed("/nl/"))
    header = page.locator("header.site-header")
    toggle = header.locator(".site-header__toggle")
    menu = page.locator("#site-menu")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    height = header.bounding_box()["height"]
    assert height < HEADER_SHARE * PHONE["height"], f"the header is {height:.0f} of {PHONE['height']} px high"

    tab_to(page, toggle)
    for key in ("Enter", "Space"):
        page.keyboard.press(key)
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(menu).to_be_visible()
        expect(menu.locator(".site-nav a").first).to_be_visible()
        expect(menu.locator(".header-search input")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the open menu is too wide"
        expect(toggle).to_be_focused()
        page.keyboard.press("Tab")  # into the menu, which follows the button
        assert menu.evaluate("menu => menu.contains(document.activeElement)"), "Tab does not lead into the menu"
        page.keyboard.press("Shift+Tab")
        expect(toggle).to_be_focused()
        page.keyboard.press(key)
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(menu).to_be_hidden()

    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(toggle).to_be_focused()
    page.log.assert_clean("the phone header")


def test_phone_header_without_javascript_shows_everything_and_fits(installed, page_without_js):
    page = page_without_js
    page.set_viewport_size(PHONE)
    page.goto(installed("/nl/"))
    expect(page.locator(".site-header__toggle")).to_be_hidden()
    expect(page.locator("#site-menu .site-nav a").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_wide_header_shows_the_whole_navigation_without_a_button(installed, page):
    page.set_viewport_size(WIDE)
    page.goto(installed("/nl/"))
    header = page.locator("header.site-header")
    expect(header.locator(".site-header__toggle")).to_be_hidden()
    links = header.locator(".site-nav a")
    assert links.count() >= 6, links.all_inner_texts()
    for link in links.all():
        expect(link).to_be_visible()
    for part in (".language-switcher", ".header-search input", ".account-nav a"):
        expect(header.locator(part).first).to_be_visible()
    menu_items = {installed.methods.title, "Agenda"}
    texts = {text.strip() for text in links.all_inner_texts()}
    assert menu_items <= texts, texts
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]


def test_methods_index_and_compare_fit_1280_px_with_nothing_sticking_out(installed, page):
    page.set_viewport_size(WIDE)
    index = installed.methods
    page.goto(installed(index.url))
    cards = page.locator(".method-list .card")
    expect(cards).to_have_count(len(METHODS))
    assert page.evaluate(STICKING_OUT, ".method-list .card") == []

    # The four methods with the most words in their compare rows: the widest comparison.
    longest = sorted(
        MethodPage.objects.child_of(index), key=lambda m: -len(" ".join([m.summary, m.time_note, m.preparation]))
    )[:4]
    page.goto(installed(index.compare_url + "?" + "&".join(f"m={method.slug}" for method in longest)))
    expect(page.locator(".compare-table thead th")).to_have_count(4)
    assert page.evaluate(STICKING_OUT, ".table-scroll, .compare-table th, .compare-table td") == []
