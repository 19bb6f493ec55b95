"""An outside participant (no account) is erased by the facilitator: a confirmation page, a POST
with the choice made with them (contributions removed or kept without a name), an audit event
with ids only; nobody else can do it."""

import pytest
from django.urls import reverse

from cycles import services
from cycles.models import Contribution, Participant
from leeratelier.core.models import AuditEvent

from .conftest import current_phase


@pytest.fixture
def outside(cycle, coordinator):
    participant = services.add_outside_participant(cycle, coordinator, name="Bewoner Anna", consent_text="Mondeling")
    services.contribute(current_phase(cycle), coordinator, participant=participant, kind="story", body="Annas verhaal")
    return participant


def erase_url(participant):
    return reverse("cycles:erase_participant", args=[participant.pk])


def test_the_facilitator_erases_and_keeps_the_contributions_without_a_name(client, cycle, coordinator, outside):
    client.force_login(coordinator)
    page = client.get(reverse("cycles:cycle", args=[cycle.pk])).content.decode()
    assert erase_url(outside) in page
    confirm = client.get(erase_url(outside))
    assert confirm.status_code == 200 and "Bewoner Anna" in confirm.content.decode()
    assert Participant.objects.filter(pk=outside.pk).exists()  # a GET changes nothing

    response = client.post(erase_url(outside), {"contributions": "keep"})
    assert response.status_code == 302
    assert not Participant.objects.filter(pk=outside.pk).exists()
    kept = Contribution.objects.get(body="Annas verhaal")
    assert kept.participant is None
    page = client.get(reverse("cycles:phase", args=[kept.phase_id])).content.decode()
    assert "Annas verhaal" in page and "Bewoner Anna" not in page and "A former participant" in page
    event = AuditEvent.objects.get(action=AuditEvent.Action.PARTICIPANT_ERASED)
    assert "Bewoner Anna" not in str(event.details) and event.details["kept"] is True


def test_the_facilitator_erases_and_removes_the_contributions(client, cycle, coordinator, outside):
    client.force_login(coordinator)
    assert client.post(erase_url(outside), {"contributions": "remove"}).status_code == 302
    assert not Participant.objects.filter(pk=outside.pk).exists()
    assert not Contribution.objects.filter(body="Annas verhaal").exists()


def test_without_a_choice_nothing_is_erased(client, coordinator, outside):
    client.force_login(coordinator)
    response = client.post(erase_url(outside), {})
    assert response.status_code == 200 and "Choose what happens to their contributions." in response.content.decode()
    assert Participant.objects.filter(pk=outside.pk).exists()


def test_only_the_facilitator_may_erase(client, cycle, member, outsider, outside):
    for person in (member, outsider):
        client.force_login(person)
        assert client.get(erase_url(outside)).status_code == 404
        assert client.post(erase_url(outside), {"contributions": "remove"}).status_code == 404
    client.logout()
    assert "/accounts/login/" in client.post(erase_url(outside), {"contributions": "remove"})["Location"]
    assert Participant.objects.filter(pk=outside.pk).exists()
    own = cycle.participants.get(user=member)  # a member's participation is not erased this way
    assert client.get(reverse("cycles:erase_participant", args=[own.pk])).status_code in (302, 404)
