"""The "preview" button of the case forms (issue 14 part 5): the case, the edit, the reflection,
the lesson and the public summary show the sanitised result above the form, keep the text in
the form, and save nothing."""

from django.urls import reverse

from leeratelier.cases.models import Case, Reflection

from .test_views import CASE, case, detail, english, form_data, reflect

PAYLOAD = "Een **vette** tekst <script>alert(1)</script> [klik](javascript:alert(2))"


def preview_of(response):
    html = response.content.decode()
    assert 'id="preview"' in html, "no preview shown"
    return html.split('id="preview"')[1].split("</section>")[0]


def assert_sanitised(shown):
    assert "<strong>vette</strong>" in shown
    assert "<script" not in shown and "javascript:" not in shown


def test_new_case_preview_saves_nothing_and_keeps_the_form(client, hidden_atelier, member):
    client.force_login(member)
    data = form_data(client, hidden_atelier, situation=PAYLOAD, preview="1")
    response = client.post(reverse("cases:new", args=[hidden_atelier.pk]), data)
    assert response.status_code == 200
    assert_sanitised(preview_of(response))
    assert "Een **vette** tekst" in response.content.decode()  # still in the textarea
    assert not Case.objects.exists()
    data.pop("preview")
    client.post(reverse("cases:new", args=[hidden_atelier.pk]), data)  # the same form, sent: saved once
    assert Case.objects.count() == 1


def test_edit_case_preview(client, case, member):
    client.force_login(member)
    response = client.post(
        reverse("cases:edit", args=[case.pk]),
        {
            "title": case.title,
            "situation": PAYLOAD,
            "question": case.question,
            "done_so_far": "",
            "preview": "1",
        },
    )
    assert_sanitised(preview_of(response))
    case.refresh_from_db()
    assert case.situation == CASE["situation"] and case.edited_at is None


def test_reflection_lesson_and_summary_previews(client, case, member):
    client.force_login(member)
    response = reflect(client, case, kind="question", body=PAYLOAD, preview="1")
    assert response.status_code == 200
    assert_sanitised(preview_of(response))
    assert not Reflection.objects.filter(case=case).exists()

    response = client.post(
        reverse("cases:retain_lesson", args=[case.pk]),
        {"lesson_learned": PAYLOAD, "lesson_next_time": "", "preview": "1"},
    )
    assert response.status_code == 200
    assert_sanitised(preview_of(response))
    case.refresh_from_db()
    assert case.stage != "retained" and not case.lesson_learned

    response = client.post(
        reverse("cases:propose_summary", args=[case.pk]), {"public_summary": PAYLOAD, "preview": "1"}
    )
    assert response.status_code == 200
    assert_sanitised(preview_of(response))
    case.refresh_from_db()
    assert case.public_status == "none" and not case.public_summary
