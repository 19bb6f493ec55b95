"""Fixtures for the accounts tests: people with and without a verified address, and a clean
rate-limit cache (allauth counts attempts in the cache, which outlives a test)."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache

PASSWORD = "Zeven-lange-woorden-2026"
SITE_URL = "https://leeratelier.example.org"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE_URL


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_person(email, verified=True, first_name="Anna", last_name="de Vries"):
    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=PASSWORD, first_name=first_name, last_name=last_name
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.fixture
def member(db):
    """Someone with a confirmed address who can sign in."""
    return make_person("anna@example.org")


@pytest.fixture
def unverified(db):
    """Someone who signed up but never followed the confirmation link."""
    return make_person("bram@example.org", verified=False, first_name="Bram", last_name="Jansen")


def link_in(message):
    """The path of the first link to the site in an email's text."""
    match = re.search(re.escape(SITE_URL) + r"(/\S+)", message.body)
    assert match, f"No link to the site in:\n{message.body}"
    return urlsplit(match.group(0)).path
