"""Erasing an outside participant who has not contributed anything yet."""

from django.urls import reverse

from cycles import services
from cycles.models import Participant


def test_erasing_a_participant_without_contributions_goes_back_to_the_cycle(client, cycle, coordinator):
    participant = services.add_outside_participant(cycle, coordinator, name="Bewoner Bas", consent_text="Mondeling")
    client.force_login(coordinator)

    response = client.post(reverse("cycles:erase_participant", args=[participant.pk]), {"contributions": "remove"})

    assert response.status_code == 302
    assert not Participant.objects.filter(pk=participant.pk).exists()
