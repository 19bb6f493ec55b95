"""The public pages this round added, in a real browser: the 403 page and the CSRF-failure page
(a form sent after its cookie was lost), in Dutch and English, each WCAG 2.1 AA (axe) without
CSP violations or console errors."""

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible


def assert_clean_but_the_403(page, site, path, where):
    """Chromium reports the page's own 403 status on the console; anything else is a problem."""
    expected = f"status of 403 (Forbidden) ({site(path)}:"
    page.log.console_errors[:] = [error for error in page.log.console_errors if expected not in error]
    page.log.assert_clean(where)


@pytest.mark.urls("tests.core.urls_forbidden")
@pytest.mark.parametrize("language, heading", [("nl", "Geen toegang"), ("en", "No access")])
def test_the_403_page(site, page, language, heading):
    response = page.goto(site(f"/{language}/forbidden/"))
    assert response.status == 403
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_have_text(heading)
    assert_accessible(page, f"the {language} 403 page")
    assert_clean_but_the_403(page, site, f"/{language}/forbidden/", f"the {language} 403 page")


@pytest.mark.parametrize("language, heading", [("nl", "Het formulier is verlopen"), ("en", "The form has expired")])
def test_the_csrf_failure_page(site, page, language, heading):
    page.goto(site(f"/{language}/accounts/login/"))
    page.context.clear_cookies()  # the CSRF cookie is gone (blocked, or expired with the session)
    page.locator("input[name=login]").fill("someone@example.org")
    page.locator("input[name=password]").fill("not-the-password")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.locator("form button[type=submit]").last.click()
    assert posted.value.status == 403
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_have_text(heading)
    assert_accessible(page, f"the {language} CSRF failure page")
    assert_clean_but_the_403(page, site, f"/{language}/accounts/login/", f"the {language} CSRF failure page")
