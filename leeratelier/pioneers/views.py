"""The registry's own views (the registry and practice pages are Wagtail pages): the public
sign-up form, the verification link, the submitter's private page (propose changes, add an
outcome, withdraw consent) and the working-ingredients overview."""

from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from leeratelier.core import once
from leeratelier.core.models import SavedDespiteWarning
from leeratelier.core.privacy_forms import record_saved_despite_warning
from leeratelier.core.ratelimit import rate_limit

from . import services
from .forms import CONSENT_TEXT, OutcomeForm, PracticeContentForm, PracticeSubmissionForm
from .models import PracticeIndexPage, PracticeSubmission
from .registry import ingredient_counts
from .tokens import manage_token, read_manage_token, read_verify_token, secret_matches


def registry_page():
    return PracticeIndexPage.objects.live().filter(locale__language_code=get_language()).first() or (
        PracticeIndexPage.objects.live().order_by("path").first()
    )


@rate_limit(key="ip", rate="5/h", method="POST")
@require_http_methods(["GET", "POST"])
def register(request):
    """ "Meld je praktijk aan": works without an account and without JavaScript."""
    if request.method == "POST":
        form = PracticeSubmissionForm(request.POST, request.FILES)
        if form.is_spam():
            # The honeypot was filled: say what a person would see, store nothing.
            return redirect("pioneers:submitted")
        if form.is_valid():
            # Double submit (core.once): the second submit of the same form saves nothing and
            # sees the same page; the stored token is a second line (services.create_submission).
            if once.claim(request, form):
                try:
                    with transaction.atomic():
                        submission, created = services.create_submission(
                            form_token=form.cleaned_data["form_token"],
                            content=form.payload(),
                            contact=form.contact(),
                            images=form.images(),
                            consent_text=CONSENT_TEXT,
                            language=get_language(),
                        )
                        if created:
                            record_saved_despite_warning(form, submission, SavedDespiteWarning.Part.PRACTICE)
                except Exception:
                    once.settle(request, form, None)
                    raise
                once.settle(request, form, submission.pk)
            return redirect("pioneers:submitted")
    else:
        form = PracticeSubmissionForm()
    return render(request, "pioneers/register.html", {"form": form, "registry": registry_page()})


def submitted(request):
    return render(request, "pioneers/submitted.html", {"registry": registry_page()})


def _invalid_link(request, status=404):
    return render(request, "pioneers/link_invalid.html", {"registry": registry_page()}, status=status)


@require_http_methods(["GET", "POST"])
def verify(request, token):
    """The link in the confirmation email. GET shows a button (mail scanners follow links; only
    a person's POST verifies), POST hands the practice to the editors."""
    try:
        submission = PracticeSubmission.objects.get(pk=read_verify_token(token))
    except (signing.BadSignature, PracticeSubmission.DoesNotExist):
        return _invalid_link(request)
    if request.method == "POST":
        services.verify(submission)
        return redirect("pioneers:manage", manage_token(submission))
    already = submission.status != PracticeSubmission.Status.UNVERIFIED
    if already:
        return redirect("pioneers:manage", manage_token(submission))
    return render(
        request,
        "pioneers/verify.html",
        {
            "title": submission.payload.get("title", ""),
            "registry": registry_page(),
        },
    )


def submission_for_token(token):
    try:
        pk, secret = read_manage_token(token)
        submission = PracticeSubmission.objects.select_related("page").get(pk=pk)
    except (signing.BadSignature, ValueError, PracticeSubmission.DoesNotExist):
        raise Http404 from None
    if not secret_matches(submission, secret):
        raise Http404
    return submission


@require_http_methods(["GET", "POST"])
def manage(request, token):
    """The submitter's private page: where the practice stands, change it, add an outcome,
    withdraw consent. Anyone with the link is the submitter; there is no other way in."""
    try:
        submission = submission_for_token(token)
    except Http404:
        return _invalid_link(request)
    if submission.status == PracticeSubmission.Status.UNVERIFIED or submission.page is None:
        return _invalid_link(request)
    page = services.latest_content(submission.page.specific)
    change_form = outcome_form = None
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "change":
        change_form = PracticeContentForm(request.POST)
        if change_form.is_valid():
            with transaction.atomic():
                services.propose_changes(submission, change_form.payload())
                record_saved_despite_warning(change_form, submission, SavedDespiteWarning.Part.PRACTICE)
            return redirect(reverse("pioneers:manage", args=[token]) + "?sent=change")
    elif action == "outcome":
        outcome_form = OutcomeForm(request.POST)
        if outcome_form.is_valid():
            services.add_outcome(submission, outcome_form.cleaned_data["date"], outcome_form.cleaned_data["text"])
            return redirect(reverse("pioneers:manage", args=[token]) + "?sent=outcome")
    return render(
        request,
        "pioneers/manage.html",
        {
            "submission": submission,
            "practice": page,
            "live_page": submission.page if submission.page.live else None,
            "pending": submission.page.current_workflow_state is not None
            and submission.page.current_workflow_state.status == "in_progress",
            "change_form": change_form or PracticeContentForm(initial=PracticeContentForm.initial_from_page(page)),
            "outcome_form": outcome_form or OutcomeForm(),
            "sent": request.GET.get("sent"),
            "token": token,
            "registry": registry_page(),
        },
    )


@require_http_methods(["GET", "POST"])
def withdraw(request, token):
    """Withdraw consent: asks once, then takes the practice offline and erases the details."""
    try:
        submission = submission_for_token(token)
    except Http404:
        return _invalid_link(request)
    if request.method == "POST":
        with transaction.atomic():
            services.withdraw_consent(submission)
        return render(request, "pioneers/withdrawn.html", {"registry": registry_page()})
    title = submission.page.title if submission.page_id else submission.payload.get("title", "")
    return render(request, "pioneers/withdraw.html", {"title": title, "token": token, "registry": registry_page()})


def ingredients(request):
    """The working ingredients named across the published practices, with counts."""
    return render(
        request,
        "pioneers/ingredients.html",
        {
            "ingredients": list(ingredient_counts()),
            "registry": registry_page(),
        },
    )
