"""The submitter's private link: propose changes and add outcomes (both moderated again),
withdraw consent (the practice goes offline, the personal data is erased); and retention."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_q.models import Schedule
from wagtail.images import get_image_model
from wagtail.models import WorkflowState

from leeratelier.core import outbox
from leeratelier.core.factories import UserFactory
from leeratelier.pioneers import services, tasks
from leeratelier.pioneers.models import PracticePage, PracticeSubmission
from leeratelier.pioneers.tokens import manage_token
from tests.form_tokens import token as form_token

from .conftest import dutch_url, form_data, png_bytes


@pytest.fixture
def published(client, registry, vocabulary, methods):
    """A practice sent with an image, verified and approved by an editor."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = form_data(
        vocabulary,
        methods,
        image_1=SimpleUploadedFile("a.png", png_bytes(), "image/png"),
        alt_1="Een tekening van de wijk",
    )
    client.post(dutch_url("pioneers:register"), data)
    submission = services.verify(PracticeSubmission.objects.get())
    editor = UserFactory(username="redactie", is_superuser=True)
    submission.page.current_workflow_state.current_task_state.specific.approve(user=editor)
    submission.refresh_from_db()
    mail.outbox.clear()
    return submission


def manage_url(submission):
    return dutch_url("pioneers:manage", manage_token(submission))


def test_the_private_page_needs_the_exact_link(client, published):
    assert client.get(manage_url(published)).status_code == 200
    token = manage_token(published)
    assert client.get(dutch_url("pioneers:manage", token[:-2] + "xx")).status_code == 404
    published.secret = "replaced"
    published.save()
    assert client.get(dutch_url("pioneers:manage", token)).status_code == 404


def test_proposed_changes_wait_for_an_editor_while_the_published_version_stays(client, published, vocabulary, methods):
    page = published.page.specific
    data = form_data(vocabulary, methods, summary="Nu met een handreiking voor de hele regio.", action="change")
    response = client.post(manage_url(published), data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and page.summary != "Nu met een handreiking voor de hele regio."
    assert page.get_latest_revision_as_object().summary == "Nu met een handreiking voor de hele regio."
    state = page.current_workflow_state
    assert state and state.status == WorkflowState.STATUS_IN_PROGRESS
    state.current_task_state.specific.approve(user=UserFactory(username="r2", is_superuser=True))
    page.refresh_from_db()
    assert page.summary == "Nu met een handreiking voor de hele regio."


def test_the_submitter_cannot_set_the_maturity(client, published, vocabulary):
    page = published.page.specific
    page.maturity = "evaluated"
    page.save_revision().publish()
    client.post(manage_url(published), form_data(vocabulary, action="change", maturity="experiment"))
    assert page.get_latest_revision_as_object().maturity == "evaluated"


def test_an_outcome_is_moderated_before_it_shows(client, published):
    response = client.post(
        manage_url(published),
        {"action": "outcome", "date": "2026-10-01", "text": "De handreiking wordt nu in drie gemeenten gebruikt."},
    )
    assert response.status_code == 302
    page = PracticePage.objects.get()
    assert page.outcomes.count() == 0
    assert "drie gemeenten" not in client.get(page.url).content.decode()
    page.current_workflow_state.current_task_state.specific.approve(user=UserFactory(username="r3", is_superuser=True))
    page.refresh_from_db()
    assert [outcome.date for outcome in page.outcomes.all()] == [date(2026, 10, 1)]
    assert "drie gemeenten" in client.get(page.url).content.decode()


def test_an_outcome_has_a_size_limit(client, published):
    response = client.post(manage_url(published), {"action": "outcome", "date": "2026-10-01", "text": "x" * 2001})
    assert response.status_code == 200 and "text" in response.context["outcome_form"].errors


def test_withdrawing_consent_takes_the_practice_offline_and_erases_the_person(client, published):
    page = published.page
    url = page.url
    assert get_image_model().objects.count() == 1
    assert client.get(dutch_url("pioneers:withdraw", manage_token(published))).status_code == 200
    response = client.post(dutch_url("pioneers:withdraw", manage_token(published)))
    assert response.status_code == 200
    assert not PracticePage.objects.exists() and not PracticeSubmission.objects.exists()
    assert get_image_model().objects.count() == 0
    assert client.get(url).status_code == 404


def test_unverified_submissions_are_purged_after_thirty_days(client, registry, vocabulary):
    for token in ("old", "recent", "old-verified"):
        client.post(dutch_url("pioneers:register"), form_data(vocabulary, form_token=form_token(token)))
    old = PracticeSubmission.objects.get(form_token=form_token("old"))
    services.verify(PracticeSubmission.objects.get(form_token=form_token("old-verified")))
    PracticeSubmission.objects.exclude(form_token=form_token("recent")).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    assert tasks.purge_unverified_submissions() == 1
    assert not PracticeSubmission.objects.filter(pk=old.pk).exists()
    assert set(PracticeSubmission.objects.values_list("form_token", flat=True)) == {
        form_token("recent"),
        form_token("old-verified"),
    }


def test_the_purge_is_scheduled_daily(db):
    schedule = Schedule.objects.get(name="purge-unverified-practice-submissions")
    assert schedule.func == "leeratelier.pioneers.tasks.purge_unverified_submissions"
    assert schedule.schedule_type == Schedule.DAILY


def test_an_expired_verification_link_says_so(client, registry, vocabulary, monkeypatch):
    client.post(dutch_url("pioneers:register"), form_data(vocabulary))
    outbox.send_pending()
    url = re.search(r"https?://\S+/practices/verify/\S+", mail.outbox[0].body).group(0).split("://", 1)[1]
    path = "/" + url.split("/", 1)[1]
    from leeratelier.pioneers import tokens

    monkeypatch.setattr(tokens, "VERIFY_MAX_AGE", -1)
    response = client.post(path)
    assert response.status_code == 404
    assert PracticeSubmission.objects.get().status == PracticeSubmission.Status.UNVERIFIED


def test_the_editor_sees_who_sent_it_in_but_the_revision_does_not_keep_it(client, published):
    client.force_login(UserFactory(username="beheer", is_superuser=True, is_staff=True))
    content = client.get(f"/admin/pages/{published.page_id}/edit/").content.decode()
    assert "Anouk Peters" in content and "anouk@example.org" in content
    for revision in published.page.revisions.all():
        assert "anouk" not in str(revision.content).lower()
