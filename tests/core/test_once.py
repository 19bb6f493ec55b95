"""The one double-submit guard (leeratelier.core.once): a token the site made and signed, claimed
once per person; a second submit of the same form saves nothing and ends where the first did; a
missing or forged token is a clear message in the form, never a 500."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation
from django.utils.html import escape

from leeratelier.core import once
from leeratelier.toolbox.models import MethodExperience
from tests.toolbox.conftest import *  # noqa: F403  (methods and the atelier people)
from tests.toolbox.test_experiences import share_url


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


class Form(once.OnceForm):
    pass


def request_of(user=None):
    request = RequestFactory().post("/")
    request.user = user or AnonymousUser()
    return request


def test_a_new_form_carries_a_token_the_site_accepts():
    token = Form().initial["form_token"]
    assert once.is_valid(token) and len(token) == 64
    assert Form().initial["form_token"] != token
    assert Form({"form_token": token}).is_valid()


@pytest.mark.parametrize("sent", ["", "abc", "0" * 64, "forged-token"])
def test_a_missing_or_forged_token_is_a_clear_error(sent):
    form = Form({"form_token": sent} if sent else {})
    assert not form.is_valid()
    assert form.errors["form_token"] == [str(once.INVALID)]


def test_a_token_changed_in_one_digit_is_refused():
    token = once.new_token()
    forged = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert not Form({"form_token": forged}).is_valid()


def test_a_token_is_claimed_once_settled_and_freed():
    form = Form({"form_token": once.new_token()})
    assert form.is_valid()
    request = request_of()
    assert once.earlier(request, form) is None
    assert once.claim(request, form) is True
    assert once.earlier(request, form) == once.PENDING
    assert once.claim(request, form) is False  # the double submit
    once.settle(request, form, 42)
    assert once.earlier(request, form) == 42 and once.claim(request, form) is False
    once.settle(request, form, None)  # nothing was saved: the form may be sent again
    assert once.earlier(request, form) is None and once.claim(request, form) is True


@pytest.mark.django_db
def test_claims_are_per_person(member, coordinator):
    form = Form({"form_token": once.new_token()})
    assert form.is_valid()
    assert once.claim(request_of(member), form)
    assert once.claim(request_of(coordinator), form)


@pytest.mark.django_db
def test_a_repeated_post_saves_once_and_ends_where_the_first_did(client, methods, member):
    client.force_login(member)
    method = methods[0]
    token = client.get(method.url).context["experience_form"].initial["form_token"]
    data = {"text": "Eén keer geplaatst.", "form_token": token, "atelier": ""}
    first = client.post(share_url(method), data)
    second = client.post(share_url(method), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert MethodExperience.objects.filter(text="Eén keer geplaatst.").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("sent", [None, "0" * 64])
def test_a_post_without_a_valid_token_saves_nothing_and_says_why(client, methods, member, sent):
    client.force_login(member)
    data = {"text": "Zonder geldig formulier.", "atelier": ""}
    if sent is not None:
        data["form_token"] = sent
    response = client.post(share_url(methods[0]), data)
    assert response.status_code == 200
    assert not MethodExperience.objects.exists()
    with translation.override("nl"):
        message = escape(str(once.INVALID))
    assert message in response.content.decode()
