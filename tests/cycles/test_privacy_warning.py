"""The privacy check on cycle contributions through the real forms: the text, the transcript of
an audio contribution, and the author's edit; and the coordinators' reports page."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cycles.models import Contribution
from leeratelier.core.models import SavedDespiteWarning
from tests.form_tokens import token
from tests.privacy_warning_steps import IDENTIFYING, assert_recorded, assert_warned, confirmed

from .conftest import contribute
from .test_views import phase_url, wav_bytes


def test_the_contribution_text_warns_and_is_saved_only_once_confirmed(
    client, cycle, member, coordinator, hidden_atelier
):
    client.force_login(member)
    url = phase_url(cycle)
    data = {"kind": "note", "body": IDENTIFYING, "form_token": token("c-1")}
    response = client.post(url, data)
    assert_warned(response)
    assert not Contribution.objects.exists()
    response = client.post(url, confirmed(data, response, "form"))
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.body == IDENTIFYING
    assert_recorded(contribution, SavedDespiteWarning.Part.CONTRIBUTION)
    # The atelier's coordinators see it on their reports page.
    client.force_login(coordinator)
    body = client.get(reverse("cases:reports", args=[hidden_atelier.pk])).content.decode()
    assert "Saved despite a warning" in body and f"#contribution-{contribution.pk}" in body


def test_the_transcript_warns_and_asks_for_the_file_again(client, cycle, member):
    client.force_login(member)
    url = phase_url(cycle)
    data = {"kind": "story", "body": "", "transcript": IDENTIFYING, "form_token": token("c-2")}
    response = client.post(url, {**data, "audio": SimpleUploadedFile("verhaal.wav", wav_bytes())})
    body = assert_warned(response)
    assert "choose your files again" in body
    assert not Contribution.objects.exists()
    confirmation = confirmed(data, response, "form")
    response = client.post(url, {**confirmation, "audio": SimpleUploadedFile("verhaal.wav", wav_bytes())})
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.transcript == IDENTIFYING and contribution.audio
    assert_recorded(contribution, SavedDespiteWarning.Part.CONTRIBUTION)


def test_editing_a_contribution_warns_and_keeps_the_old_text_until_confirmed(client, cycle, member):
    contribution = contribute(cycle, member, body="Eerste versie.")
    client.force_login(member)
    url = reverse("cycles:edit_contribution", args=[contribution.pk])
    data = {"body": IDENTIFYING}
    response = client.post(url, data)
    assert_warned(response)
    contribution.refresh_from_db()
    assert contribution.body == "Eerste versie."
    assert client.post(url, confirmed(data, response, "form")).status_code == 302
    contribution.refresh_from_db()
    assert contribution.body == IDENTIFYING
    assert_recorded(contribution, SavedDespiteWarning.Part.CONTRIBUTION)
