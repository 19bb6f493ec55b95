"""Fixtures for the browser tests: one headless Chromium per session, a fresh context and page
per test, and the live server with the shared site tree (see tests/conftest.py).

Debian's Chromium is used (``make browser-deps``); Playwright never downloads a browser here.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; without this Django refuses the
# database access that fixtures do once the browser is running.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# The machine has no internet: these flags stop Chromium phoning home (and flooding the log
# with refused connections), and let it run as root in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
E2E_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before pytest's -m selection looks at the markers
def pytest_collection_modifyitems(config, items):
    """Every test in this package is an ``e2e`` test (``-m "not e2e"`` skips them all)."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@dataclass
class BrowserLog:
    """What the browser reported while a page was open: console errors, uncaught exceptions
    and Content-Security-Policy violations (Chromium logs those on the console: older versions
    as "Refused to ...", current ones as "... violates the following Content Security Policy
    directive ...")."""

    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    csp_violations: list = field(default_factory=list)

    def on_console(self, message):
        text = message.text
        location = message.location or {}
        where = f" ({location.get('url', '')}:{location.get('lineNumber', '')})" if location.get("url") else ""
        if "Refused to" in text or "Content Security Policy" in text:
            self.csp_violations.append(text + where)
        elif message.type == "error":
            self.console_errors.append(text + where)

    def on_page_error(self, error):
        self.page_errors.append(str(error))

    def problems(self):
        return (
            [f"CSP violation: {text}" for text in self.csp_violations]
            + [f"console error: {text}" for text in self.console_errors]
            + [f"uncaught exception: {text}" for text in self.page_errors]
        )

    def clear(self):
        for messages in (self.console_errors, self.page_errors, self.csp_violations):
            messages.clear()

    def assert_clean(self, where=""):
        problems = self.problems()
        assert not problems, f"The browser reported problems{' on ' + where if where else ''}:\n" + "\n".join(
            f"  - {problem}" for problem in problems
        )


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (or deselect with -m 'not e2e').")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps database connections in an asgiref Local that switches to per-context
    # storage while an event loop is running in the thread, and Playwright's sync API keeps
    # one running. Without this the test thread would get a second, fresh connection once
    # the browser starts (on PostgreSQL a second session, left open until the end, and one
    # without the state the test-database setup put on the first, such as its serialized
    # contents). Pin the connections the test database was set up with.
    test_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in test_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open_page(browser, **context_options):
    context = browser.new_context(locale="nl-NL", **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log = BrowserLog()
    page.on("console", log.on_console)
    page.on("pageerror", log.on_page_error)
    page.log = log
    return context, page


@pytest.fixture
def page(browser):
    """A page in a fresh browser context; ``page.log`` is its :class:`BrowserLog`."""
    context, page = _open_page(browser)
    yield page
    close_context(context)


# Wagtail's editor sends an editing-session "release" beacon when its page is hidden. Sent while a
# context closes, it reached the live server while the next test's database flush ran, and
# PostgreSQL reported a deadlock. The editor's form stops listening before the context closes, so
# no beacon is sent (the test database is emptied anyway, sessions and all).
_SILENCE_EDITING_SESSIONS = """
document.querySelectorAll('form.w-editing-sessions').forEach((form) => form.removeAttribute('data-action'));
"""


def close_context(context):
    for open_page in context.pages:
        try:
            if not open_page.is_closed():
                open_page.evaluate(_SILENCE_EDITING_SESSIONS)
        except Exception:  # a page mid-navigation or crashed: nothing of it to silence
            pass
    context.close()


@pytest.fixture
def page_without_js(browser):
    """A page with JavaScript switched off, to check the site works without it."""
    context, page = _open_page(browser, java_script_enabled=False)
    yield page
    context.close()


@dataclass
class Site:
    url: str  # the live server, without a trailing slash
    home: object
    home_en: object
    magazine: object
    chapters: list

    def __call__(self, path):
        return self.url + path


@pytest.fixture
def tree_root(transactional_db):
    """The root page, the default locale and the root collection, which the migrations make.

    The live server needs a transactional database, which is flushed after every
    transactional test (ours and anyone else's), so a later test finds none of the
    migrations' rows. Serialized rollback would restore them, but its restore fails with a
    duplicate content type on PostgreSQL once an earlier transactional test without it has
    flushed the database (the flush recreates the content types under new ids). So the three
    rows build_site_tree needs are made again here when they are missing.
    """
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    locale = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return root


@pytest.fixture
def site(live_server, transactional_db, tree_root, home_page, magazine):
    """The live server with the Dutch and English home pages and a magazine of three chapters.

    (``home_page`` rather than ``home_pages``: each of those builds the site tree, and
    ``magazine`` already builds it through ``home_page``; asking for both fails on the
    second home page's slug. The English home is the translation build_site_tree made.)
    ``tree_root`` comes before ``home_page``: pytest sets up fixtures of one scope in the
    order they are asked for.
    """
    from wagtail.models import Locale

    home = home_page
    home_en = home.get_translation(Locale.objects.get(language_code="en")).specific
    magazine_page, chapters = magazine
    return Site(url=live_server.url, home=home, home_en=home_en, magazine=magazine_page, chapters=chapters)
