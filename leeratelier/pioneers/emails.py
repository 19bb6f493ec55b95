"""The emails of the registry, through the outbox. Rows hold ids only; links are signed when the
email is rendered. The submitter is the only recipient: the editors see new practices in
Wagtail's own moderation dashboard and notifications."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import TaskState

from leeratelier.core.outbox import register_kind

from .models import PracticeSubmission
from .tokens import manage_token, verify_token


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def submission_context(email):
    submission = PracticeSubmission.objects.select_related("page").get(pk=email.context["submission"])
    with translation.override(email.language):
        verify_url = absolute(reverse("pioneers:verify", args=[verify_token(submission)]))
        manage_url = absolute(reverse("pioneers:manage", args=[manage_token(submission)]))
    page = submission.page
    context = {
        "submission": submission,
        "name": submission.contact_name,
        "title": page.title if page else submission.payload.get("title", ""),
        "verify_url": verify_url,
        "manage_url": manage_url,
        "page_url": absolute(page.url) if page and page.live and page.url else "",
        "retention_days": 30,
    }
    if "task_state" in email.context:
        task_state = TaskState.objects.filter(pk=email.context["task_state"]).first()
        context["reason"] = task_state.comment if task_state else ""
    return context


for kind in ("practice-verify", "practice-received", "practice-approved", "practice-rejected"):
    register_kind(kind, submission_context)
