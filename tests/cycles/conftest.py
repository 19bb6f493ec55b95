"""Cycles live inside ateliers: reuse the ateliers' fixtures, and start a cycle through the
services as a coordinator would."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from cycles import services
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.core.factories import UserFactory
from tests.ateliers.conftest import (
    atelier_index,
    coordinator,
    editor,
    hidden_atelier,
    member,
    outsider,
    public_atelier,
)

VALUES = [
    ("Gelijkwaardigheid", "Elke stem telt even zwaar, ook die van bewoners."),
    ("Vertrouwen", "We delen wat niet goed ging zonder oordeel."),
]


@pytest.fixture(autouse=True)
def english():
    """Pages in English (/en/ URLs), so assertions hold whatever the Dutch catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def second_member(hidden_atelier):
    user = UserFactory(username="second", first_name="Sam", last_name="Tweede")
    MembershipFactory(atelier=hidden_atelier, user=user)
    return user


def start(atelier, coordinator, **overrides):
    today = timezone.localdate()
    fields = {
        "learning_question": "Hoe laten we bewoners meebeslissen over het armoedebeleid?",
        "starts_on": today - timedelta(days=10),
        "ends_on": today + timedelta(days=80),
        "values": VALUES,
        "plan_goal": "Samen bepalen wat we willen leren.",
        "plan_ends_on": today + timedelta(days=2),
    }
    fields.update(overrides)
    return services.start_cycle(atelier, coordinator, **fields)


@pytest.fixture
def cycle(hidden_atelier, coordinator, member, second_member):
    """A cycle of the hidden atelier with the member and the second member joined."""
    cycle = start(hidden_atelier, coordinator)
    services.join(cycle, member)
    services.join(cycle, second_member)
    return cycle


def current_phase(cycle):
    return cycle.phases.get(status="open")


def contribute(cycle, user, **fields):
    fields.setdefault("kind", "note")
    fields.setdefault("body", "Een notitie.")
    return services.contribute(current_phase(cycle), user, **fields)
