"""Two-factor sign-in is required where people read cases about vulnerable people beyond their own.

Who: everyone who may use the Wagtail admin (editors, admins, coordinators with page
permissions) whenever they open a page under /admin/, and every coordinator when they open a
coordinator-only view on the site (member management, attendee lists, moderation). Members who
only read and write in their own ateliers may turn it on, but are never made to.

What "has two-factor" means: an authenticator app (TOTP, allauth.mfa) is active on the account
AND it was used in this session (allauth records each authentication in the session). So:

- no authenticator app yet: the person is sent to set one up, with a message saying why;
- an app, but this session was opened without it (by the admin's own password-only login form,
  say): they are asked for a code first (allauth's re-authentication) and then continue where
  they were going.

The admin's own login form (/admin/login/) is replaced by the site's login, which asks for the
code after the password; otherwise it would be a way in with a password alone.

Turned off by TWO_FACTOR_REQUIRED = False (the test settings do so for the feature tests, which
sign people in with force_login; tests/hardening/test_two_factor.py turns it on).
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from leeratelier.core import access
from leeratelier.core.views_toolkit import safe_next

ADMIN_PREFIX = "/admin/"
ADMIN_LOGIN_PATH = "/admin/login/"

# Views only a coordinator (or an editor) can use: "namespace:url_name" as Django resolves them.
# An app with new coordinator-only views adds their names here.
COORDINATOR_VIEWS = frozenset(
    {
        "ateliers:members",
        "ateliers:members_invite",
        "ateliers:members_decide",
        "ateliers:members_set_role",
        "ateliers:members_remove",
        "ateliers:attendees",
        "ateliers:attendees_csv",
        "ateliers:attendance",
        "ateliers:cancel_meeting",
        "cases:hide",
        "cases:restore",
        "cases:approve_summary",
        "cases:moderation_queue",
        "cases:moderation_decide",
        "ateliers:members_suspend",
        "ateliers:members_reinstate",
        "notifications:announce",
        # the open-reports queue (reporters' notes, hidden posts' text)
        "cases:reports",
        # learning cycles: what coordinators do as facilitators, and the narrative reports
        "cycles:new",
        "cycles:add_participant",
        "cycles:erase_participant",  # irreversible: an outside participant's data goes
        "cycles:advance",
        "cycles:reopen",
        "cycles:edit_phase",
        "cycles:new_cycle_report",
        "cycles:new_atelier_report",
        "cycles:report_edit",
        "cycles:report_withdraw",
        "cycles:offer_sign_off",  # asks the commissioning party to sign off a report
    }
)


def used_second_factor(request):
    """Whether this session was signed in (or re-confirmed) with an authenticator code."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def needs_two_factor(request, view_name):
    """Whether this request, by this signed-in user, must come from a two-factor session."""
    user = request.user
    if request.path.startswith(ADMIN_PREFIX):
        return user.has_perm("wagtailadmin.access_admin")
    if view_name in COORDINATOR_VIEWS:
        return (
            access.is_editor(user)
            or access.COORDINATOR in access.atelier_roles(user).values()
            or access.can_use_moderation_queue(user)
        )
    return False


def second_factor_used(request):
    """Whether this request may show what only a two-factor session may see (the full text of a
    hidden post to its coordinator): always when the requirement is off."""
    if not getattr(settings, "TWO_FACTOR_REQUIRED", True):
        return True
    return request.user.is_authenticated and used_second_factor(request)


def second_factor_url(request):
    """Where to confirm the second factor (or set it up first) and come back to this page."""
    if not is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
        return _with_next(reverse("mfa_activate_totp"), request.get_full_path())
    return _with_next(reverse("mfa_reauthenticate"), request.get_full_path())


def _carry_next_after_setup(request, response):
    """Setting up the app keeps where the person was going: allauth's set-up goes on to the
    recovery codes (or its own overview); with a safe ``next`` the codes page gets it (and
    offers "Continue"), and without codes to show the person goes straight on."""
    if request.method != "POST" or response.status_code != 302 or request.path != reverse("mfa_activate_totp"):
        return response
    target = safe_next(request, "")
    if not target:
        return response
    if response["Location"].split("?")[0] == reverse("mfa_view_recovery_codes"):
        response["Location"] = _with_next(reverse("mfa_view_recovery_codes"), target)
    elif response["Location"].split("?")[0] == reverse("mfa_index"):
        response["Location"] = target
    return response


def _with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}"


class TwoFactorRequiredMiddleware:
    """Enforce the rules above; stands after the authentication and message middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return _carry_next_after_setup(request, self.get_response(request))

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "TWO_FACTOR_REQUIRED", True):
            return None
        if request.path.startswith(ADMIN_LOGIN_PATH):
            # The admin's password-only login: send people to the site's login (which asks for
            # the code after the password) and bring them back to where they were going.
            return HttpResponseRedirect(_with_next(reverse("account_login"), safe_next(request, ADMIN_PREFIX)))
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if not needs_two_factor(request, match.view_name if match else ""):
            return None
        if not is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
            messages.warning(
                request,
                _(
                    "This part of the platform shows cases about vulnerable people, so it asks for "
                    "two-factor sign-in. Set up an authenticator app on your phone first; after "
                    "that you sign in with your password and a code from the app."
                ),
                fail_silently=True,
            )
            return HttpResponseRedirect(_with_next(reverse("mfa_activate_totp"), request.get_full_path()))
        if not used_second_factor(request):
            messages.info(
                request,
                _("Enter a code from your authenticator app to continue."),
                fail_silently=True,
            )
            return HttpResponseRedirect(_with_next(reverse("mfa_reauthenticate"), request.get_full_path()))
        return None
