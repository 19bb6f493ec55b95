"""The privacy check on every text of a case thread, through its real form: a reflection, the
retained lesson, the public summary proposal and its approval by a coordinator; and the
coordinators' reports page naming what was saved despite a warning."""

import pytest
from django.urls import reverse
from django.utils import translation

from leeratelier.cases import services
from leeratelier.cases.models import Case, Reflection
from leeratelier.core.models import SavedDespiteWarning
from tests.form_tokens import token
from tests.privacy_warning_steps import IDENTIFYING, MASKED, assert_recorded, assert_warned, confirmed

from .test_views import CASE


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def case(hidden_atelier, member):
    return services.post_case(hidden_atelier, member, **CASE)


def test_a_reflection_warns_and_is_saved_only_once_confirmed(client, case, coordinator):
    client.force_login(coordinator)
    url = reverse("cases:reflect", args=[case.pk])
    data = {"kind": "question", "body": IDENTIFYING, "form_token": token("token-1")}
    response = client.post(url, data)
    assert_warned(response)
    assert not Reflection.objects.exists()
    # A tick without the fingerprint of these findings is not enough.
    response = client.post(url, {**data, "not_identifiable": "on"})
    assert_warned(response)
    assert not Reflection.objects.exists()
    response = client.post(url, confirmed(data, response, "reflect_form"))
    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert reflection.body == IDENTIFYING
    assert_recorded(reflection, SavedDespiteWarning.Part.REFLECTION)


def test_a_mention_of_a_member_is_not_a_warning(client, case, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("cases:reflect", args=[case.pk]),
        {"kind": "question", "body": "Wat denk jij, @Anna de Vries?", "form_token": token("t")},
    )
    assert response.status_code == 302 and Reflection.objects.count() == 1
    assert not SavedDespiteWarning.objects.exists()


def test_the_retained_lesson_warns_and_is_saved_only_once_confirmed(client, case, member):
    client.force_login(member)
    url = reverse("cases:retain_lesson", args=[case.pk])
    data = {"lesson_learned": IDENTIFYING, "lesson_next_time": ""}
    response = client.post(url, data)
    assert_warned(response)
    case.refresh_from_db()
    assert case.lesson_learned == "" and case.stage != Case.Stage.RETAINED
    response = client.post(url, confirmed(data, response, "lesson_form"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.lesson_learned == IDENTIFYING and case.stage == Case.Stage.RETAINED
    assert_recorded(case, SavedDespiteWarning.Part.LESSON)


def test_the_public_summary_proposal_warns_and_is_sent_only_once_confirmed(client, case, member):
    client.force_login(member)
    url = reverse("cases:propose_summary", args=[case.pk])
    data = {"public_summary": IDENTIFYING}
    response = client.post(url, data)
    body = assert_warned(response)
    assert "This text will be public" in body
    case.refresh_from_db()
    assert case.public_status == Case.PublicStatus.NONE
    response = client.post(url, confirmed(data, response, "summary_form"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.public_status == Case.PublicStatus.PENDING and case.public_summary == IDENTIFYING
    assert_recorded(case, SavedDespiteWarning.Part.SUMMARY_PROPOSAL)


def test_the_approver_sees_the_findings_and_approves_only_once_confirmed(client, case, member, coordinator):
    services.request_public_summary(case, member, IDENTIFYING)
    client.force_login(coordinator)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    body = page.content.decode()
    # Before the first click: the findings of the summary, masked, and the box.
    assert "Check this text before you approve it" in body
    for excerpt in MASKED:
        assert excerpt in body
    url = reverse("cases:approve_summary", args=[case.pk])
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Change the text, or tick this box" in response.content.decode()
    case.refresh_from_db()
    assert case.public_status == Case.PublicStatus.PENDING
    response = client.post(url, confirmed({}, page, "approve_form"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.public_status == Case.PublicStatus.APPROVED
    record = assert_recorded(case, SavedDespiteWarning.Part.SUMMARY_APPROVAL)
    assert record.saved_by == coordinator


def test_a_clean_summary_is_approved_with_one_click(client, case, member, coordinator):
    services.request_public_summary(case, member, "Een moeder met drie banen en toch schulden.")
    client.force_login(coordinator)
    assert client.post(reverse("cases:approve_summary", args=[case.pk]), {}).status_code == 302
    case.refresh_from_db()
    assert case.public_status == Case.PublicStatus.APPROVED
    assert not SavedDespiteWarning.objects.exists()


def test_editing_the_case_warns_and_records(client, case, member):
    client.force_login(member)
    url = reverse("cases:edit", args=[case.pk])
    data = {"title": case.title, "situation": IDENTIFYING, "question": case.question, "done_so_far": ""}
    response = client.post(url, data)
    assert_warned(response)
    case.refresh_from_db()
    assert case.situation == CASE["situation"]
    assert client.post(url, confirmed(data, response, "form")).status_code == 302
    case.refresh_from_db()
    assert case.situation == IDENTIFYING
    assert_recorded(case, SavedDespiteWarning.Part.CASE)


def test_the_reports_page_names_posts_saved_despite_a_warning(
    client, case, coordinator, hidden_atelier, colleague_reflection
):
    reflection = colleague_reflection
    services.report(reflection, coordinator, "other")
    client.force_login(coordinator)
    body = client.get(reverse("cases:reports", args=[hidden_atelier.pk])).content.decode()
    assert body.count("Saved despite a warning") >= 3  # the heading, the list and the reported row
    assert f"#reflection-{reflection.pk}" in body
    assert "a name" in body and "a phone number" in body  # what was found, never the values
    assert "06-1234" not in body


@pytest.fixture
def colleague_reflection(client, case, member):
    client.force_login(member)
    url = reverse("cases:reflect", args=[case.pk])
    data = {"kind": "question", "body": IDENTIFYING, "form_token": token("token-r")}
    response = client.post(url, data)
    client.post(url, confirmed(data, response, "reflect_form"))
    client.logout()
    return Reflection.objects.get()


def test_editing_a_reflection_warns_on_its_page_and_keeps_the_old_text_until_confirmed(client, case, member):
    reflection = services.reflect(case, member, "question", "Een vraag zonder namen.")
    client.force_login(member)
    url = reverse("cases:edit_reflection", args=[reflection.pk])
    data = {"body": IDENTIFYING}
    response = client.post(url, data)
    assert response.status_code == 400
    body = assert_warned(response)
    assert 'id="id_not_identifiable-edit-reflection"' in body
    reflection.refresh_from_db()
    assert reflection.body == "Een vraag zonder namen."
    [form] = [r.edit_form for r in response.context["thread"] if r.edit_form]
    response = client.post(
        url, {**data, "not_identifiable": "on", "checked_findings": form["checked_findings"].value()}
    )
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.body == IDENTIFYING
    assert_recorded(reflection, SavedDespiteWarning.Part.REFLECTION)
