"""The rules of the registry, in one place: a submission is stored unverified; verification
turns it into a draft page in the practice moderation workflow; the submitter's later changes and
outcomes are new revisions in the same workflow; approval and rejection email the submitter;
withdrawing consent takes the practice offline and erases the personal data; unverified
submissions are purged after 30 days.
"""

import logging

from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import GroupApprovalTask, GroupPagePermission, Locale, Page, Workflow, WorkflowPage, WorkflowTask

from leeratelier.core import outbox
from leeratelier.core.models import Municipality, Theme, Werkplaats
from leeratelier.toolbox.models import MethodPage

from .models import (
    TEXT_FIELDS,
    PracticeImage,
    PracticeIndexPage,
    PracticeLink,
    PracticeOutcome,
    PracticePage,
    PracticeSubmission,
    SubmissionImage,
)

logger = logging.getLogger(__name__)

EDITORS_GROUP = "Editors"
WORKFLOW_NAME = "Practice moderation"
TASK_NAME = "Editors review a practice"
RETENTION_DAYS = 30


# --- the moderation workflow ------------------------------------------------------------------


def practice_workflow(index=None):
    """The workflow every practice goes through: one approval task for the editors group.
    Made on first use (idempotent: found by name); attached to the registry page so a practice
    an editor submits in the admin goes through it too."""
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    admin_access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    if admin_access:
        editors.permissions.add(admin_access)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(editors)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if index is not None:
        # Approving publishes the page, so the editors may edit and publish in the registry.
        page_permissions = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=["add_page", "change_page", "publish_page"]
        )
        for version in index.get_translations(inclusive=True):
            WorkflowPage.objects.update_or_create(page=version, defaults={"workflow": workflow})
            for permission in page_permissions:
                GroupPagePermission.objects.get_or_create(group=editors, page=version, permission=permission)
    return workflow


def send_to_moderation(page, revision):
    """Put ``revision`` before the editors: a new workflow, or the one that asked for changes
    resumed; a workflow still in progress simply reviews the latest revision."""
    state = page.current_workflow_state
    if state is None:
        practice_workflow(page.get_parent().specific).start(page, user=None)
    elif state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user=None)
    return revision


# --- content: payload -> page ---------------------------------------------------------------


def registry_index():
    """The Dutch registry page, where new practices are filed (made under the home page if an
    editor has not made one yet)."""
    default = Locale.get_default()
    index = PracticeIndexPage.objects.filter(locale=default).order_by("path").first()
    if index is None:
        from home.models import HomePage

        home = HomePage.objects.filter(locale=default).order_by("path").first()
        index = PracticeIndexPage(title="Praktijken", slug="praktijken", locale=default)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def apply_content(page, content):
    """Copy a payload (see forms.PracticeContentForm.payload) onto an in-memory page.
    Unknown ids (a theme deleted meanwhile) are dropped, never an error."""
    for name in TEXT_FIELDS:
        if name in content:
            setattr(page, name, content[name])
    # A municipality merged since the pioneer sent the form: its successor (Municipality.merge_into).
    page.municipality = Municipality.objects.resolve(content.get("municipality"))
    page.werkplaats = (
        Werkplaats.objects.filter(pk=content.get("werkplaats")).first() if content.get("werkplaats") else None
    )
    page.roles = list(content.get("roles", []))
    page.themes = list(Theme.objects.filter(pk__in=content.get("themes", [])))
    page.methods = list(MethodPage.objects.filter(pk__in=content.get("methods", [])))
    page.ingredients.set(content.get("ingredients", []))
    page.links = [PracticeLink(url=url) for url in content.get("links", [])]
    return page


def unique_slug(parent, title):
    base = slugify(title)[:70] or "praktijk"
    slug, number = base, 1
    while Page.objects.child_of(parent).filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


# --- the submitter's journey ----------------------------------------------------------------


@transaction.atomic
def create_submission(*, form_token, content, contact, images, consent_text, language):
    """Store a submission (unverified) and queue the verification email. The form's one-time
    token makes a double submit one submission."""
    existing = PracticeSubmission.objects.filter(form_token=form_token).first()
    if existing is not None:
        return existing, False
    submission = PracticeSubmission.objects.create(
        form_token=form_token,
        payload=content,
        consent_text=str(consent_text),
        consented_at=timezone.now(),
        language=language,
        **contact,
    )
    for order, (upload, alt_text) in enumerate(images):
        SubmissionImage.objects.create(submission=submission, file=upload, alt_text=alt_text, sort_order=order)
    outbox.enqueue(
        key=f"practice-verify:{submission.pk}",
        kind="practice-verify",
        recipient=submission.contact_email,
        language=language,
        context={"submission": submission.pk},
    )
    return submission, True


@transaction.atomic
def verify(submission):
    """The address is confirmed: the content becomes a draft practice page in moderation and
    the submitter gets the private link. A second click changes nothing."""
    submission = PracticeSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != PracticeSubmission.Status.UNVERIFIED:
        return submission
    index = registry_index()
    content = submission.payload
    page = PracticePage(locale=index.locale, live=False, slug=unique_slug(index, content.get("title", "")))
    apply_content(page, content)
    index.add_child(instance=page)
    Image = get_image_model()
    for order, uploaded in enumerate(submission.uploaded_images.all()):
        with uploaded.file.open("rb") as handle:
            image = Image(
                title=uploaded.alt_text[:255] or page.title,
                file=ImageFile(handle, name=uploaded.file.name.rsplit("/", 1)[-1]),
            )
            image.save()
        page.images.add(PracticeImage(image=image, alt_text=uploaded.alt_text, sort_order=order))
        uploaded.file.delete(save=False)
        uploaded.delete()
    page.save()
    revision = page.save_revision(log_action=True)
    submission.page = page
    submission.status = PracticeSubmission.Status.IN_MODERATION
    submission.verified_at = timezone.now()
    submission.payload = {}
    submission.save()
    send_to_moderation(page, revision)
    outbox.enqueue(
        key=f"practice-received:{submission.pk}",
        kind="practice-received",
        recipient=submission.contact_email,
        language=submission.language,
        context={"submission": submission.pk},
    )
    return submission


def latest_content(page):
    """The page as its latest revision has it (a proposal waiting for an editor included)."""
    return page.get_latest_revision_as_object() if page.get_latest_revision() else page


@transaction.atomic
def propose_changes(submission, content):
    """The submitter's changes: a new revision of the page, before the editors again. The
    published version stays online until an editor approves. Maturity is the editors' own."""
    page = latest_content(submission.page.specific)
    maturity = page.maturity
    apply_content(page, content)
    page.maturity = maturity
    revision = page.save_revision(log_action=True)
    _back_in_moderation(submission)
    return send_to_moderation(submission.page, revision)


@transaction.atomic
def add_outcome(submission, date, text):
    """An entry in the outcomes log: a revision with the entry added, moderated like the rest."""
    page = latest_content(submission.page.specific)
    page.outcomes.add(PracticeOutcome(date=date, text=text, sort_order=len(page.outcomes.all())))
    revision = page.save_revision(log_action=True)
    _back_in_moderation(submission)
    return send_to_moderation(submission.page, revision)


def _back_in_moderation(submission):
    if submission.status == PracticeSubmission.Status.REJECTED:
        submission.status = PracticeSubmission.Status.IN_MODERATION
        submission.save(update_fields=["status"])


@transaction.atomic
def withdraw_consent(submission):
    """Consent withdrawn: the practice goes offline and is deleted with its images, and the
    submission (the personal data) is erased. Nothing of the person stays behind."""
    page = submission.page.specific if submission.page_id else None
    if page is not None:
        image_ids = list(page.images.values_list("image_id", flat=True))
        page.delete()
        get_image_model().objects.filter(pk__in=image_ids).delete()
    _delete_submission(submission)


def _delete_submission(submission):
    for uploaded in submission.uploaded_images.all():
        uploaded.file.delete(save=False)
    submission.delete()


def purge_unverified(now=None):
    """Retention: unverified submissions older than 30 days are deleted, files included.
    Runs daily as a django-q2 schedule (migration 0003). Returns how many went."""
    expired = list(PracticeSubmission.objects.expired_unverified(now, RETENTION_DAYS))
    for submission in expired:
        with transaction.atomic():
            _delete_submission(submission)
    if expired:
        logger.info("Purged %s unverified practice submissions", len(expired))
    return len(expired)


# --- the editors' decisions (connected to Wagtail's workflow signals in signals.py) ---------


def submission_for_state(workflow_state):
    if workflow_state.base_content_type.model_class() is not Page:
        return None
    return PracticeSubmission.objects.filter(page_id=int(workflow_state.object_id)).first()


def on_approved(workflow_state):
    submission = submission_for_state(workflow_state)
    if submission is None:
        return
    submission.status = PracticeSubmission.Status.PUBLISHED
    submission.save(update_fields=["status"])
    outbox.enqueue(
        key=f"practice-approved:{workflow_state.pk}",
        kind="practice-approved",
        recipient=submission.contact_email,
        language=submission.language,
        context={"submission": submission.pk},
    )


def on_rejected(workflow_state):
    submission = submission_for_state(workflow_state)
    if submission is None:
        return
    task_state = workflow_state.current_task_state
    if not submission.page.live:
        submission.status = PracticeSubmission.Status.REJECTED
        submission.save(update_fields=["status"])
    outbox.enqueue(
        key=f"practice-rejected:{task_state.pk}",
        kind="practice-rejected",
        recipient=submission.contact_email,
        language=submission.language,
        context={"submission": submission.pk, "task_state": task_state.pk},
    )
