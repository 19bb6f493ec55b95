"""The "preview" button of the case forms (issue 14 part 5): the case, the edit, the reflection,
its edit, the lesson and the public summary show the sanitised result above the form, keep the
text in the form, and save nothing."""

from django.urls import reverse

from leeratelier.cases import services
from leeratelier.cases import views as case_views
from leeratelier.cases.models import Case, PostRevision, Reflection

from .test_views import CASE, case, colleague, detail, english, form_data, reflect

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


def test_edit_reflection_preview_in_its_own_open_edit_box(client, case, colleague, monkeypatch):
    monkeypatch.setattr(case_views, "REFLECTIONS_PER_PAGE", 2)  # the reflection is on page 2
    for text in ("Eerste", "Tweede"):
        services.reflect(case, colleague, "question", text)
    reflection = services.reflect(case, colleague, "question", "Oude tekst")
    url = reverse("cases:edit_reflection", args=[reflection.pk])
    client.force_login(colleague)
    assert url in client.get(detail(case) + "?page=2").content.decode()

    response = client.post(url, {"body": PAYLOAD, "preview": "1"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    html = response.content.decode()
    item = html.split(f'id="reflection-{reflection.pk}"')[1].split("</li>")[0]
    assert '<details class="post-action" open>' in item and 'id="preview"' in item  # its own box, open
    assert_sanitised(preview_of(response))
    assert "Een **vette** tekst" in item.split("<textarea")[1]  # still in the textarea
    assert f'action="{url}#reflection-{reflection.pk}"' in item  # back to the box after the click
    reflection.refresh_from_db()
    assert reflection.body == "Oude tekst" and reflection.edited_at is None
    assert not PostRevision.objects.filter(reflection=reflection).exists()

    assert client.post(url, {"body": PAYLOAD}).status_code == 302  # the same text, sent: saved
    reflection.refresh_from_db()
    assert reflection.body == PAYLOAD and "<strong>vette</strong>" in reflection.body_html


def test_edit_reflection_preview_of_a_too_long_text_keeps_it_and_says_why(client, case, colleague):
    reflection = services.reflect(case, colleague, "question", "Oude tekst")
    client.force_login(colleague)
    too_long = "x" * (Reflection._meta.get_field("body").max_length + 1)
    response = client.post(reverse("cases:edit_reflection", args=[reflection.pk]), {"body": too_long, "preview": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="preview"' not in html and "errorlist" in html and too_long in html
    reflection.refresh_from_db()
    assert reflection.body == "Oude tekst"


def test_only_the_author_previews_an_edit_of_a_reflection(client, case, member, colleague):
    reflection = services.reflect(case, colleague, "question", "Oude tekst")
    client.force_login(member)  # the case's author, not the reflection's
    response = client.post(reverse("cases:edit_reflection", args=[reflection.pk]), {"body": PAYLOAD, "preview": "1"})
    assert response.status_code == 302
    assert 'id="preview"' not in client.get(response["Location"]).content.decode()
    reflection.refresh_from_db()
    assert reflection.body == "Oude tekst"
