"""Fixtures of the toolbox tests: a method index with a few methods, and the people and
ateliers of the ateliers tests (imported, so they are the same fixtures)."""

import pytest

from leeratelier.toolbox.factories import MethodIndexPageFactory, MethodPageFactory
from tests.ateliers.conftest import (
    atelier_index,
    coordinator,
    editor,
    hidden_atelier,
    member,
    outsider,
    public_atelier,
)


@pytest.fixture
def method_index(home_page):
    return MethodIndexPageFactory(parent=home_page)


@pytest.fixture
def methods(method_index):
    """Three methods that differ in what they yield, the time they take and who takes part."""
    calculator = MethodPageFactory(
        parent=method_index,
        title="Effectencalculator",
        slug="effectencalculator",
        summary="Bewoner, professional en vrijwilliger brengen samen effecten en kosten in beeld.",
        purposes=["account", "evaluate", "learn"],
        tracks=["efficiency", "meaning"],
        yields="both",
        roles=["citizen", "social_worker", "volunteer"],
        scales=["case"],
        time_needed="session",
        cost_band="low",
        strengths="Cijfers én verhalen\nOp casusniveau",
        limitations="Vraagt een getrainde begeleider",
    )
    circle = MethodPageFactory(
        parent=method_index,
        title="Waardencirkel",
        slug="waardencirkel",
        summary="Plan-do-check-act in vier stappen, vertaald naar waarden.",
        purposes=["account", "dialogue"],
        tracks=["meaning"],
        yields="stories",
        roles=["social_worker", "policy_maker"],
        scales=["organisation", "municipality"],
        time_needed="months",
    )
    sroi = MethodPageFactory(
        parent=method_index,
        title="Social Return on Investment",
        slug="sroi",
        summary="Maatschappelijke opbrengst in euro's tegenover de investering.",
        purposes=["account"],
        tracks=["efficiency"],
        yields="numbers",
        roles=["policy_maker", "executive"],
        scales=["organisation"],
        time_needed="months",
        cost_band="high",
    )
    return calculator, circle, sroi
