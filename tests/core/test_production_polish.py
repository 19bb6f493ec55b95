"""Production polish: the 403 and CSRF-failure pages in Dutch and English in the site's style,
request ids in the X-Request-ID header and in JSON log lines, and Sentry only with SENTRY_DSN
and without personal data."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from leeratelier.core.logs import JsonFormatter, RequestIdFilter
from leeratelier.core.sentry import scrub_event, sentry_options

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.urls("tests.core.urls_forbidden")
@pytest.mark.parametrize(
    "language, heading, home", [("nl", "Geen toegang", "Naar de homepage"), ("en", "No access", "Go to the home page")]
)
def test_the_403_page_in_both_languages(client, home_pages, language, heading, home):
    response = client.get(f"/{language}/forbidden/")
    assert response.status_code == 403
    body = response.content.decode()
    assert f'<html lang="{language}">' in body and heading in body and home in body
    assert 'href="/static/css/site.css"' in body  # the site's style, with header and footer
    assert "<footer" in body


@pytest.mark.parametrize("language, heading", [("nl", "Het formulier is verlopen"), ("en", "The form has expired")])
def test_the_csrf_failure_page_in_both_languages(home_pages, language, heading):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/accounts/login/", {"login": "someone@example.org", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert f'<html lang="{language}">' in body and heading in body
    assert "CSRF" not in body  # Django's English default page is gone
    assert settings.CSRF_FAILURE_VIEW == "leeratelier.core.views.csrf_failure"


def test_every_response_has_a_request_id_and_a_sane_incoming_one_is_kept(client, db):
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-12345")["X-Request-ID"] == "proxy-abc-12345"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


def test_a_log_line_is_json_with_the_request_id(client, home_pages):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/nl/bestaat-niet/")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["request_id"] == response["X-Request-ID"]
    assert line["level"] == "WARNING" and line["logger"] == "django.request" and line["status"] == 404
    assert "Not Found" in line["message"] and line["time"].endswith("+00:00")


def production(env_extra, code):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leeratelier.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "leeratelier.example.nl",
        **env_extra,
    }
    env.pop("SENTRY_DSN", None) if "SENTRY_DSN" not in env_extra else None
    script = "import django, json; django.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_logs_are_json_lines_and_sentry_starts_only_with_a_dsn():
    code = (
        "import logging, sentry_sdk\n"
        "logging.getLogger('leeratelier').warning('outbox email %s failed', 42)\n"
        "options = sentry_sdk.get_client().options\n"
        "print(json.dumps({'active': sentry_sdk.get_client().is_active(), 'pii': options.get('send_default_pii'),"
        " 'body': options.get('max_request_body_size'), 'scrub': getattr(options.get('before_send'), '__name__', None)}))\n"
    )
    without = production({}, code)
    assert without.returncode == 0, without.stderr
    assert json.loads(without.stdout)["active"] is False
    line = json.loads(without.stderr.strip().splitlines()[-1])
    assert line["message"] == "outbox email 42 failed" and line["request_id"] == "-" and line["level"] == "WARNING"

    # A DSN on an unused local port: the client starts; nothing is sent (no error is raised).
    with_dsn = production({"SENTRY_DSN": "http://public@127.0.0.1:9/1"}, code)
    assert with_dsn.returncode == 0, with_dsn.stderr
    assert json.loads(with_dsn.stdout) == {"active": True, "pii": False, "body": "never", "scrub": "scrub_event"}


def test_sentry_options_and_the_scrubbed_event():
    options = sentry_options("http://public@127.0.0.1:9/1")
    assert options["send_default_pii"] is False and options["max_request_body_size"] == "never"
    event = {
        "request": {
            "method": "POST",
            "url": "https://leeratelier.example.nl/nl/search/?q=Jan+de+Vries",
            "data": {"text": "Een casus over mevrouw K."},
            "cookies": {"sessionid": "s"},
            "headers": {"Cookie": "sessionid=s"},
            "query_string": "q=Jan+de+Vries",
        },
        "user": {"email": "anouk@example.org"},
        "exception": {"values": [{"type": "ValueError"}]},
    }
    scrubbed = scrub_event(event)
    assert scrubbed["request"] == {"method": "POST", "url": "https://leeratelier.example.nl/nl/search/"}
    assert "user" not in scrubbed and scrubbed["exception"] == {"values": [{"type": "ValueError"}]}
    assert "Jan" not in json.dumps(scrubbed) and "mevrouw" not in json.dumps(scrubbed)
