"""Guessing passwords is slowed down, and the owner is never locked out.

After five failures for one account within five minutes, more attempts for that account from
browsers it never signed in from get the "too many attempts" page (429, Retry-After: 300, "about
5 minutes"). The owner's browser, in which they signed in before, is counted per address only,
so their correct password still works; from a new browser they sign in through a password-reset
link, which clears the account's count. Too many requests from one address get a 429 page too.
"""

import pytest
from django.core import mail
from django.test import Client

from .conftest import PASSWORD, link_in

LOGIN = "/en/accounts/login/"


def fail_five_times(client, user):
    for attempt in range(5):
        response = client.post(LOGIN, {"login": user.email, "password": f"wrong-{attempt}"})
        assert response.status_code == 200
        assert "The email address and/or password you specified are not correct." in response.content.decode()


@pytest.mark.django_db
class TestLoginThrottling:
    def test_after_five_failures_a_stranger_waits_with_a_429(self, client, member):
        fail_five_times(client, member)

        response = client.post(LOGIN, {"login": member.email, "password": PASSWORD})

        assert response.status_code == 429
        assert response["Retry-After"] == "300"
        html = response.content.decode()
        assert "<h1>Too many attempts</h1>" in html
        assert "about 5 minutes" in html
        assert "/en/accounts/password/reset/" in html  # the owner's way in at once
        assert "_auth_user_id" not in client.session

    def test_the_page_is_in_the_language_of_the_page(self, client, member):
        for attempt in range(6):
            response = client.post("/nl/accounts/login/", {"login": member.email, "password": f"wrong-{attempt}"})

        assert response.status_code == 429
        html = response.content.decode()
        assert '<html lang="nl">' in html
        assert "<h1>Te veel pogingen</h1>" in html
        assert "ongeveer 5 minuten" in html

    def test_the_owners_own_browser_still_signs_in(self, member):
        owner = Client()
        assert owner.post(LOGIN, {"login": member.email, "password": PASSWORD}).status_code == 302
        owner.post("/en/accounts/logout/")
        attacker = Client(REMOTE_ADDR="203.0.113.9")
        fail_five_times(attacker, member)
        assert attacker.post(LOGIN, {"login": member.email, "password": PASSWORD}).status_code == 429

        response = owner.post(LOGIN, {"login": member.email, "password": PASSWORD})

        assert response.status_code == 302
        assert owner.session["_auth_user_id"] == str(member.pk)

    def test_a_forged_device_cookie_counts_for_nothing(self, client, member):
        client.cookies["lt_device"] = "[1,2,3]"
        fail_five_times(client, member)
        assert client.post(LOGIN, {"login": member.email, "password": PASSWORD}).status_code == 429

    def test_a_password_reset_link_lets_the_owner_in_from_a_new_browser(
        self, client, member, django_capture_on_commit_callbacks
    ):
        fail_five_times(Client(REMOTE_ADDR="203.0.113.9"), member)
        assert client.post(LOGIN, {"login": member.email, "password": PASSWORD}).status_code == 429

        with django_capture_on_commit_callbacks(execute=True):
            client.post("/en/accounts/password/reset/", {"email": member.email})
        form_page = client.get(link_in(mail.outbox[-1]), follow=True)
        new_password = "Een-heel-nieuw-wachtwoord-2026"
        done = client.post(form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
        assert done.status_code == 302

        response = client.post(LOGIN, {"login": member.email, "password": new_password})

        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(member.pk)

    def test_too_many_requests_from_one_address_get_a_429_page(self, client, member, settings):
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
        for attempt in range(3):
            client.post(LOGIN, {"login": f"someone-{attempt}@example.org", "password": "guess"})

        response = client.post(LOGIN, {"login": member.email, "password": PASSWORD})

        assert response.status_code == 429
        assert response["Retry-After"] == "60"
        html = response.content.decode()
        assert '<html lang="en">' in html
        assert "<h1>Too many attempts</h1>" in html
        assert "about a minute" in html
        assert "_auth_user_id" not in client.session
