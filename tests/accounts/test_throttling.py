"""Guessing passwords is throttled: after five failures for one account even the right password
is refused for a while, with a message saying why; too many requests from one address get a
"too many attempts" page (429), never a server error."""

import pytest

from .conftest import PASSWORD

LOGIN = "/en/accounts/login/"


@pytest.mark.django_db
class TestLoginThrottling:
    def test_after_five_failures_the_account_is_locked_for_a_while(self, client, member):
        for attempt in range(5):
            response = client.post(LOGIN, {"login": member.email, "password": f"wrong-{attempt}"})
            assert response.status_code == 200
            assert "The email address and/or password you specified are not correct." in response.content.decode()

        response = client.post(LOGIN, {"login": member.email, "password": PASSWORD})

        assert response.status_code == 200
        assert "Too many failed login attempts. Try again later." in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_the_message_is_in_the_language_of_the_page(self, client, member):
        for attempt in range(6):
            response = client.post("/nl/accounts/login/", {"login": member.email, "password": f"wrong-{attempt}"})

        assert '<html lang="nl">' in response.content.decode()
        assert "Te veel inlogpogingen. Probeer het later nogmaals." in response.content.decode()

    def test_too_many_requests_from_one_address_get_a_429_page(self, client, member, settings):
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
        for attempt in range(3):
            client.post(LOGIN, {"login": f"someone-{attempt}@example.org", "password": "guess"})

        response = client.post(LOGIN, {"login": member.email, "password": PASSWORD})

        assert response.status_code == 429
        html = response.content.decode()
        assert '<html lang="en">' in html
        assert "<h1>Too many attempts</h1>" in html
        assert "_auth_user_id" not in client.session
