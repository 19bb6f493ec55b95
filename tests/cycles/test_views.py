"""The cycle's pages as people use them: starting a cycle (and its form errors), the timeline,
contributions of every kind with uploads checked by content and size, the phase summary, the
values compass with its chart and table, "my contributions", and the exports."""

import csv
import io
import json
import struct
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cycles import services
from cycles.models import Contribution, LearningCycle
from leeratelier.ateliers.factories import ExpertMeetingPageFactory
from leeratelier.cases import services as case_services
from leeratelier.core.once import new_token

from .conftest import contribute, current_phase


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def wav_bytes():
    data = b"\x00\x00" * 800
    header = (
        b"RIFF"
        + struct.pack("<I", 36 + len(data))
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
    )
    return header + b"data" + struct.pack("<I", len(data)) + data


def phase_url(cycle):
    return reverse("cycles:phase", args=[current_phase(cycle).pk])


# --- starting a cycle ---------------------------------------------------------------------------


def cycle_form(**overrides):
    today = timezone.localdate()
    data = {
        "learning_question": "Hoe maken we armoede bespreekbaar?",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=90)).isoformat(),
        "facilitator": "",
        "plan_goal": "Vraag scherp krijgen",
        "plan_ends_on": (today + timedelta(days=14)).isoformat(),
        "values": "Gelijkwaardigheid: elke stem telt\nNieuwsgierigheid: we vragen door voordat we oordelen",
        "form_token": new_token(),
    }
    data.update(overrides)
    return data


def test_a_coordinator_starts_a_cycle_with_an_appointed_facilitator(client, hidden_atelier, coordinator, member):
    client.force_login(coordinator)
    url = reverse("cycles:new", args=[hidden_atelier.pk])
    assert member.get_full_name() in client.get(url).content.decode()
    response = client.post(url, cycle_form(facilitator=str(member.pk)))
    cycle = LearningCycle.objects.get()
    assert response["Location"] == reverse("cycles:cycle", args=[cycle.pk])
    assert cycle.facilitator == member
    assert [v.name for v in cycle.values.all()] == ["Gelijkwaardigheid", "Nieuwsgierigheid"]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"ends_on": "2020-01-01"}, "The cycle cannot end before it starts."),
        ({"plan_ends_on": "2020-01-01"}, "The first step cannot end before the cycle starts."),
        ({"values": "Alleen een naam zonder betekenis"}, "Line 1: write the value, a colon"),
        ({"values": ""}, "This field is required."),
        ({"starts_on": "geen datum"}, "Enter a valid date."),
    ],
)
def test_bad_input_gives_clear_form_errors(client, hidden_atelier, coordinator, overrides, message):
    client.force_login(coordinator)
    response = client.post(reverse("cycles:new", args=[hidden_atelier.pk]), cycle_form(**overrides))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and 'role="alert"' in body
    assert not LearningCycle.objects.exists()


# --- the cycle page -----------------------------------------------------------------------------


def test_the_timeline_marks_the_current_phase_with_text(client, cycle, member, coordinator):
    services.advance(cycle, current_phase(cycle).pk, coordinator)
    client.force_login(member)
    body = client.get(reverse("cycles:cycle", args=[cycle.pk])).content.decode()
    assert '<ol class="timeline">' in body
    current = body.split('aria-current="step"')[1].split("</li>")[0]
    assert "Do" in current and "Current phase" in current
    assert body.count('aria-current="step"') == 1
    assert "Closed" in body and "Not started" in body
    assert "advanced the phase" in body  # who did what


def test_the_facilitator_confirms_advancing(client, cycle, coordinator):
    client.force_login(coordinator)
    url = reverse("cycles:advance", args=[cycle.pk])
    plan = current_phase(cycle)
    assert "Yes, close this phase" in client.get(url).content.decode()
    response = client.post(url, {"phase": plan.pk})  # no confirmation
    assert response.status_code == 200 and "Confirm that you want to advance the phase." in response.content.decode()
    assert current_phase(cycle) == plan
    client.post(url, {"phase": plan.pk, "confirm": "on"})
    assert current_phase(cycle).kind == "do"
    # A second submit of the same confirmation (or a colleague's) advances nothing more.
    response = client.post(url, {"phase": plan.pk, "confirm": "on"}, follow=True)
    assert current_phase(cycle).kind == "do"
    assert "already been advanced" in response.content.decode()


def test_the_facilitator_writes_a_summary_with_dates_in_order(client, cycle, coordinator):
    client.force_login(coordinator)
    phase = current_phase(cycle)
    url = reverse("cycles:edit_phase", args=[phase.pk])
    response = client.post(url, {"goal": "Doel", "starts_on": "2026-05-10", "ends_on": "2026-05-01", "summary": ""})
    assert "The phase cannot end before it starts." in response.content.decode()
    client.post(
        url, {"goal": "Doel", "starts_on": "2026-05-01", "ends_on": "2026-05-10", "summary": "We *leerden* veel."}
    )
    phase.refresh_from_db()
    assert phase.summary_html == "<p>We <em>leerden</em> veel.</p>"
    assert "<em>leerden</em>" in client.get(reverse("cycles:phase", args=[phase.pk])).content.decode()


# --- contributions ------------------------------------------------------------------------------


def test_contributions_of_every_kind(client, cycle, member, hidden_atelier):
    client.force_login(member)
    url = phase_url(cycle)
    meeting = ExpertMeetingPageFactory(parent=hidden_atelier, title="Bijeenkomst over waarden")
    case = case_services.post_case(
        hidden_atelier,
        member,
        title="Een casus over schulden",
        situation="Situatie",
        question="Vraag",
        done_so_far="",
        roles=[],
        tracks=[],
        anonymised_confirmed=True,
    )
    posts = [
        {"kind": "note", "body": "Een **notitie**"},
        {"kind": "observation", "body": "Wat ik zag", "track": "craft"},
        {
            "kind": "story",
            "body": "Een verhaal",
            "image": SimpleUploadedFile("foto.png", png_bytes()),
            "image_alt": "Een rood vlak",
        },
        {
            "kind": "story",
            "body": "",
            "audio": SimpleUploadedFile("verhaal.wav", wav_bytes()),
            "transcript": "Wat ze vertelde",
        },
        {
            "kind": "indicator",
            "indicator_name": "Bereikte bewoners",
            "indicator_value": "42",
            "indicator_unit": "bewoners",
            "indicator_date": "2026-03-01",
        },
        {"kind": "link", "case": str(case.pk), "meeting": str(meeting.translation_key)},
    ]
    for data in posts:
        response = client.post(url, {**data, "form_token": new_token()})
        assert response.status_code == 302, response.content.decode()[:3000]
    assert Contribution.objects.count() == len(posts)
    body = client.get(url).content.decode()
    assert "<strong>notitie</strong>" in body
    assert 'alt="Een rood vlak"' in body and "Wat ze vertelde" in body
    assert "42" in body and "Bereikte bewoners" in body
    assert "Een casus over schulden" in body and "Bijeenkomst over waarden" in body
    story = Contribution.objects.get(image__gt="")
    image = client.get(reverse("cycles:image", args=[story.pk]))
    assert image.status_code == 200 and b"".join(image.streaming_content).startswith(b"\x89PNG")
    audio = Contribution.objects.get(audio__gt="")
    assert client.get(reverse("cycles:audio", args=[audio.pk]))["Content-Type"] == "audio/wav"
    client.logout()
    assert client.get(reverse("cycles:image", args=[story.pk])).status_code == 302  # to the login page


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {
                "kind": "story",
                "body": "x",
                "image": SimpleUploadedFile("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
            },
            "SVG images are not accepted.",
        ),
        (
            {"kind": "story", "body": "x", "image": SimpleUploadedFile("x.png", b"not an image at all")},
            "This file is not an image we can read.",
        ),
        (
            {"kind": "story", "body": "x", "image": SimpleUploadedFile("x.png", png_bytes())},
            "Describe the image for people who cannot see it.",
        ),
        (
            {
                "kind": "story",
                "body": "x",
                "audio": SimpleUploadedFile("x.mp3", b"MZ\x90\x00 a program, not audio"),
                "transcript": "t",
            },
            "This is not an audio file we accept.",
        ),
        (
            {"kind": "story", "body": "x", "audio": SimpleUploadedFile("x.wav", wav_bytes())},
            "Add a transcript of the audio.",
        ),
        ({"kind": "indicator", "indicator_name": "Bereik"}, "An indicator value needs a name, a number and a date."),
        ({"kind": "link"}, "Choose a case, an expert meeting or a method to link to."),
        ({"kind": "note", "body": ""}, "Write your contribution."),
    ],
)
def test_bad_contributions_get_clear_errors(client, cycle, member, data, message):
    client.force_login(member)
    response = client.post(phase_url(cycle), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contribution.objects.exists()


def test_an_audio_file_that_is_too_large_is_refused(client, cycle, member, settings, monkeypatch):
    from leeratelier.core import uploads

    monkeypatch.setattr(uploads, "MAX_AUDIO_BYTES", 100)
    from cycles.forms import ContributionForm

    monkeypatch.setattr(ContributionForm.base_fields["audio"], "max_bytes", 100)
    client.force_login(member)
    response = client.post(
        phase_url(cycle), {"kind": "story", "audio": SimpleUploadedFile("x.wav", wav_bytes()), "transcript": "t"}
    )
    assert "This file is too large" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_contribution_to_a_closed_phase_gets_a_form_error(client, cycle, member, coordinator):
    plan = current_phase(cycle)
    client.force_login(member)
    form_page = client.get(reverse("cycles:phase", args=[plan.pk]))  # the member opens the form
    assert "Add a contribution" in form_page.content.decode()
    services.advance(cycle, plan.pk, coordinator)  # meanwhile the phase closes
    response = client.post(
        reverse("cycles:phase", args=[plan.pk]), {"kind": "note", "body": "Te laat", "form_token": new_token()}
    )
    assert response.status_code == 200
    assert "This phase is closed: contributions go to the current phase." in response.content.decode()
    assert not Contribution.objects.exists()


def test_contributions_are_paginated(client, cycle, member):
    for n in range(23):
        contribute(cycle, member, body=f"Notitie nummer {n:02d}")
    client.force_login(member)
    first = client.get(phase_url(cycle)).content.decode()
    assert "Notitie nummer 00" in first and "Notitie nummer 22" not in first and "Page 1 of 2" in first
    second = client.get(phase_url(cycle) + "?page=2").content.decode()
    assert "Notitie nummer 22" in second


def test_my_contributions_and_withdrawing_consent(client, cycle, member, second_member):
    mine = contribute(cycle, member, kind="story", body="Mijn eigen verhaal", shareable=True)
    contribute(cycle, second_member, body="Niet van mij")
    client.force_login(member)
    body = client.get(reverse("cycles:mine")).content.decode()
    assert "Mijn eigen verhaal" in body and "Niet van mij" not in body
    client.post(reverse("cycles:share", args=[mine.pk]), {"shareable": "0"})
    mine.refresh_from_db()
    assert not mine.shareable
    client.force_login(second_member)  # someone else cannot change it
    client.post(reverse("cycles:share", args=[mine.pk]), {"shareable": "1"})
    mine.refresh_from_db()
    assert not mine.shareable


# --- the values compass -------------------------------------------------------------------------


def test_members_score_at_reflect_and_the_compass_shows_chart_and_table(
    client, cycle, member, second_member, coordinator
):
    for _ in range(2):
        services.advance(cycle, current_phase(cycle).pk, coordinator)
    values = list(cycle.values.all())
    url = reverse("cycles:score", args=[current_phase(cycle).loop_id])
    client.force_login(member)
    response = client.post(url, {f"score_{values[0].pk}": "4", f"score_{values[1].pk}": "9"})
    assert "Select a valid choice" in response.content.decode()
    client.post(
        url,
        {f"score_{values[0].pk}": "4", f"score_{values[1].pk}": "2", f"comment_{values[1].pk}": "Te weinig bewoners"},
    )
    client.force_login(second_member)
    client.post(url, {f"score_{values[0].pk}": "5", f"score_{values[1].pk}": "3"})
    body = client.get(reverse("cycles:compass", args=[cycle.pk])).content.decode()
    assert "<svg" in body and 'role="img"' in body and "<polyline" not in body  # one loop: points only
    assert "<circle" in body
    table = body.split('class="manage-table compass-table"')[1]
    assert "4.5 · 2 people" in table and "2.5 · 2 people" in table


# --- exports ------------------------------------------------------------------------------------


def test_exports_as_csv_and_json(client, cycle, member):
    contribute(cycle, member, kind="story", body='=HYPERLINK("http://x")')
    contribute(
        cycle,
        member,
        kind="indicator",
        body="",
        indicator_name="Bereik",
        indicator_value=12,
        indicator_unit="bewoners",
        indicator_date=timezone.localdate(),
    )
    client.force_login(member)
    response = client.get(reverse("cycles:export_csv", args=[cycle.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["kind"] for row in rows] == ["story", "indicator"]
    assert rows[0]["text"].startswith("'=")  # no formula
    assert rows[1]["indicator_value"] == "12.00"
    data = json.loads(client.get(reverse("cycles:export_json", args=[cycle.pk])).content)
    assert data["cycle"]["learning_question"] == cycle.learning_question
    assert [p["phase"] for p in data["loops"][0]["phases"]] == ["plan", "do", "reflect"]
    assert len(data["contributions"]) == 2 and {v["name"] for v in data["values"]} == {
        "Gelijkwaardigheid",
        "Vertrouwen",
    }


def test_a_double_submit_saves_once(client, cycle, member, hidden_atelier, coordinator):
    client.force_login(member)
    url = phase_url(cycle)
    token = client.get(url).context["form"].initial["form_token"]
    for _ in range(2):
        response = client.post(url, {"kind": "note", "body": "Eén keer", "form_token": token})
        assert response.status_code == 302
    assert Contribution.objects.filter(body="Eén keer").count() == 1
    client.force_login(coordinator)
    new = reverse("cycles:new", args=[hidden_atelier.pk])
    token = client.get(new).context["form"].initial["form_token"]
    for _ in range(2):
        client.post(new, cycle_form(form_token=token))
    assert LearningCycle.objects.filter(learning_question="Hoe maken we armoede bespreekbaar?").count() == 1
