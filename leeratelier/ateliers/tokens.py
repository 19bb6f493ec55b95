"""Signed links: guest registration confirmation, the guest's own link and invitations. The token holds a row id,
signed with the site's secret and a salt per purpose, so it cannot be forged or reused for
another purpose; the row's state makes it single-use."""

from django.core import signing

GUEST_SALT = "leeratelier.ateliers.guest-registration"
GUEST_LINK_SALT = "leeratelier.ateliers.guest-own-link"
INVITATION_SALT = "leeratelier.ateliers.invitation"
GUEST_MAX_AGE = 60 * 60 * 24 * 7  # a week
INVITATION_MAX_AGE = 60 * 60 * 24 * 14  # two weeks
# The guest's own link (cancel, see, erase) works for half a year after the email was sent;
# registrations of guests are erased some time after the meeting anyway.
GUEST_LINK_MAX_AGE = 60 * 60 * 24 * 183


def guest_token(registration):
    return signing.TimestampSigner(salt=GUEST_SALT).sign(str(registration.pk))


def read_guest_token(token):
    """The registration id, or raise signing.BadSignature / SignatureExpired."""
    return int(signing.TimestampSigner(salt=GUEST_SALT).unsign(token, max_age=GUEST_MAX_AGE))


def invitation_token(invitation):
    return signing.TimestampSigner(salt=INVITATION_SALT).sign(str(invitation.pk))


def read_invitation_token(token):
    return int(signing.TimestampSigner(salt=INVITATION_SALT).unsign(token, max_age=INVITATION_MAX_AGE))


def guest_link_token(registration):
    """The guest's own link to their registration. It holds the moment they registered too, so
    a link from before a cancellation does not work on a registration made again later."""
    value = f"{registration.pk}:{registration.created_at.timestamp():.0f}"
    return signing.TimestampSigner(salt=GUEST_LINK_SALT).sign(value)


def read_guest_link_token(token):
    """(registration id, registered-at timestamp), or raise signing.BadSignature /
    SignatureExpired (a subclass) / ValueError."""
    value = signing.TimestampSigner(salt=GUEST_LINK_SALT).unsign(token, max_age=GUEST_LINK_MAX_AGE)
    pk, registered = value.split(":")
    return int(pk), int(registered)
