"""The profile page and the person's privacy rights on it (a copy of their data, deleting
their account). Signing up, in and out, verifying and resetting are allauth's views, styled by
the templates in templates/account/."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leeratelier.core import audit

from . import services
from .forms import DeleteAccountForm, ProfileForm
from .models import DataExport, profile_of

PRIVACY_STATEMENT_SLUG = "privacyverklaring"  # made by setup_site (accounts/setup.py)


def private(response):
    """Pages and files about one person: never stored by a shared cache."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store, max-age=0"
    patch_vary_headers(response, ["Cookie"])
    return response


@login_required
def profile(request):
    """Edit one's own name and profile. On an error nothing is saved and the form shows why,
    next to the field; on success, a message and a fresh GET (so a reload does not post again)."""
    profile = profile_of(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=profile)
    context = {
        "form": form,
        "latest_export": DataExport.objects.filter(user=request.user).first(),
        "privacy_page": privacy_statement(),
    }
    return private(render(request, "accounts/profile.html", context))


def privacy_statement():
    """The privacy statement in the page's language (the demo makes it, slug "privacy")."""
    from wagtail.models import Locale

    from home.models import StandardPage

    page = StandardPage.objects.live().filter(slug=PRIVACY_STATEMENT_SLUG, locale=Locale.get_default()).first()
    if page is None:
        return None
    return page.get_translation_or_none(Locale.get_active()) or page


@login_required
@require_POST
def request_data_export(request):
    export, created = services.request_export(request.user)
    if created:
        messages.success(
            request,
            _(
                "We are preparing a copy of your data. You will get an email with a download link, usually within a few minutes."
            ),
        )
    else:
        messages.info(request, _("Your copy is already being prepared. Check your email in a few minutes."))
    return redirect("accounts:profile")


@login_required
def download_data_export(request, token):
    """The emailed link. Someone else's link, or a made-up one: 404. One's own link after it
    expired (or after the file was purged): 410 with a page that says how to ask again."""
    export, link_expired = services.export_from_token(token)
    if export is None or export.user_id != request.user.pk:
        raise Http404
    if link_expired or not export.is_downloadable(timezone.now()):
        return private(render(request, "accounts/data_export_expired.html", status=410))
    audit.record(request.user, audit.Action.DATA_EXPORT_DOWNLOADED, export)
    response = FileResponse(
        export.path.open("rb"),
        as_attachment=True,
        filename=f"leeratelier-my-data-{export.ready_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    return private(response)


@login_required
def delete_account(request):
    """The confirmation step: choose what happens to what one wrote, re-enter the password,
    tick that one understands. Then everything happens in one transaction, and the person is
    signed out."""
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=request.user)
        if form.is_valid():
            services.delete_account(request.user, keep_contributions=form.keep_contributions)
            logout(request)
            messages.success(request, _("Your account has been deleted. Thank you for taking part."))
            return redirect("wagtail_serve", "")
    else:
        form = DeleteAccountForm(user=request.user)
    return private(render(request, "accounts/delete_account.html", {"form": form}))
