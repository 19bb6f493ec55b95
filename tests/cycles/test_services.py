"""The rules of a cycle: phases advance in order (plan, do, reflect, next loop), a closed phase
takes no contributions, reopening, value scores only at reflect, consent to share, the
activity log, and two facilitators advancing at the same moment (one advance, PostgreSQL)."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cycles import services
from cycles.models import Activity, LearningCycle, Phase, ValueScore
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.core.factories import UserFactory

from .conftest import VALUES, contribute, current_phase, start


def kinds(cycle):
    return [(p.loop.number, p.kind, p.status) for p in Phase.objects.filter(cycle=cycle).select_related("loop")]


def test_a_cycle_starts_with_its_compass_and_an_open_plan_phase(cycle, coordinator):
    assert [(v.name, v.meaning) for v in cycle.values.all()] == VALUES
    assert kinds(cycle) == [(1, "plan", "open"), (1, "do", "pending"), (1, "reflect", "pending")]
    assert current_phase(cycle).goal == "Samen bepalen wat we willen leren."
    assert cycle.participants.filter(user=coordinator).exists()
    assert Activity.objects.filter(cycle=cycle, action="started", actor=coordinator).exists()


def test_dates_out_of_order_are_refused(hidden_atelier, coordinator):
    today = timezone.localdate()
    with pytest.raises(services.Denied):
        start(hidden_atelier, coordinator, starts_on=today, ends_on=today - timedelta(days=1))
    assert not LearningCycle.objects.exists()


def test_phases_advance_in_order_and_reflect_opens_a_new_loop(cycle, coordinator):
    for expected in ("do", "reflect"):
        opened = services.advance(cycle, current_phase(cycle).pk, coordinator)
        assert opened.kind == expected
    opened = services.advance(cycle, current_phase(cycle).pk, coordinator)
    assert (opened.loop.number, opened.kind) == (2, "plan")
    assert kinds(cycle)[:4] == [
        (1, "plan", "closed"),
        (1, "do", "closed"),
        (1, "reflect", "closed"),
        (2, "plan", "open"),
    ]
    assert Activity.objects.filter(cycle=cycle, action="advanced").count() == 3


def test_advancing_a_phase_someone_already_advanced_is_refused(cycle, coordinator):
    plan = current_phase(cycle)
    services.advance(cycle, plan.pk, coordinator)
    with pytest.raises(services.Denied, match="already been advanced"):
        services.advance(cycle, plan.pk, coordinator)
    assert current_phase(cycle).kind == "do"


def test_a_member_cannot_advance(cycle, member):
    with pytest.raises(services.Denied):
        services.advance(cycle, current_phase(cycle).pk, member)


def test_closing_the_cycle_after_reflect(cycle, coordinator, member):
    for _ in range(2):
        services.advance(cycle, current_phase(cycle).pk, coordinator)
    assert services.advance(cycle, current_phase(cycle).pk, coordinator, close_cycle=True) is None
    cycle.refresh_from_db()
    assert cycle.is_closed and not cycle.phases.filter(status="open").exists()
    with pytest.raises(services.Denied):
        services.join(cycle, UserFactory())


def test_a_contribution_to_a_closed_phase_is_refused(cycle, coordinator, member):
    plan = current_phase(cycle)
    services.advance(cycle, plan.pk, coordinator)
    with pytest.raises(services.Denied, match="closed"):
        services.contribute(plan, member, kind="note", body="Te laat")
    assert not plan.contributions.exists()


def test_reopening_the_phase_closed_last(cycle, coordinator, member):
    plan = current_phase(cycle)
    services.advance(cycle, plan.pk, coordinator)
    services.reopen(cycle, plan.pk, coordinator)
    assert kinds(cycle) == [(1, "plan", "open"), (1, "do", "pending"), (1, "reflect", "pending")]
    contribute(cycle, member, body="Toch nog iets")
    assert Activity.objects.filter(cycle=cycle, action="reopened", actor=coordinator).exists()
    # Only the phase closed last can be reopened.
    services.advance(cycle, plan.pk, coordinator)
    do = current_phase(cycle)
    services.advance(cycle, do.pk, coordinator)
    with pytest.raises(services.Denied):
        services.reopen(cycle, plan.pk, coordinator)


def test_values_are_scored_at_reflect_only_and_scoring_again_replaces(cycle, coordinator, member):
    values = list(cycle.values.all())
    loop = current_phase(cycle).loop
    with pytest.raises(services.Denied, match="Values are scored while the step “Reflect” is open"):
        services.score_values(loop, member, {values[0]: (4, "")})
    for _ in range(2):
        services.advance(cycle, current_phase(cycle).pk, coordinator)
    services.score_values(loop, member, {values[0]: (4, "Goed"), values[1]: (2, "<script>x</script>Matig")})
    services.score_values(loop, member, {values[0]: (5, "Beter"), values[1]: (2, "Matig")})
    scores = ValueScore.objects.filter(loop=loop).order_by("value__position")
    assert [(s.score, s.comment) for s in scores] == [(5, "Beter"), (2, "Matig")]
    assert "<script" not in ValueScore.objects.get(value=values[1]).comment_html


def test_a_member_who_did_not_join_cannot_score_or_contribute(cycle, hidden_atelier):
    reader = UserFactory(username="reader")
    MembershipFactory(atelier=hidden_atelier, user=reader)
    with pytest.raises(services.Denied):
        contribute(cycle, reader)


def test_outside_participants_need_a_name_and_consent(cycle, coordinator, member):
    participant = services.add_outside_participant(
        cycle, coordinator, name="Mevrouw J.", consent_text="Mondeling akkoord"
    )
    assert participant.consent_at is not None and participant.is_outside
    contribution = services.contribute(
        current_phase(cycle), coordinator, participant=participant, kind="story", body="Haar verhaal"
    )
    assert contribution.participant == participant and contribution.recorded_by == coordinator
    with pytest.raises(services.Denied):
        services.add_outside_participant(cycle, member, name="X", consent_text="Y")
    with pytest.raises(services.Denied):  # a member cannot record in someone else's name
        services.contribute(current_phase(cycle), member, participant=participant, kind="note", body="Niet van mij")


def test_only_the_author_gives_and_withdraws_consent(cycle, member, second_member):
    contribution = contribute(cycle, member, kind="story", body="Mijn verhaal", shareable=True)
    assert contribution.shareable and contribution.shareable_changed_at
    with pytest.raises(services.Denied):
        services.set_shareable(contribution, second_member, False)
    services.set_shareable(contribution, member, False)
    contribution.refresh_from_db()
    assert not contribution.shareable


def test_story_text_is_sanitised(cycle, member):
    contribution = contribute(
        cycle, member, kind="story", body="**Sterk** <img src=x onerror=alert(1)> [link](javascript:alert(1))"
    )
    assert "<strong>Sterk</strong>" in contribution.body_html
    assert "onerror" not in contribution.body_html and "javascript:" not in contribution.body_html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_facilitators_advancing_at_once_make_exactly_one_advance():
    """No page tree needed: a cycle needs only an atelier key and memberships."""
    from leeratelier.core import access

    atelier_key = uuid.uuid4()
    people = [UserFactory(username=f"facilitator{n}") for n in range(2)]
    for user in people:
        MembershipFactory(atelier_key=atelier_key, user=user, role=Membership.Role.COORDINATOR)

    class Atelier:
        translation_key = atelier_key

    cycle = start(Atelier, people[0])
    plan = current_phase(cycle)
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def advance(user):
        try:
            access.forget_roles(user)
            barrier.wait(timeout=10)
            services.advance(LearningCycle.objects.get(pk=cycle.pk), plan.pk, user)
            outcomes.append("advanced")
        except services.Denied:
            outcomes.append("refused")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=advance, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert sorted(outcomes) == ["advanced", "refused"]
    assert kinds(cycle) == [(1, "plan", "closed"), (1, "do", "open"), (1, "reflect", "pending")]
    assert Activity.objects.filter(cycle=cycle, action="advanced").count() == 1
