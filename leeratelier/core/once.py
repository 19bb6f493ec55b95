"""The double-submit guard, once for every form that makes something (a case, a reflection, a
contribution, a cycle, a report, an experience, a practice submission).

A form carries a one-time token in a hidden field. The token is a random nonce followed by an
HMAC of it (keyed by the site's secret), so a token the site did not hand out is refused with a
message that asks to send the form again, never a 500. On POST the view *claims* the token with
an atomic ``cache.add`` (shared by the workers), so of two submits of the same form only the
first saves; it then *settles* the claim with what it made (the second submit can show that) or
frees it when nothing was saved (the form may be sent again).

- In the form: ``form_token = once.TokenField()`` and ``once.start(self)`` in ``__init__`` (or
  subclass ``OnceForm``, which does both).
- In the view, after ``form.is_valid()``: ``once.earlier(request, form)`` (None for a fresh form,
  ``once.PENDING`` while the first submit is saving, else what ``settle`` recorded),
  ``once.claim(request, form)`` (True for the first submit) and ``once.settle(request, form, made)``
  (``made`` None frees the token again).

The claim is per person (a visitor's claims share one scope; the token's 128 random bits keep
them apart). A model that keeps the token (``form_token`` with a unique constraint) stays a
second line when the cache was emptied between two submits.
"""

import re
import uuid

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

FIELD = "form_token"
TIMEOUT = 24 * 3600  # a form left open for longer than a day may be sent once more
PENDING = "pending"
SALT = "leeratelier.core.once"
NONCE_LENGTH = 32
TOKEN_LENGTH = 64  # fits the models' form_token columns (max_length 64)

INVALID = _("This form could not be checked: it may be old or incomplete. Please send it again.")


def _mac(nonce):
    return salted_hmac(SALT, nonce).hexdigest()[: TOKEN_LENGTH - NONCE_LENGTH]


def new_token():
    """A fresh token: 32 random hex digits and their HMAC (64 hex digits in all)."""
    nonce = uuid.uuid4().hex
    return nonce + _mac(nonce)


def is_valid(token):
    """True for a token this site handed out (whatever its age)."""
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH:
        return False
    return constant_time_compare(_mac(token[:NONCE_LENGTH]), token[NONCE_LENGTH:])


class TokenField(forms.CharField):
    """The hidden token field. Missing or not made here: the form's error summary says so."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", TOKEN_LENGTH)
        kwargs.setdefault("error_messages", {"required": INVALID, "max_length": INVALID})
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if not is_valid(value):
            raise ValidationError(INVALID, code="invalid_token")


def start(form):
    """Give an unbound form its token (a bound form keeps the posted one)."""
    if not form.is_bound:
        form.initial.setdefault(FIELD, new_token())


class OnceForm(forms.Form):
    """A form that carries the one-time token."""

    form_token = TokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start(self)


def _key(request, form):
    user = getattr(request, "user", None)
    scope = user.pk if user is not None and user.is_authenticated else "visitor"
    return f"once:{scope}:{form.cleaned_data[FIELD]}"


def earlier(request, form):
    """What an earlier submit of this form made (what ``settle`` recorded, or ``PENDING`` while
    it is being saved), or None for a fresh form."""
    return cache.get(_key(request, form))


def claim(request, form):
    """Claim the form's token: True for the first submit of this form, False for a double submit,
    which must save nothing again. Atomic, so of two simultaneous submits only one wins."""
    return cache.add(_key(request, form), PENDING, TIMEOUT)


def settle(request, form, made=None):
    """Record what the submit made (an id), or free the token (``made`` None: nothing was saved,
    the same form may be sent again)."""
    if made is None:
        cache.delete(_key(request, form))
    else:
        cache.set(_key(request, form), made, TIMEOUT)


# A token as a form renders it (a HiddenInput): ``renew`` finds it in a page's HTML.
_RENDERED = re.compile(rf'(<input type="hidden" name="{FIELD}" value=")[0-9a-f]{{{TOKEN_LENGTH}}}(")')


def renew(html):
    """``html`` with a fresh token in every form of it: a page kept in the cache and served to
    its reader again (core.generations, core.fragments.render) must not hand out a token it handed
    out before, or a second form sent from it would count as a double submit and be dropped."""
    return _RENDERED.sub(lambda match: match.group(1) + new_token() + match.group(2), html)
