"""Known devices: a failed-login limit per account must slow a guesser down, not lock the owner out.

allauth counts failed logins per address and per account (ACCOUNT_RATE_LIMITS["login_failed"]).
The per-account count is what stops a guesser who spreads over many addresses, but on its own it
lets anyone refuse the owner's correct password by failing five times. The way out is OWASP's
"device cookie" pattern: a browser in which someone signed in successfully keeps a signed cookie
naming that account, and a login for that account from such a browser is counted per address
only. A new browser of the owner, during an attack, signs in through a password-reset link
(allauth clears the account's count when the password is set).
"""

from django.conf import settings
from django.core import signing

COOKIE = "lt_device"
SALT = "leeratelier.accounts.devices"
MAX_AGE = 180 * 24 * 3600
MAX_ACCOUNTS = 5  # a shared computer remembers the last few people who signed in on it


def known_accounts(request):
    """The account ids this browser signed in to, from the signed cookie (empty if none)."""
    value = request.COOKIES.get(COOKIE)
    if not value:
        return []
    try:
        ids = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return []
    return [pk for pk in ids if isinstance(pk, int)] if isinstance(ids, list) else []


def is_known_device(request, login):
    """Whether this browser signed in before to the account with the email address ``login``."""
    ids = known_accounts(request)
    if not ids or not login:
        return False
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    return (
        EmailAddress.objects.filter(user_id__in=ids, email__iexact=login, verified=True).exists()
        or get_user_model().objects.filter(pk__in=ids, email__iexact=login).exists()
    )


def remember(request, response, user):
    """After a successful sign-in: this browser is a known device of ``user``."""
    ids = [user.pk] + [pk for pk in known_accounts(request) if pk != user.pk]
    response.set_cookie(
        COOKIE,
        signing.dumps(ids[:MAX_ACCOUNTS], salt=SALT),
        max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
