"""Every POST where abuse is plausible is rate-limited: the request over the limit gets the
shared "try again later" page (429, in the page's language) and writes nothing.

Limits: sign-up and sign-in through allauth (ACCOUNT_RATE_LIMITS), join requests, meeting
registrations (guests too) and reports through django-ratelimit (10 an hour per person, or per
address for someone not signed in). Every 429 carries Retry-After with the limit's window, and
the page says that wait in words."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from leeratelier.ateliers.factories import AtelierPageFactory, ExpertMeetingPageFactory
from leeratelier.ateliers.models import Membership, Registration
from leeratelier.cases import services
from leeratelier.cases.models import Report

from .conftest import CASE

LIMIT = 10  # per hour, the rate in the views' @ratelimit lines


@pytest.fixture(autouse=True)
def rate_limits_on(settings):
    settings.RATELIMIT_ENABLE = True


def assert_try_again_later(response, language="en", window=3600):
    assert response.status_code == 429
    assert response["Retry-After"] == str(window)
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert {"en": "<h1>Too many attempts</h1>", "nl": "<h1>Te veel pogingen</h1>"}[language] in html
    words = {
        3600: {"en": "about an hour", "nl": "ongeveer een uur"},
        60: {"en": "about a minute", "nl": "ongeveer een minuut"},
    }[window][language]
    assert words in html
    if language == "en":
        assert "try again later" in html


def test_join_requests(client, outsider, atelier_index):
    ateliers = [AtelierPageFactory(parent=atelier_index, title=f"Atelier {n}") for n in range(LIMIT + 1)]
    client.force_login(outsider)
    for atelier in ateliers[:LIMIT]:
        response = client.post(f"/en/atelier/{atelier.pk}/join/", {"motivation": "Graag!"})
        assert response.status_code == 302
    assert Membership.objects.filter(user=outsider).count() == LIMIT

    blocked = client.post(f"/en/atelier/{ateliers[-1].pk}/join/", {"motivation": "Nog een"})

    assert_try_again_later(blocked)
    assert Membership.objects.filter(user=outsider).count() == LIMIT
    # Reading is never limited.
    assert client.get(f"/en/atelier/{ateliers[-1].pk}/join/").status_code == 200


def test_guest_registrations_from_one_address(client, public_atelier):
    meetings = [ExpertMeetingPageFactory(parent=public_atelier, guests_allowed=True) for _ in range(2)]
    for n in range(LIMIT):
        response = client.post(
            f"/en/meeting/{meetings[0].pk}/register/", {"name": f"Gast {n}", "email": f"gast{n}@example.org"}
        )
        assert response.status_code == 302
    before = Registration.objects.count()

    blocked = client.post(f"/en/meeting/{meetings[1].pk}/register/", {"name": "Spam", "email": "spam@example.org"})

    assert_try_again_later(blocked)
    assert Registration.objects.count() == before
    assert not Registration.objects.filter(guest_email="spam@example.org").exists()


def test_member_registrations(client, member, public_atelier):
    meetings = [ExpertMeetingPageFactory(parent=public_atelier) for _ in range(LIMIT + 1)]
    client.force_login(member)
    for meeting in meetings[:LIMIT]:
        assert client.post(f"/nl/meeting/{meeting.pk}/register/").status_code == 302

    blocked = client.post(f"/nl/meeting/{meetings[-1].pk}/register/")

    assert_try_again_later(blocked, language="nl")
    assert not Registration.objects.filter(meeting_key=meetings[-1].translation_key).exists()


def test_reports(client, hidden_atelier, member, case):
    posts = [services.reflect(case, member, kind="experience", body=f"Reflectie {n}") for n in range(LIMIT + 1)]
    client.force_login(member)
    for reflection in posts[:LIMIT]:
        response = client.post(reverse("cases:report", args=["reflection", reflection.pk]), {"reason": "other"})
        assert response.status_code == 302

    blocked = client.post(f"/en/reflection/{posts[-1].pk}/report/", {"reason": "identifiable", "note": ""})

    assert_try_again_later(blocked)
    assert not Report.objects.filter(reflection=posts[-1]).exists()
    posts[-1].refresh_from_db()
    assert not posts[-1].is_hidden  # the blocked report did not hide the post either


def test_one_persons_limit_is_not_anothers(client, member, outsider, public_atelier, atelier_index):
    ateliers = [AtelierPageFactory(parent=atelier_index) for _ in range(LIMIT + 1)]
    client.force_login(outsider)
    for atelier in ateliers:
        client.post(f"/en/atelier/{atelier.pk}/join/", {"motivation": ""})
    client.force_login(get_user_model().objects.create_user("someone-else", "else@example.org", "x"))
    assert client.post(f"/en/atelier/{ateliers[-1].pk}/join/", {"motivation": ""}).status_code == 302


def test_sign_up(client, db):
    """allauth's own limit (ACCOUNT_RATE_LIMITS["signup"], 20 a minute per address)."""
    for n in range(20):
        client.post("/en/accounts/signup/", {"email": f"nope{n}@example.org", "password1": "x", "password2": "y"})

    blocked = client.post(
        "/en/accounts/signup/",
        {
            "email": "real@example.org",
            "first_name": "Echt",
            "last_name": "Mens",
            "password1": CASE["question"],
            "password2": CASE["question"],
        },
    )

    assert_try_again_later(blocked, window=60)
    assert not get_user_model().objects.filter(email="real@example.org").exists()


def test_failed_logins_for_one_account_answer_429_and_spare_the_owners_browser(client, member):
    """allauth's per-account limit (5 in 5 minutes) answers 429, not the form with status 200;
    a browser the owner signed in from before is not held by it."""
    from allauth.account.models import EmailAddress
    from django.test import Client

    member.set_password(CASE["question"])
    member.save()
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    owner = Client()
    assert owner.post("/en/accounts/login/", {"login": member.email, "password": CASE["question"]})
    owner.post("/en/accounts/logout/")
    for attempt in range(5):
        assert client.post("/en/accounts/login/", {"login": member.email, "password": f"x{attempt}"}).status_code == 200

    blocked = client.post("/en/accounts/login/", {"login": member.email, "password": CASE["question"]})

    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "300"
    assert "about 5 minutes" in blocked.content.decode()
    assert owner.post("/en/accounts/login/", {"login": member.email, "password": CASE["question"]}).status_code == 302


@pytest.mark.parametrize(
    "rate, seconds, words",
    [
        ("10/h", 3600, "about an hour"),
        ("5/h", 3600, "about an hour"),
        ("20/m/ip", 60, "about a minute"),
        ("5/5m/key", 300, "about 5 minutes"),
        ("1/180s/key", 180, "about 3 minutes"),
        ("3/d", 86400, "about 24 hours"),
    ],
)
def test_every_window_has_its_words(rate, seconds, words):
    from django.utils import translation

    from leeratelier.core.ratelimit import wait_in_words, window_seconds

    assert window_seconds(rate) == seconds
    with translation.override("en"):
        assert wait_in_words(seconds) == words


def test_the_cache_check_refuses_a_cache_that_counts_nothing(settings):
    from leeratelier.core.ratelimit import check_ratelimit_cache

    assert check_ratelimit_cache(None) == []  # the local-memory cache: per process, still a limit
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert [error.id for error in check_ratelimit_cache(None)] == ["leeratelier.E102"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}}
    assert [error.id for error in check_ratelimit_cache(None)] == ["leeratelier.W101"]
