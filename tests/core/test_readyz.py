"""/readyz: ready when the database, the cache, the q2 cluster (its every-minute send-outbox
schedule moves on) and the outbox backlog are fine; otherwise a 503 with a short JSON reason,
also with the database down (never the 500 page). /healthz stays the two-byte liveness check."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_q.models import Schedule

from leeratelier.core.models import OutboxEmail


@pytest.fixture
def cluster_running(db):
    """What a running q2 cluster leaves behind: send-outbox's next run in the coming minute."""
    Schedule.objects.filter(name="send-outbox").update(next_run=timezone.now() + timedelta(seconds=40))


def test_ready(client, cluster_running):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "scheduler": "ok", "outbox": "ok"},
    }
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_stays_the_liveness_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_a_stopped_cluster_is_not_ready(client, db):
    Schedule.objects.filter(name="send-outbox").update(next_run=timezone.now() - timedelta(minutes=30))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["scheduler"] == "schedule not run recently"


def test_an_outbox_backlog_over_the_limit_is_not_ready(client, cluster_running, settings):
    settings.READYZ_OUTBOX_BACKLOG_LIMIT = 2
    for n in range(3):
        OutboxEmail.objects.create(key=f"k{n}", kind="test", recipient=f"person{n}@example.org", language="nl")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["outbox"] == "backlog 3 over 2"
    assert "example.org" not in response.content.decode()


def test_database_down_is_a_503_json_not_a_500_page(client, cluster_running):
    def unreachable(execute, sql, params, many, context):
        raise OperationalError("could not connect to server: Connection refused")

    with connection.execute_wrapper(unreachable):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unreachable", "cache": "ok", "scheduler": "not checked", "outbox": "not checked"},
    }
    assert "Connection refused" not in response.content.decode()


def test_readyz_is_never_served_from_the_page_cache(client, cluster_running, settings):
    settings.PAGE_CACHE_ENABLED = True
    client.get("/readyz")
    Schedule.objects.filter(name="send-outbox").update(next_run=timezone.now() - timedelta(minutes=30))
    assert client.get("/readyz").status_code == 503
