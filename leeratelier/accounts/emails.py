"""The kinds of email the accounts app sends through the outbox (see ``adapter.py`` for how
allauth's emails end up here).

The rows hold ids only. Keys and links are made when the email is sent, not when it is queued:
the confirmation key is an HMAC of the address id and the password-reset token is derived from
the user's current state, so both can be made again from the id and no secret sits in the
database. The outbox renders under the recipient's language, so ``reverse`` gives the links the
right language prefix (/nl/ or /en/).
"""

from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from leeratelier.core.outbox import register_kind

EMAIL_CONFIRMATION = "account-email-confirmation"
PASSWORD_RESET = "account-password-reset"
ACCOUNT_ALREADY_EXISTS = "account-already-exists"
UNKNOWN_ACCOUNT = "account-unknown"


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def email_confirmation_context(email):
    address = EmailAddress.objects.select_related("user").get(pk=email.context["email_address"])
    key = EmailConfirmationHMAC(address).key
    return {
        "user": address.user,
        "address": address.email,
        "signup": bool(email.context.get("signup")),
        "confirm_url": absolute(reverse("account_confirm_email", args=[key])),
    }


def password_reset_context(email):
    user = get_user_model().objects.get(pk=email.context["user"])
    token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": token})
    return {
        "user": user,
        "reset_url": absolute(path),
        "valid_days": max(settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60), 1),
        "new_request_url": absolute(reverse("account_reset_password")),
    }


def entrance_links_context(email):
    """For emails to an address whose account we may not confirm on screen (sign-up with a
    known address, reset for an unknown one): where to sign in, sign up or reset instead."""
    return {
        "login_url": absolute(reverse("account_login")),
        "signup_url": absolute(reverse("account_signup")),
        "reset_url": absolute(reverse("account_reset_password")),
    }


register_kind(EMAIL_CONFIRMATION, email_confirmation_context)
register_kind(PASSWORD_RESET, password_reset_context)
register_kind(ACCOUNT_ALREADY_EXISTS, entrance_links_context)
register_kind(UNKNOWN_ACCOUNT, entrance_links_context)


DATA_EXPORT_READY = "account-data-export-ready"


def data_export_context(email):
    """The download link is signed when the email is rendered; it works until the export's
    expiry, for the signed-in person only."""
    from .models import DataExport
    from .services import EXPORT_VALID_DAYS, export_token

    export = DataExport.objects.select_related("user").get(pk=email.context["export"])
    return {
        "user": export.user,
        "download_url": absolute(reverse("accounts:data_export_download", args=[export_token(export)])),
        "expires_at": export.expires_at,
        "valid_days": EXPORT_VALID_DAYS,
        "profile_url": absolute(reverse("accounts:profile")),
    }


register_kind(DATA_EXPORT_READY, data_export_context)
