"""A published report's page is kept per signed-in reader for a while (cycles.report_views,
core.generations): read again, it is served without the report's snapshot being read, and a
withdrawn consent, a hidden contribution, a withdrawn report or a member who left shows at once
to the reader who has the page kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles import moderation as cycle_moderation
from cycles import services
from leeratelier.ateliers import services as atelier_services
from leeratelier.ateliers.models import Membership
from leeratelier.cases import moderation

from .test_reports import SHAREABLE, compose, stories

pytestmark = pytest.mark.django_db


def read(client, user, report):
    """The page as ``user`` reads it, and whether it was kept (the snapshot not read)."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cycles:report", args=[report.pk]))
    was_kept = not any('"snapshot"' in query["sql"] for query in queries.captured_queries)
    return response, was_kept


@pytest.fixture
def published(client, cycle, coordinator, stories):
    shared, _private = stories
    report = compose(client, cycle, coordinator)
    client.post(
        reverse("cycles:report_edit", args=[report.pk]), {"items": [f"contribution:{shared.pk}"], "then": "publish"}
    )
    report.refresh_from_db()
    assert report.is_published
    return report


def _kept_for(client, member, report):
    response, was_kept = read(client, member, report)
    assert response.status_code == 200 and not was_kept and SHAREABLE in response.content.decode()
    response, was_kept = read(client, member, report)
    assert was_kept and SHAREABLE in response.content.decode()


def test_a_withdrawn_consent_drops_out_at_once_for_the_reader_who_has_it_kept(client, published, member, stories):
    _kept_for(client, member, published)
    services.set_shareable(stories[0], member, False)
    response, was_kept = read(client, member, published)
    assert not was_kept and SHAREABLE not in response.content.decode()


def test_a_hidden_contribution_drops_out_at_once(client, published, member, coordinator, stories):
    _kept_for(client, member, published)
    moderation.hide(stories[0], coordinator, "Te herkenbaar")
    response, _was_kept = read(client, member, published)
    assert SHAREABLE not in response.content.decode()


def test_a_withdrawn_report_and_a_member_who_left_get_no_kept_page(
    client, published, member, second_member, coordinator
):
    _kept_for(client, member, published)
    _kept_for(client, second_member, published)
    client.force_login(coordinator)
    client.post(reverse("cycles:report_withdraw", args=[published.pk]))
    response, _was_kept = read(client, member, published)
    assert response.status_code == 404 and SHAREABLE not in response.content.decode()
    atelier_services.leave(Membership.objects.get(user=second_member, atelier_key=published.atelier_key))
    response, _was_kept = read(client, second_member, published)
    assert response.status_code == 404 and SHAREABLE not in response.content.decode()
