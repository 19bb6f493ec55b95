"""Reflow (WCAG 1.4.10): every page type of the demo site, as a visitor, a member and a
coordinator, in Dutch and English, fits a 320 px wide screen without sideways scrolling; at 375 px
(a common phone) axe finds no WCAG 2.1 A/AA violation on any of them.

The demo is what a person trying the site sees, so it is crawled as built by ``load_demo``: from
the home pages (and, signed in, from "Mijn leeratelier") every link on the site is followed, one
or two pages per page type (ids and long slugs are folded into one type), so a new page type is
covered as soon as something links to it. Links alone never reach what a GET form or a POST
shows (compare, the tool finder's results, filtered lists, a form after a server-side error,
the composing of a report), nor every coordinator page, so each role also loads a fixed list of
such pages (``fixed_pages``: built from the demo's own ids and slugs), and each role must cover a
minimum set of page types (``REQUIRED``): the test fails when the crawl silently covers less.

Each page is measured at 320 px, photographed and checked with axe at 375 px in one visit (the
viewport changes, the page is not loaded again). A screenshot of each page type at 320 px is
written to ``REFLOW_SCREENSHOTS`` (a folder; default: the test's temporary folder) for a person
to look at.
"""

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from .axe import axe_violations, format_violations

DEMO_PASSWORD = "leeratelier-demo"
# Links a crawl must not follow: they sign out, change data on GET-less forms elsewhere, or are
# files rather than pages.
SKIP = re.compile(
    r"/admin|logout|\.ics|\.pdf|\.csv|\.json|export|download|/attachment/|/image/|/audio/|/media/|/static/"
)
PAGES_PER_TYPE = 2
MAX_PAGES = 160
PHONE, SMALL_PHONE = {"width": 375, "height": 800}, {"width": 320, "height": 800}

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


@dataclass
class Visit:
    url: str
    width: dict  # TOO_WIDE's measurement at 320 px
    violations: list | None = None  # axe at 375 px (the first visit of a type only)


class Inspector:
    """Measures a loaded page at 320 px; for the first page of a type also photographs it and runs
    axe at 375 px, then goes back to 320 px for the next page."""

    def __init__(self, page, role, screenshots):
        self.page, self.role, self.screenshots, self.shots = page, role, screenshots, 0

    def __call__(self, name, full=True):
        visit = Visit(self.page.url, self.page.evaluate(TOO_WIDE))
        if full:
            self.shots += 1
            slug = re.sub(r"[^\w]+", "-", name).strip("-")[:60] or "home"
            self.page.screenshot(
                path=str(self.screenshots / f"{self.role}-{self.shots:03d}-{slug}.png"), full_page=True
            )
            self.page.set_viewport_size(PHONE)
            visit.violations = axe_violations(self.page)
            self.page.set_viewport_size(SMALL_PHONE)
        return visit


def is_html_page(response):
    return (
        response is not None and response.status < 400 and "text/html" in (response.headers.get("content-type") or "")
    )


def crawl(page, site, seeds, inspect, seen):
    """Visit the site from the seeds; return {page type: [Visit]}."""
    queue = [site(seed) for seed in seeds]
    found = {}
    examined = 0
    while queue and examined < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        examined += 1
        kind = page_type(url)
        if len(found.get(kind, [])) >= PAGES_PER_TYPE:
            continue
        if not is_html_page(page.goto(url)):
            continue
        found.setdefault(kind, []).append(inspect(kind, full=kind not in found))
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urljoin(page.url, href).split("#")[0]
            if target.startswith(site.url) and not SKIP.search(urlparse(target).path) and target not in seen:
                queue.append(target)
    return found


# --- the fixed pages ------------------------------------------------------------------------------


@dataclass
class Fixed:
    """A page links do not reach: ``path`` is loaded, then ``action`` (if any) is done on it and
    the page it leads to is measured; ``check`` (a CSS selector) must be on the measured page, so
    an action that silently did nothing fails."""

    label: str
    path: str
    action: Callable | None = None
    check: str | None = None


def submit(button, prepare=None):
    """Send the form ``button`` belongs to as it is (after ``prepare(page)``)."""

    def action(page):
        if prepare:
            prepare(page)
        with page.expect_navigation():
            page.locator(button).first.click()

    return action


def choose_story(page):
    page.locator("#contribute form input[name=kind][value=story]").check()


ERRORS = "[data-error-summary]"


def url_in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def fixed_pages(role):
    """The fixed pages of each role, from the demo's ids and slugs."""
    from django.contrib.auth import get_user_model

    from cycles.models import Contribution, LearningCycle, NarrativeReport, Phase
    from leeratelier.ateliers.models import AtelierIndexPage, AtelierPage, ExpertMeetingPage
    from leeratelier.pioneers.models import PracticeIndexPage
    from leeratelier.toolbox.models import MethodIndexPage, MethodPage

    atelier = AtelierPage.objects.get(title="Leeratelier Impact", locale__language_code="nl")
    cycle = LearningCycle.objects.get(atelier_key=atelier.translation_key)
    open_phase = Phase.objects.get(cycle=cycle, status=Phase.Status.OPEN)

    if role == "visitor":
        pages = []
        for language, count in (("nl", 3), ("en", 2)):
            index = MethodIndexPage.objects.live().get(locale__language_code=language)
            slugs = list(MethodPage.objects.child_of(index).live().order_by("path").values_list("slug", flat=True))
            pages += [
                Fixed(
                    f"compare {count} methods ({language})",
                    index.compare_url + "?" + urlencode([("m", slug) for slug in slugs[:count]]),
                    check=".compare-table",
                ),
                Fixed(
                    f"tool finder results ({language})",
                    index.finder_url
                    + "?"
                    + urlencode(
                        [("purposes", "account"), ("purposes", "learn"), ("roles", "citizen")]
                        + [("roles", "social_worker"), ("evidence", "both"), ("time", "weeks")]
                    ),
                    check="#methods-that-fit",
                ),
                Fixed(
                    f"pioneer form after a server-side error ({language})",
                    url_in(language, "pioneers:register"),
                    submit("main form.stacked-form button[type=submit]"),
                    check=ERRORS,
                ),
                Fixed(f"search results ({language})", url_in(language, "search") + "?q=impact", check="main"),
            ]
        method_index = MethodIndexPage.objects.live().get(locale__language_code="nl")
        first_method = MethodPage.objects.child_of(method_index).live().order_by("path").first()
        ateliers = AtelierIndexPage.objects.live().get(locale__language_code="nl")
        registry = PracticeIndexPage.objects.live().get(locale__language_code="nl")
        pages += [
            Fixed(
                "compare with one method (nl)",
                method_index.compare_url + "?m=" + first_method.slug,
                check="[role=alert]",
            ),
            Fixed(
                "atelier index filtered (nl)",
                ateliers.url
                + "?"
                + urlencode(
                    {"werkplaats": atelier.werkplaats_id or "", "theme": atelier.theme.slug if atelier.theme_id else ""}
                ),
                check=".filter-form",
            ),
            Fixed("practice registry filtered (nl)", registry.url + "?q=buurt", check=".filter-form"),
        ]
        return pages

    people = {user.username: user for user in get_user_model().objects.filter(username__in=["femke", "gideon"])}
    if role == "member":
        mine = (
            Contribution.objects.filter(cycle=cycle, phase=open_phase, participant__user=people["femke"])
            .order_by("pk")
            .first()
        )
        return [
            Fixed("contribution form (nl)", url_in("nl", "cycles:phase", open_phase.pk), check="#contribute form"),
            Fixed(
                "contribution form after a server-side error (nl)",
                url_in("nl", "cycles:phase", open_phase.pk),
                submit("#contribute form button[type=submit]:not([name=preview])", choose_story),
                check=ERRORS,
            ),
            Fixed("contribution form (en)", url_in("en", "cycles:phase", open_phase.pk), check="#contribute form"),
            Fixed("editing a contribution (nl)", url_in("nl", "cycles:edit_contribution", mine.pk), check="main form"),
            Fixed("case form (nl)", url_in("nl", "cases:new", atelier.pk), check="main form"),
            Fixed("values compass (nl)", url_in("nl", "cycles:compass", cycle.pk), check="main"),
        ]

    now = timezone.now()
    meetings = ExpertMeetingPage.objects.child_of(atelier).live()
    past = meetings.filter(start__lt=now).order_by("-start").first()
    upcoming = meetings.filter(start__gte=now).order_by("start").first()
    report = NarrativeReport.objects.filter(cycle=cycle).order_by("pk").first()
    return [
        Fixed("members management (nl)", url_in("nl", "ateliers:members", atelier.pk), check="main"),
        Fixed("members management (en)", url_in("en", "ateliers:members", atelier.pk), check="main"),
        Fixed("attendee list, past meeting (nl)", url_in("nl", "ateliers:attendees", past.pk), check="main"),
        Fixed("attendee list, upcoming meeting (nl)", url_in("nl", "ateliers:attendees", upcoming.pk), check="main"),
        Fixed("cancelling a meeting (nl)", url_in("nl", "ateliers:cancel_meeting", upcoming.pk), check="main form"),
        Fixed("announcement form (nl)", url_in("nl", "notifications:announce", atelier.pk), check="main form"),
        Fixed("open reports of the atelier (nl)", url_in("nl", "cases:reports", atelier.pk), check="main"),
        Fixed("cycles of the atelier (nl)", url_in("nl", "cycles:atelier_cycles", atelier.pk), check="main"),
        Fixed("starting a cycle (nl)", url_in("nl", "cycles:new", atelier.pk), check="main form"),
        Fixed("cycle, as its facilitator (nl)", url_in("nl", "cycles:cycle", cycle.pk), check="main"),
        Fixed(
            "adding an outside participant (nl)", url_in("nl", "cycles:add_participant", cycle.pk), check="main form"
        ),
        Fixed("editing a phase (nl)", url_in("nl", "cycles:edit_phase", open_phase.pk), check="main form"),
        Fixed("advancing a phase (nl)", url_in("nl", "cycles:advance", cycle.pk), check="main form"),
        Fixed("phase, as its facilitator (en)", url_in("en", "cycles:phase", open_phase.pk), check="main"),
        Fixed("values compass, as facilitator (nl)", url_in("nl", "cycles:compass", cycle.pk), check="main"),
        Fixed(
            "composing a report: choosing the items (nl)",
            url_in("nl", "cycles:new_cycle_report", cycle.pk),
            submit("main form.stacked-form button[type=submit]"),
            check="main form input[name=items]",
        ),
        Fixed(
            "composing a report of the atelier (en)",
            url_in("en", "cycles:new_atelier_report", atelier.pk),
            check="main form",
        ),
        Fixed("published report (nl)", url_in("nl", "cycles:report", report.pk), check="main"),
    ]


def visit_fixed(page, site, pages, inspect, seen):
    """Load each fixed page (and do its action); return ({label: Visit}, [problems])."""
    found, problems = {}, []
    for fixed in pages:
        response = page.goto(site(fixed.path))
        seen.add(site(fixed.path))
        if fixed.action is None and not is_html_page(response):
            problems.append(f"{fixed.label}: {fixed.path} answered {response.status if response else 'nothing'}")
            continue
        if fixed.action is not None:
            fixed.action(page)
        if fixed.check and not page.locator(fixed.check).count():
            problems.append(f"{fixed.label}: {page.url} has no {fixed.check}")
            continue
        found[fixed.label] = inspect(fixed.label)
    return found, problems


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
# The page types (see page_type) each role must have covered, by the crawl or by its fixed
# pages: what they cover today, so a change that hides a section or a page from the crawl (a link
# gone, a page that stops answering) fails here instead of silently testing less.
REQUIRED = {
    "visitor": {
        *("nl", "en", "nl/S", "nl/S/inleiding", "en/S/introduction", "nl/search", "en/search", "nl/report/N"),
        *("nl/ateliers", "nl/ateliers/S", "nl/ateliers/S/S", "en/ateliers", "en/ateliers/S", "nl/agenda", "en/agenda"),
        *("nl/meeting/N/register", "nl/methoden", "nl/methoden/waardencirkel", "nl/methoden/keuzehulp"),
        *("nl/methoden/vergelijk", "en/methods", "en/methods/finder", "en/methods/compare"),
        *("nl/praktijken", "nl/praktijken/S", "en/practices", "nl/practices/register", "en/practices/register"),
        *("nl/practices/ingredients", "nl/accounts/login", "nl/accounts/signup", "nl/accounts/password/reset"),
    },
    "member": {
        *("nl/me", "en/me", "nl/accounts/profile", "nl/accounts/profile/emails", "nl/accounts/email"),
        *("nl/accounts/password/change", "nl/accounts/profile/delete", "nl/notifications", "nl/notifications/N"),
        *("nl/atelier/N/cases", "nl/atelier/N/people", "nl/atelier/N/cycles", "nl/atelier/N/leave"),
        *("nl/case/N", "nl/case/N/edit", "en/case/N", "nl/cycle/N", "nl/cycle/N/compass", "nl/phase/N", "en/phase/N"),
        *("nl/contribution/N/edit", "nl/contribution/N/remove", "nl/my/contributions", "nl/report/N"),
    },
    "coordinator": {
        *("nl/me", "en/me", "nl/atelier/N/members", "en/atelier/N/members", "nl/atelier/N/announce"),
        *("nl/atelier/N/cycles", "en/atelier/N/reports", "nl/atelier/N/cases", "nl/meeting/N/attendees"),
        *("nl/meeting/N/cancel-meeting", "nl/cycle/N", "nl/cycle/N/advance", "nl/cycle/N/compass"),
        *("nl/cycle/N/participants", "nl/phase/N", "nl/phase/N/edit", "nl/report/N", "nl/report/N/edit"),
    },
}
MIN_CRAWLED_TYPES = 40  # 58, 66 and 81 today


def check_role(browser, site, screenshots, role):
    """Crawl as one role and load its fixed pages; return (failures, what was covered)."""
    email, seeds = ROLES[role]
    context = browser.new_context(locale="nl-NL", viewport=SMALL_PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    inspect = Inspector(page, role, screenshots)
    seen = set()
    pages = fixed_pages(role)
    try:
        if email:
            sign_in(page, site, email)
        fixed, failures = visit_fixed(page, site, pages, inspect, seen)
        crawled = crawl(page, site, seeds, inspect, seen)
    finally:
        context.close()
    failures = [f"{role}: fixed page {problem}" for problem in failures]
    if len(crawled) < MIN_CRAWLED_TYPES:
        failures.append(f"the crawl as {role} found only {sorted(crawled)}")
    covered = {kind.removesuffix(" ?") for kind in crawled} | {
        page_type(v.url).removesuffix(" ?") for v in fixed.values()
    }
    missing = REQUIRED[role] - covered
    missing |= {f"fixed: {f.label}" for f in pages} - {f"fixed: {label}" for label in fixed}
    if missing:
        failures.append(f"{role} did not cover {sorted(missing)} (covered: {sorted(covered)})")
    visits = [visit for visits in crawled.values() for visit in visits] + list(fixed.values())
    failures += [
        f"{role}, 320 px: {v.url} is {v.width['scrollWidth']} px wide ({', '.join(v.width['wide']) or 'the page itself'})"
        for v in visits
        if v.width["scrollWidth"] > v.width["clientWidth"]
    ]
    failures += [f"{role}, axe at 375 px: {v.url}:\n{format_violations(v.violations)}" for v in visits if v.violations]
    return failures, {"crawled types": len(crawled), "fixed pages": len(fixed)}


def test_every_page_type_fits_320_px_and_passes_axe_at_375(demo_site, browser, screenshots, monkeypatch):
    from leeratelier.pioneers import forms as pioneer_forms

    # The pioneer form refuses answers sent within seconds (a spam check): a person's errors here.
    monkeypatch.setattr(pioneer_forms, "MIN_FILL_SECONDS", 0)
    failures, covered = [], {}
    for role in ROLES:
        role_failures, covered[role] = check_role(browser, demo_site, screenshots, role)
        failures += role_failures
    assert not failures, f"{len(failures)} problems (covered: {covered}):\n" + "\n".join(failures)
