"""The "preview" button of the facilitator's phase summary and of the comments on the values
compass (issue 14 part 5): the sanitised result above the form, everything typed kept in the
form, nothing saved; the same form sent without it saves."""

import re

from django.urls import reverse

from cycles import services
from cycles.models import Activity, ValueScore
from tests.cases.test_preview import PAYLOAD, assert_sanitised, preview_of

from .conftest import current_phase


def test_the_phase_summary_preview_saves_nothing_and_keeps_the_form(client, cycle, coordinator, member):
    phase = current_phase(cycle)
    url = reverse("cycles:edit_phase", args=[phase.pk])
    data = {"goal": "Nieuw doel", "starts_on": "2026-05-01", "ends_on": "2026-05-10", "summary": PAYLOAD}
    client.force_login(member)  # not the facilitator
    assert client.post(url, {**data, "preview": "1"}).status_code == 404

    client.force_login(coordinator)
    response = client.post(url, {**data, "preview": "1"})
    assert response.status_code == 200
    assert_sanitised(preview_of(response))
    form = response.content.decode().split('class="stacked-form"')[1]
    assert "Een **vette** tekst" in form and "Nieuw doel" in form and 'value="2026-05-10"' in form
    phase.refresh_from_db()
    assert phase.summary == "" and phase.goal != "Nieuw doel"
    assert not Activity.objects.filter(action=Activity.Action.SUMMARISED).exists()

    assert client.post(url, data).status_code == 302
    phase.refresh_from_db()
    assert "<strong>vette</strong>" in phase.summary_html and "<script" not in phase.summary_html


def test_the_phase_summary_preview_shows_the_errors_instead(client, cycle, coordinator):
    phase = current_phase(cycle)
    client.force_login(coordinator)
    response = client.post(
        reverse("cycles:edit_phase", args=[phase.pk]),
        {"goal": "", "starts_on": "2026-05-10", "ends_on": "2026-05-01", "summary": "We *leerden*", "preview": "1"},
    )
    html = response.content.decode()
    assert "The phase cannot end before it starts." in html and 'id="preview"' not in html
    assert "We *leerden*" in html


def test_the_compass_comments_preview_saves_nothing_and_keeps_the_form(client, cycle, member, coordinator):
    for _ in range(2):
        services.advance(cycle, current_phase(cycle).pk, coordinator)
    first, second = list(cycle.values.all())
    url = reverse("cycles:score", args=[current_phase(cycle).loop_id])
    data = {
        f"score_{first.pk}": "4",
        f"score_{second.pk}": "2",
        f"comment_{first.pk}": PAYLOAD,
        f"comment_{second.pk}": "Te *weinig* bewoners",
        "anonymous": "on",
    }
    client.force_login(member)
    response = client.post(url, {**data, "preview": "1"})
    assert response.status_code == 200
    shown = preview_of(response)
    assert_sanitised(shown)
    # Each comment under the name of its value, in the order of the form.
    assert re.search(f"<h3>Comment on {first.name}</h3>.*vette.*<h3>Comment on {second.name}</h3>", shown, re.S)
    assert "<em>weinig</em>" in shown
    form = response.content.decode().split('class="stacked-form"')[1]
    assert "Een **vette** tekst" in form and "Te *weinig* bewoners" in form
    assert re.search(rf'<input[^>]*name="score_{first.pk}"[^>]*value="4"[^>]*checked', form)
    assert re.search(rf'<input[^>]*name="score_{second.pk}"[^>]*value="2"[^>]*checked', form)
    assert re.search(r'<input[^>]*name="anonymous"[^>]*checked', form)
    assert not ValueScore.objects.exists()

    assert client.post(url, data).status_code == 302
    assert ValueScore.objects.filter(participant__user=member).count() == 2
    assert "<strong>vette</strong>" in ValueScore.objects.get(value=first).comment_html


def test_the_compass_preview_of_an_incomplete_form_says_what_is_missing(client, cycle, member, coordinator):
    for _ in range(2):
        services.advance(cycle, current_phase(cycle).pk, coordinator)
    first, second = list(cycle.values.all())
    client.force_login(member)
    response = client.post(
        reverse("cycles:score", args=[current_phase(cycle).loop_id]),
        {f"score_{first.pk}": "4", f"comment_{first.pk}": "Goed *gedaan*", "preview": "1"},
    )
    html = response.content.decode()
    assert "Give a score for this value." in html and 'id="preview"' not in html
    assert "Goed *gedaan*" in html
    assert not ValueScore.objects.exists()
