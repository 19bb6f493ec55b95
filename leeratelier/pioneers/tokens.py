"""The two links a pioneer gets by email.

- The verification link holds the submission id, signed with a timestamp: it works for 30 days,
  as long as an unverified submission is kept (see services.purge_unverified).
- The private link (to propose changes, add outcomes or withdraw consent) holds the id and the
  submission's ``secret``, signed. It does not expire; replacing the secret revokes it.
"""

import hmac

from django.core import signing

VERIFY_SALT = "leeratelier.pioneers.verify"
MANAGE_SALT = "leeratelier.pioneers.manage"
VERIFY_MAX_AGE = 60 * 60 * 24 * 30


def verify_token(submission):
    return signing.TimestampSigner(salt=VERIFY_SALT).sign(str(submission.pk))


def read_verify_token(token):
    """The submission id, or raise signing.BadSignature (SignatureExpired is one)."""
    return int(signing.TimestampSigner(salt=VERIFY_SALT).unsign(token, max_age=VERIFY_MAX_AGE))


def manage_token(submission):
    return signing.Signer(salt=MANAGE_SALT).sign(f"{submission.pk}.{submission.secret}")


def read_manage_token(token):
    """(submission id, secret), or raise signing.BadSignature."""
    value = signing.Signer(salt=MANAGE_SALT).unsign(token)
    pk, _, secret = value.partition(".")
    return int(pk), secret


def secret_matches(submission, secret):
    return hmac.compare_digest(submission.secret, secret)
