"""Reflow (WCAG 1.4.10): every page type of the demo site, as a visitor, a member and a
coordinator, in Dutch and English, fits a 320 px wide screen without sideways scrolling; at 375 px
(a common phone) axe finds no WCAG 2.1 A/AA violation on any of them.

The demo is what a person trying the site sees, so it is crawled as built by ``load_demo``: from
the home pages (and, signed in, from "Mijn leeratelier") every link on the site is followed, one
or two pages per page type (ids and long slugs are folded into one type), so a new page type is
covered as soon as something links to it. A screenshot of each page type at 320 px is written to
``REFLOW_SCREENSHOTS`` (a folder; default: the test's temporary folder) for a person to look at.
"""

import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command

from .axe import axe_violations, format_violations

DEMO_PASSWORD = "leeratelier-demo"
# Links a crawl must not follow: they sign out, change data on GET-less forms elsewhere, or are
# files rather than pages.
SKIP = re.compile(
    r"/admin|logout|\.ics|\.pdf|\.csv|\.json|export|download|/attachment/|/image/|/audio/|/media/|/static/"
)
PAGES_PER_TYPE = 2
MAX_PAGES = 160

# The right edges of the elements that stick out, to say what is too wide when a page fails.
TOO_WIDE = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [];
    for (const element of document.querySelectorAll('body *')) {
        const box = element.getBoundingClientRect();
        if (box.width > 0 && box.right > width + 0.5) {
            const name = element.tagName.toLowerCase() + (typeof element.className === 'string' && element.className ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
            wide.push(name + ' (' + Math.round(box.right) + ' px)');
        }
    }
    return {scrollWidth: document.documentElement.scrollWidth, clientWidth: width, wide: wide.slice(0, 5)};
}"""


def page_type(url):
    """The page type of an address: ids become N, long slugs S, a query string a mark."""
    parsed = urlparse(url)
    parts = [re.sub(r"^\d+$", "N", part) for part in parsed.path.strip("/").split("/")]
    parts = [re.sub(r"^[\w-]{16,}$", "S", part) for part in parts]
    return "/".join(parts[:4]) + (" ?" if parsed.query else "")


def sign_in(page, site, email):
    page.goto(site("/nl/accounts/login/"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{email} could not sign in"


def crawl(page, site, seeds):
    """Visit the site from the seeds; return {page type: [(url, measurement)]}."""
    queue = [site(seed) for seed in seeds]
    seen, found = set(), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        kind = page_type(url)
        if len(found.get(kind, [])) >= PAGES_PER_TYPE:
            continue
        response = page.goto(url)
        if (
            response is None
            or response.status >= 400
            or "text/html" not in (response.headers.get("content-type") or "")
        ):
            continue
        found.setdefault(kind, []).append((page.url, page.evaluate(TOO_WIDE)))
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urljoin(page.url, href).split("#")[0]
            if target.startswith(site.url) and not SKIP.search(urlparse(target).path) and target not in seen:
                queue.append(target)
    return found


class DemoSite:
    def __init__(self, url):
        self.url = url

    def __call__(self, path):
        return self.url + path


@pytest.fixture
def demo_site(live_server, transactional_db, tree_root):
    """The live server with the whole demo (``tree_root`` first: the flush between
    transactional tests removes the rows the migrations made, the municipalities too)."""
    from importlib import import_module

    from leeratelier.core.models import Municipality

    loader = import_module("leeratelier.core.migrations.0002_municipalities_and_outbox_schedule")
    for name in loader.read_municipalities():
        Municipality.objects.get_or_create(name=name)
    call_command("load_demo", verbosity=0)
    return DemoSite(live_server.url)


@pytest.fixture
def screenshots(tmp_path):
    folder = Path(os.environ.get("REFLOW_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


ROLES = {
    "visitor": (None, ["/nl/", "/en/"]),
    "member": ("femke@example.org", ["/nl/me/", "/en/me/", "/nl/", "/nl/accounts/profile/"]),
    "coordinator": ("gideon@example.org", ["/nl/me/", "/nl/", "/en/me/"]),
}


def check_role(browser, site, screenshots, role):
    """Crawl as one role; return what failed (an empty list when every page passes)."""
    email, seeds = ROLES[role]
    context = browser.new_context(locale="nl-NL", viewport={"width": 320, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        if email:
            sign_in(page, site, email)
        found = crawl(page, site, seeds)
        assert len(found) >= 20, f"the crawl as {role} found only {sorted(found)}"
        failures = [
            f"{role}, 320 px: {url} is {m['scrollWidth']} px wide ({', '.join(m['wide']) or 'the page itself'})"
            for visits in found.values()
            for url, m in visits
            if m["scrollWidth"] > m["clientWidth"]
        ]
        for number, (_kind, visits) in enumerate(sorted(found.items())):
            page.goto(visits[0][0])
            page.screenshot(path=str(screenshots / f"{role}-{number:03d}.png"), full_page=True)

        page.set_viewport_size({"width": 375, "height": 800})
        for _kind, visits in sorted(found.items()):
            page.goto(visits[0][0])
            violations = axe_violations(page)
            if violations:
                failures.append(f"{role}, axe at 375 px: {visits[0][0]}:\n{format_violations(violations)}")
        return failures, len(found)
    finally:
        context.close()


def test_every_page_type_fits_320_px_and_passes_axe_at_375(demo_site, browser, screenshots):
    failures, types = [], {}
    for role in ROLES:
        role_failures, types[role] = check_role(browser, demo_site, screenshots, role)
        failures += role_failures
    assert not failures, f"{len(failures)} problems (page types crawled: {types}):\n" + "\n".join(failures)
