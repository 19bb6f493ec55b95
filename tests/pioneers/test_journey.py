"""The pioneer's journey: register without an account, verify the address, moderation by an
editor (approve or reject with a reason), each step emailing the submitter."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import translation
from wagtail.models import WorkflowState

from leeratelier.core import outbox
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import OutboxEmail
from leeratelier.pioneers import services
from leeratelier.pioneers.forms import CONSENT_TEXT
from leeratelier.pioneers.models import PracticePage, PracticeSubmission

from .conftest import dutch_url, form_data


def sent_emails():
    outbox.send_pending()
    return list(mail.outbox)


def link_in(message, name):
    urls = re.findall(r"https?://\S+", message.body)
    path = dutch_url(name, "TOKEN").split("TOKEN")[0]
    return next(url for url in urls if path in url).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def register(client, vocabulary, methods=None, **overrides):
    return client.post(dutch_url("pioneers:register"), form_data(vocabulary, methods, **overrides))


@pytest.fixture
def editor(db):
    user = UserFactory(username="redacteur")
    group, _ = Group.objects.get_or_create(name=services.EDITORS_GROUP)
    user.groups.add(group)
    return user


def test_the_form_works_without_an_account(client, registry, vocabulary):
    response = client.get(dutch_url("pioneers:register"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert "Lingewaard" in content and "<legend>" in content


def test_a_submission_waits_for_the_address_to_be_verified(client, registry, vocabulary, methods):
    response = register(client, vocabulary, methods)
    assert response.status_code == 302 and response.url == dutch_url("pioneers:submitted")
    submission = PracticeSubmission.objects.get()
    assert submission.status == PracticeSubmission.Status.UNVERIFIED
    assert submission.page is None and not PracticePage.objects.exists()
    assert submission.contact_email == "anouk@example.org"
    # The consent text as the person saw it, in their language, and when they gave it.
    with translation.override("nl"):
        assert submission.consent_text == str(CONSENT_TEXT)
    assert submission.consented_at
    assert submission.payload["ingredients"] == ["gelijkwaardigheid", "tijd om te luisteren"]
    (message,) = sent_emails()
    assert message.to == ["anouk@example.org"]
    assert "Armoede signaleren" in message.body
    assert dutch_url("pioneers:verify", "x").rsplit("x", 1)[0] in message.body


def test_double_submit_makes_one_submission(client, registry, vocabulary):
    data = form_data(vocabulary)
    client.post(dutch_url("pioneers:register"), data)
    client.post(dutch_url("pioneers:register"), data)
    assert PracticeSubmission.objects.count() == 1
    assert OutboxEmail.objects.count() == 1


def verify_latest(client):
    (message,) = sent_emails()
    mail.outbox.clear()
    url = link_in(message, "pioneers:verify")
    response = client.get(url)
    assert response.status_code == 200  # a button, not a verification: mail scanners follow links
    assert PracticeSubmission.objects.get().status == PracticeSubmission.Status.UNVERIFIED
    return client.post(url)


def test_verification_makes_a_draft_in_the_editors_workflow(client, registry, vocabulary, methods):
    register(client, vocabulary, methods)
    response = verify_latest(client)
    submission = PracticeSubmission.objects.get()
    assert response.status_code == 302 and "/practices/private/" in response.url
    assert submission.status == PracticeSubmission.Status.IN_MODERATION and submission.payload == {}
    page = submission.page.specific
    assert not page.live and page.get_parent().pk == registry.pk
    assert page.title == "Armoede signaleren, bespreken en doorbreken"
    assert page.municipality == vocabulary["municipality"]
    assert sorted(tag.name for tag in page.ingredients.all()) == ["gelijkwaardigheid", "tijd om te luisteren"]
    assert list(page.methods.all()) == [methods["waardencirkel"]]
    assert [link.url for link in page.links.all()] == ["https://www.lingewaard.nl/armoede"]
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == services.WORKFLOW_NAME
    # The page holds no personal data: its revision does not contain the contact person.
    assert "anouk" not in str(page.get_latest_revision().content).lower()
    (message,) = sent_emails()
    assert "/practices/private/" in message.body
    # A second click changes nothing.
    client.post(response.url.replace("private", "verify"))
    assert PracticePage.objects.count() == 1


def test_an_editor_approves_and_the_submitter_is_emailed(client, registry, vocabulary, editor):
    register(client, vocabulary)
    verify_latest(client)
    mail.outbox.clear()
    OutboxEmail.objects.update(status=OutboxEmail.Status.SENT)
    page = PracticePage.objects.get()
    task_state = page.current_workflow_state.current_task_state
    assert task_state.task.specific.user_can_access_editor(page, editor)
    task_state.specific.approve(user=editor)
    page.refresh_from_db()
    assert page.live
    assert PracticeSubmission.objects.get().status == PracticeSubmission.Status.PUBLISHED
    (message,) = sent_emails()
    assert message.to == ["anouk@example.org"] and page.url in message.body


def test_an_editor_rejects_with_a_reason_and_the_submitter_reads_it(client, registry, vocabulary, editor):
    register(client, vocabulary)
    verify_latest(client)
    mail.outbox.clear()
    OutboxEmail.objects.update(status=OutboxEmail.Status.SENT)
    page = PracticePage.objects.get()
    page.current_workflow_state.current_task_state.specific.reject(
        user=editor, comment="Kun je iets meer vertellen over wat bewoners ervan merken?"
    )
    page.refresh_from_db()
    assert not page.live
    assert PracticeSubmission.objects.get().status == PracticeSubmission.Status.REJECTED
    (message,) = sent_emails()
    assert "Kun je iets meer vertellen" in message.body
    assert "/practices/private/" in message.body


def test_a_broken_or_forged_verification_link_explains_itself(client, registry):
    response = client.get(dutch_url("pioneers:verify", "12:bogus"))
    assert response.status_code == 404
    assert "link" in response.content.decode().lower()
