"""Signed links: guest registration confirmation and invitations. The token holds a row id,
signed with the site's secret and a salt per purpose, so it cannot be forged or reused for
another purpose; the row's state makes it single-use."""

from django.core import signing

GUEST_SALT = "leeratelier.ateliers.guest-registration"
INVITATION_SALT = "leeratelier.ateliers.invitation"
GUEST_MAX_AGE = 60 * 60 * 24 * 7  # a week
INVITATION_MAX_AGE = 60 * 60 * 24 * 14  # two weeks


def guest_token(registration):
    return signing.TimestampSigner(salt=GUEST_SALT).sign(str(registration.pk))


def read_guest_token(token):
    """The registration id, or raise signing.BadSignature / SignatureExpired."""
    return int(signing.TimestampSigner(salt=GUEST_SALT).unsign(token, max_age=GUEST_MAX_AGE))


def invitation_token(invitation):
    return signing.TimestampSigner(salt=INVITATION_SALT).sign(str(invitation.pk))


def read_invitation_token(token):
    return int(signing.TimestampSigner(salt=INVITATION_SALT).unsign(token, max_age=INVITATION_MAX_AGE))
