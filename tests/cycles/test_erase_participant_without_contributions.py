"""Erasing an outside participant who has not contributed anything yet."""

import pytest
from django.urls import reverse

from cycles import services
from cycles.models import Participant


@pytest.mark.xfail(
    strict=True,
    raises=ValueError,
    reason=(
        "services.erase_outside_participant returns the number of contributions (0 here), which "
        "the view's `if ... and _run(...)` reads as a refusal: it then renders the confirmation "
        "page for the deleted participant and fails with a 500"
    ),
)
def test_erasing_a_participant_without_contributions_goes_back_to_the_cycle(client, cycle, coordinator):
    participant = services.add_outside_participant(cycle, coordinator, name="Bewoner Bas", consent_text="Mondeling")
    client.force_login(coordinator)

    response = client.post(reverse("cycles:erase_participant", args=[participant.pk]), {"contributions": "remove"})

    assert response.status_code == 302
    assert not Participant.objects.filter(pk=participant.pk).exists()
