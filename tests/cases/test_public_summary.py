"""The public summary of an approved case: anyone reads the anonymised summary, never the
thread, the title or the author; unapproved, hidden or removed cases have no public page."""

import pytest
from django.urls import reverse
from django.utils import translation

from leeratelier.cases import services
from leeratelier.cases.public import PublicSummarySitemap

from .test_views import CASE

SUMMARY = "Een gesprek over geld begint bij wat iemand zelf wil bereiken."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def case(hidden_atelier, member, coordinator):
    case = services.post_case(hidden_atelier, member, **CASE)
    services.reflect(case, coordinator, "experience", "Geheime reflectie uit de groep")
    services.request_public_summary(case, member, SUMMARY)
    return case


def url(case):
    return reverse("cases:public_summary", args=[case.pk])


def test_only_approved_summaries_are_public(client, case, coordinator):
    assert client.get(url(case)).status_code == 404  # pending
    services.approve_public_summary(case, coordinator)
    response = client.get(url(case))
    assert response.status_code == 200
    page = response.content.decode()
    assert SUMMARY in page
    for secret in (CASE["title"], CASE["situation"], "Geheime reflectie", "Mila", "Besloten Jongerenatelier"):
        assert secret not in page, secret


def test_public_atelier_is_named(client, public_atelier, member, coordinator):
    case = services.post_case(public_atelier, member, **CASE)
    services.request_public_summary(case, member, SUMMARY)
    services.approve_public_summary(case, coordinator)
    assert public_atelier.title in client.get(url(case)).content.decode()


def test_hidden_or_removed_case_has_no_public_page(client, case, member, coordinator):
    services.approve_public_summary(case, coordinator)
    services.hide(case, coordinator, "Toch herkenbaar")
    assert client.get(url(case)).status_code == 404
    services.restore(case, coordinator)
    assert client.get(url(case)).status_code == 200
    services.remove_case(case, member)
    assert client.get(url(case)).status_code == 404


def test_sitemap_lists_approved_summaries_only(case, public_atelier, member, coordinator):
    other = services.post_case(public_atelier, member, **CASE)
    services.approve_public_summary(case, coordinator)
    assert list(PublicSummarySitemap().items()) == [case]
    assert other not in PublicSummarySitemap().items()
