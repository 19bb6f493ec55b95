"""allauth's adapter, changed in one respect: it never sends email itself.

Every email of the platform goes through the outbox (leeratelier.core.outbox), so that it is
sent once, retried when the mail server refuses, and rendered in the recipient's language. allauth
hands each email to ``send_mail`` with a template prefix and a context full of objects, keys and
request-bound URLs; here each prefix becomes an outbox kind (``emails.py``) and the context is
reduced to ids. The keys and links are made again when the outbox sends.
"""

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from leeratelier.core import outbox

from . import emails
from .models import page_language, profile_of


def _email_address_ids(address, context, signup):
    email_address = EmailAddress.objects.get_for_user(context["user"], address)
    return {"email_address": email_address.pk, "signup": signup}


# allauth template prefix -> (outbox kind, the ids to keep from allauth's context)
ALLAUTH_EMAILS = {
    "account/email/email_confirmation_signup": (
        emails.EMAIL_CONFIRMATION,
        lambda address, context: _email_address_ids(address, context, signup=True),
    ),
    "account/email/email_confirmation": (
        emails.EMAIL_CONFIRMATION,
        lambda address, context: _email_address_ids(address, context, signup=False),
    ),
    "account/email/password_reset_key": (
        emails.PASSWORD_RESET,
        lambda address, context: {"user": context["user"].pk},
    ),
    "account/email/account_already_exists": (emails.ACCOUNT_ALREADY_EXISTS, lambda address, context: {}),
    "account/email/unknown_account": (emails.UNKNOWN_ACCOUNT, lambda address, context: {}),
}


def recipient_language(address, user=None):
    """The language someone chose for their emails; for an address without an account, the
    language of the page they are on."""
    if user is None:
        known = EmailAddress.objects.filter(email__iexact=address).select_related("user").first()
        user = known.user if known else get_user_model().objects.filter(email__iexact=address).first()
    return profile_of(user).language if user is not None else page_language()


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        """allauth's failed-login limits (ACCOUNT_RATE_LIMITS["login_failed"]), changed twice:
        over a limit the answer is the 429 page with Retry-After for that limit's window (not
        the form again with status 200), and the per-account limit does not count a browser
        the account signed in from before (leeratelier.accounts.devices), so a guesser
        elsewhere slows down without locking the owner out."""
        from allauth.account import app_settings
        from allauth.core.exceptions import ImmediateHttpResponse
        from allauth.core.internal import ratelimit

        from leeratelier.core.ratelimit import too_many_attempts

        from .devices import is_known_device

        key = self._get_login_attempts_cache_key(request, **credentials)
        known = None
        used = []
        rates = (app_settings.RATE_LIMITS.get("login_failed") or "").split(",")
        for part in filter(None, (part.strip() for part in rates)):
            rate = ratelimit.parse_rate(part)  # counted under the same cache key as allauth's
            if rate.per == "key":
                if known is None:
                    known = is_known_device(request, credentials.get("email") or credentials.get("username"))
                if known:
                    continue
            usage = ratelimit.consume(
                request,
                app="allauth.account",
                action="login_failed",
                key=key,
                config={"login_failed": part},
            )
            if usage is None:
                for earlier in used:
                    earlier.rollback()
                raise ImmediateHttpResponse(too_many_attempts(request, rate.duration, login=True))
            used.append(usage)
        self._login_failed_rl_usage = ratelimit.RateLimitUsage(usage=[u for usage in used for u in usage.usage])

    def get_logout_redirect_url(self, request):
        """The home page in the language the person was using: allauth's default ("/") would
        have the language guessed again from the browser."""
        return reverse("wagtail_serve", args=[""])

    def send_mail(self, template_prefix, email, context):
        """Queue the email in the outbox instead of sending it. An allauth email without a
        kind here (say, after turning on allauth's notification emails) is an error at the
        event, not a silently lost message."""
        try:
            kind, ids_from = ALLAUTH_EMAILS[template_prefix]
        except KeyError:
            raise LookupError(f"No outbox kind for allauth's email {template_prefix!r}") from None
        outbox.enqueue(
            # Each request is its own event: asking twice for a reset sends two emails.
            key=f"{kind}:{uuid.uuid4().hex}",
            kind=kind,
            recipient=email,
            language=recipient_language(email, context.get("user")),
            context=ids_from(email, context),
        )
