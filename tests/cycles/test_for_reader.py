"""``cycles.policy.for_reader``: what one reader may do with one cycle, answered once per request.
Each reader kind on a cycle of a hidden atelier gets the answers of the cycles policy's rules, with
no more queries than those rules make (the reader's roles and their Participant row)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles import policy
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.core.factories import UserFactory

from .conftest import current_phase, start


@pytest.fixture
def readers(hidden_atelier, coordinator, member, outsider, editor):
    onlooker = UserFactory(username="onlooker")  # a member of the atelier who did not join the cycle
    MembershipFactory(atelier=hidden_atelier, user=onlooker)
    return {
        "visitor": AnonymousUser(),
        "outsider": outsider,
        "admin": editor,  # a superuser: no right inside a cycle
        "onlooker": onlooker,
        "participant": member,
        "coordinator": coordinator,
    }


# reader kind -> (may_view, may_contribute, may_join, may_facilitate, may_compose, is a participant)
EXPECTED = {
    "visitor": (False, False, False, False, False, False),
    "outsider": (False, False, False, False, False, False),
    "admin": (False, False, False, False, False, False),
    "onlooker": (True, False, True, False, False, False),
    "participant": (True, True, False, False, False, True),
    "coordinator": (True, True, False, True, True, True),  # starting the cycle made them a participant
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_reader_kind_on_a_hidden_ateliers_cycle(hidden_atelier, coordinator, member, readers, kind):
    from cycles import services

    cycle = start(hidden_atelier, coordinator)
    services.join(cycle, member)
    user = readers[kind]
    answer = policy.for_reader(user, cycle)
    got = (
        answer.may_view,
        answer.may_contribute,
        answer.may_join,
        answer.may_facilitate,
        answer.may_compose,
        answer.participant is not None,
    )
    assert got == EXPECTED[kind]
    # The same answers as the rules it is made of.
    assert answer.may_view == policy.can_view_cycle(user, cycle)
    assert answer.may_facilitate == policy.can_facilitate_cycle(user, cycle)
    assert answer.may_contribute == policy.can_contribute_to_cycle(user, cycle)
    assert answer.may_join == policy.can_join_cycle(user, cycle)
    assert answer.may_compose == policy.can_compose_report(user, cycle.atelier_key)


@pytest.mark.django_db
@pytest.mark.parametrize("kind, queries", [("visitor", 0), ("outsider", 1), ("onlooker", 2), ("participant", 2)])
def test_it_asks_the_database_at_most_twice(hidden_atelier, coordinator, member, readers, kind, queries):
    """The reader's roles (one query, then kept for the request) and, for a reader of the cycle,
    their Participant row: nothing more (the answer is plain data afterwards)."""
    from cycles import services

    cycle = start(hidden_atelier, coordinator)
    services.join(cycle, member)
    user = readers[kind]
    if hasattr(user, "_atelier_roles"):
        del user._atelier_roles
    cycle.__dict__.pop("_participant_of", None)
    with CaptureQueriesContext(connection) as captured:
        answer = policy.for_reader(user, cycle)
        answer.reads_case(None)
    assert len(captured) == queries, [q["sql"] for q in captured]


@pytest.mark.django_db
def test_the_answer_is_frozen(hidden_atelier, coordinator):
    import dataclasses

    answer = policy.for_reader(coordinator, start(hidden_atelier, coordinator))
    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.may_view = False


@pytest.mark.django_db
def test_the_phase_page_asks_once(client, hidden_atelier, coordinator, member, monkeypatch):
    """The phase page reads one CycleAccess for the request, not the rules again and again."""
    from cycles import services

    cycle = start(hidden_atelier, coordinator)
    services.join(cycle, member)
    calls = []
    real = policy.for_reader
    monkeypatch.setattr(policy, "for_reader", lambda user, c: calls.append(c.pk) or real(user, c))
    client.force_login(member)
    for url in (
        reverse("cycles:phase", args=[current_phase(cycle).pk]),
        reverse("cycles:cycle", args=[cycle.pk]),
        reverse("cycles:compass", args=[cycle.pk]),
    ):
        calls.clear()
        assert client.get(url).status_code == 200
        assert calls == [cycle.pk], url
