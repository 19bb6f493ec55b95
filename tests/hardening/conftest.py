"""Fixtures of the hardening tests: the ateliers' people and pages (reused, not copied), one
page of every type, a case, and a clean rate-limit cache."""

import pytest
from django.core.cache import cache

from home.factories import StandardPageFactory
from leeratelier.cases import services
from tests.ateliers.conftest import (
    atelier_index,
    coordinator,
    editor,
    hidden_atelier,
    hidden_meeting,
    member,
    outsider,
    public_atelier,
    public_meeting,
)

CASE = {
    "title": "Een moeder met schulden en drie banen",
    "situation": "Een alleenstaande moeder werkt in drie banen en heeft toch schulden.",
    "question": "Hoe bespreek je armoede zonder dat het beschamend voelt?",
    "done_so_far": "Een keukentafelgesprek met de buurtcoach.",
    "roles": ["citizen"],
    "tracks": ["meaning"],
    "anonymised_confirmed": True,
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def standard_page(home_page):
    return StandardPageFactory(parent=home_page, title="Over het platform", slug="over")


@pytest.fixture
def case(hidden_atelier, member):
    return services.post_case(hidden_atelier, member, **CASE)
