"""Security headers on every page type: the site's Content-Security-Policy (no inline script,
no plugins, no <base> hijack, no framing), the admin's looser policy only under /admin/,
nosniff and a strict Referrer-Policy; and production settings that force HTTPS (HSTS, secure,
HttpOnly, SameSite cookies, the SSL redirect)."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from tests.core.test_settings import production_env, run


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_site_policy(response, where):
    assert "Content-Security-Policy" in response, where
    policy = csp_directives(response)
    script_sources = policy.get("script-src", policy.get("default-src"))
    assert script_sources, f"{where}: no script-src or default-src"
    for directive in ("script-src", "script-src-elem", "script-src-attr", "default-src"):
        assert "'unsafe-inline'" not in policy.get(directive, []), f"{where}: {directive} allows inline script"
        assert "'unsafe-eval'" not in policy.get(directive, []), f"{where}: {directive} allows eval"
    assert policy["object-src"] == ["'none'"], where
    assert policy["base-uri"] in (["'self'"], ["'none'"]), where
    assert policy["frame-ancestors"] == ["'none'"], where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin", "no-referrer"), where
    assert response["X-Frame-Options"] == "DENY", where


@pytest.fixture
def every_page_type(client, magazine, standard_page, atelier_index, public_atelier, public_meeting, case, member):
    """(name, url, signed in?, expected status) for one page of every type."""
    magazine_page, chapters = magazine
    with translation.override("nl"):
        return [
            ("home", "/nl/", False, 200),
            ("magazine", magazine_page.url, False, 200),
            ("magazine chapter", chapters[0].url, False, 200),
            ("standard page", standard_page.url, False, 200),
            ("atelier index", atelier_index.url, False, 200),
            ("atelier page", public_atelier.url, False, 200),
            ("meeting page", public_meeting.url, False, 200),
            ("agenda", reverse("ateliers:agenda"), False, 200),
            ("search", "/nl/search/?q=armoede", False, 200),
            ("login", "/nl/accounts/login/", False, 200),
            ("sign-up", "/nl/accounts/signup/", False, 200),
            ("case page", reverse("cases:detail", args=[case.pk]), True, 200),
            ("my page", reverse("ateliers:my_page"), True, 200),
            ("atelier page, signed in", public_atelier.url, True, 200),
            ("404", "/nl/bestaat-niet/", False, 404),
            ("404, signed in", "/nl/bestaat-niet/", True, 404),
        ]


def test_every_page_type_has_the_site_policy(client, member, every_page_type):
    for name, url, signed_in, status in every_page_type:
        if signed_in:
            client.force_login(member)
        else:
            client.logout()
        response = client.get(url)
        assert response.status_code == status, f"{name}: {url} gave {response.status_code}"
        assert_site_policy(response, f"{name} ({url})")


def test_pages_hold_no_inline_script(client, member, every_page_type):
    """The policy forbids inline script; the pages must not need it (it would silently not run)."""
    for name, url, signed_in, _status in every_page_type:
        if signed_in:
            client.force_login(member)
        else:
            client.logout()
        html = client.get(url).content.decode()
        for start in range(len(html)):
            start = html.find("<script", start)
            if start < 0:
                break
            tag = html[start : html.index(">", start) + 1]
            body_end = html.index("</script>", start)
            body = html[start + len(tag) : body_end].strip()
            is_data = 'type="application/json"' in tag or "type=application/json" in tag
            assert "src=" in tag or is_data, f"{name}: inline script {tag}{body[:80]}"
            start = body_end
        assert " onclick=" not in html and " onload=" not in html and " onerror=" not in html, name


def test_only_the_admin_is_outside_the_site_policy(client, editor, home_page):
    """The Wagtail admin runs inline script, so the site's policy skips /admin/ (and only that)."""
    client.force_login(editor)
    for path in ("/admin/login/", "/admin/"):
        response = client.get(path)
        assert "Content-Security-Policy" not in response, path
        assert response["X-Content-Type-Options"] == "nosniff", path
    # A site page whose path merely contains "admin" keeps the strict policy.
    for path in ("/nl/admin/", "/nl/search/?q=/admin/"):
        response = client.get(path)
        assert_site_policy(response, path)


PRINT_SECURITY_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
         "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE",
         "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
         "X_FRAME_OPTIONS", "DEBUG", "SECURE_PROXY_SSL_HEADER"]
print(json.dumps({name: getattr(s, name) for name in names}))
"""


def test_production_forces_https_and_safe_cookies(tmp_path):
    result = run(["-c", PRINT_SECURITY_SETTINGS], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    prod = json.loads(result.stdout)
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000  # a year: what the preload list asks
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert prod["SECURE_HSTS_PRELOAD"] is True
    assert prod["SESSION_COOKIE_SECURE"] is True and prod["CSRF_COOKIE_SECURE"] is True
    assert prod["SESSION_COOKIE_HTTPONLY"] is True and prod["CSRF_COOKIE_HTTPONLY"] is True
    assert prod["SESSION_COOKIE_SAMESITE"] == "Lax" and prod["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert prod["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert prod["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert prod["X_FRAME_OPTIONS"] == "DENY"
    assert prod["DEBUG"] is False
    assert prod["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
def test_over_https_the_headers_and_cookies_are_what_a_browser_needs(client, settings, home_page):
    """The production switches at work on a real response (the test client asks over https)."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True

    plain = client.get("/nl/accounts/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")

    response = client.get("/nl/accounts/login/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
