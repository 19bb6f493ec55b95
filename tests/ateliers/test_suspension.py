"""A coordinator suspends a member from the atelier (no posting; reading kept or not; with a
reason) and lifts it; both are in the audit log, and the access function honours the suspension
wherever a member posts (cases, reflections, cycle contributions)."""

import pytest
from django.urls import reverse
from django.utils import translation

from cycles import policy as cycle_policy
from cycles import services as cycle_services
from leeratelier.ateliers.models import Membership
from leeratelier.cases import services as case_services
from leeratelier.core import access
from leeratelier.core.models import AuditEvent
from tests.cycles.conftest import start as start_cycle

CASE = dict(title="Schulden", situation="Een gezin.", question="Hoe verder?", anonymised_confirmed=True)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def membership(user, atelier):
    return Membership.objects.get(user=user, atelier_key=atelier.translation_key)


def suspend_url(atelier, user):
    return reverse("ateliers:members_suspend", args=[atelier.pk, membership(user, atelier).pk])


def test_suspended_with_reading_kept(client, coordinator, member, hidden_atelier):
    case = case_services.post_case(hidden_atelier, coordinator, **CASE)
    client.force_login(coordinator)
    assert client.get(suspend_url(hidden_atelier, member)).status_code == 200
    response = client.post(
        suspend_url(hidden_atelier, member), {"reason": "Herhaaldelijk kwetsend", "keep_reading": "on"}
    )
    assert response.status_code == 302
    assert (
        AuditEvent.objects.filter(action="moderation.suspend", atelier_key=hidden_atelier.translation_key).count() == 1
    )

    client.force_login(member)
    case_page = client.get(reverse("cases:detail", args=[case.pk]))
    assert case_page.status_code == 200  # still reads
    atelier_page = client.get(hidden_atelier.url).content.decode()
    assert "Herhaaldelijk kwetsend" in atelier_page  # and is told why they cannot post
    with pytest.raises(case_services.Denied):
        case_services.reflect(case, member, "question", "Mag ik nog?")
    with pytest.raises(case_services.Denied):
        case_services.post_case(hidden_atelier, member, **CASE)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    token = __import__("re").search(r'name="form_token" value="([0-9a-f]+)"', page).group(1)
    client.post(reverse("cases:reflect", args=[case.pk]), {"kind": "question", "body": "Toch?", "form_token": token})
    assert not case.reflections.exists()


def test_suspended_without_reading_is_no_member_for_reading(client, coordinator, member, hidden_atelier):
    case = case_services.post_case(hidden_atelier, coordinator, **CASE)
    client.force_login(coordinator)
    client.post(suspend_url(hidden_atelier, member), {"reason": "Tijdelijk"})  # keep_reading unticked
    client.force_login(member)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    response = client.get(hidden_atelier.url)
    assert response.status_code == 404 and hidden_atelier.title not in response.content.decode()


def test_suspension_stops_cycle_contributions(coordinator, member, hidden_atelier):
    cycle = start_cycle(hidden_atelier, coordinator)
    cycle_services.join(cycle, member)
    from leeratelier.ateliers import services

    services.suspend(membership(member, hidden_atelier), coordinator, "Even niet")
    access.forget_roles(member)
    phase = cycle.phases.get(status="open")
    with pytest.raises(cycle_services.Denied):
        cycle_services.contribute(phase, member, kind="note", body="Nog een notitie")
    assert not cycle_policy.can_contribute_to_cycle(member, cycle)


def test_lifting_the_suspension(client, coordinator, member, hidden_atelier):
    client.force_login(coordinator)
    client.post(suspend_url(hidden_atelier, member), {"reason": "Even niet", "keep_reading": "on"})
    page = client.get(reverse("ateliers:members", args=[hidden_atelier.pk])).content.decode()
    reinstate = reverse("ateliers:members_reinstate", args=[hidden_atelier.pk, membership(member, hidden_atelier).pk])
    assert reinstate in page
    assert client.post(reinstate).status_code == 302
    assert not membership(member, hidden_atelier).is_suspended
    assert AuditEvent.objects.filter(action="moderation.unsuspend").count() == 1
    access.forget_roles(member)
    case_services.post_case(hidden_atelier, member, **CASE)  # may post again


def test_only_coordinators_suspend_and_never_a_coordinator(client, coordinator, member, hidden_atelier):
    client.force_login(member)
    url = reverse("ateliers:members_suspend", args=[hidden_atelier.pk, membership(coordinator, hidden_atelier).pk])
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(coordinator)
    client.post(url, {"reason": "Zelf"})
    assert not membership(coordinator, hidden_atelier).is_suspended


def test_a_reason_is_required(client, coordinator, member, hidden_atelier):
    client.force_login(coordinator)
    response = client.post(suspend_url(hidden_atelier, member), {"reason": ""})
    assert response.status_code == 400
    assert not membership(member, hidden_atelier).is_suspended
