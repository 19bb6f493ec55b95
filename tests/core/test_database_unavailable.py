"""When the database is unreachable (a restart), visitors get a 503 with Retry-After and a clear
page in both languages, not a traceback or a generic error (the restart drill in scripts/faults
shows the site recovering by itself afterwards)."""

from django.db import OperationalError
from django.test import RequestFactory

from leeratelier.core.views import server_error


def handle(exception):
    request = RequestFactory().get("/nl/")
    try:
        raise exception
    except Exception:
        return server_error(request)


def test_database_down_is_a_503_with_retry_after():
    response = handle(OperationalError("connection refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Even niet bereikbaar" in body and "Briefly unavailable" in body
    assert "Traceback" not in body and "connection refused" not in body


def test_other_errors_stay_a_500():
    assert handle(ValueError("bug")).status_code == 500
