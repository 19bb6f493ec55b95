"""Signing up: one confirmation email through the outbox, in the language of the sign-up page,
whose link verifies the address; until then, signing in is refused with a clear message."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from leeratelier.core import outbox
from leeratelier.core.models import OutboxEmail

from .conftest import PASSWORD, link_in

SIGNUP = {
    "first_name": "Sanne",
    "last_name": "O'Brien",
    "email": "Sanne@Example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def sign_up(client, capture, language="en", **data):
    with capture(execute=True):
        return client.post(f"/{language}/accounts/signup/", {**SIGNUP, **data})


@pytest.mark.django_db
class TestSignup:
    def test_signup_queues_one_confirmation_whose_link_verifies_the_address(
        self, client, django_capture_on_commit_callbacks
    ):
        response = sign_up(client, django_capture_on_commit_callbacks)

        assert response.status_code == 302
        assert response["Location"] == "/en/accounts/confirm-email/"
        user = get_user_model().objects.get(email="sanne@example.org")
        assert (user.first_name, user.last_name) == ("Sanne", "O'Brien")
        address = EmailAddress.objects.get(user=user)
        assert not address.verified

        row = OutboxEmail.objects.get()
        assert row.kind == "account-email-confirmation"
        assert row.context == {"email_address": address.pk, "signup": True}  # ids, no key or link
        assert row.language == "en"
        assert row.status == OutboxEmail.Status.SENT
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["sanne@example.org"]
        assert message.subject == "Confirm your email address for Leeratelier"
        assert "Hello Sanne O'Brien," in message.body  # plain text, not HTML-escaped

        path = link_in(message)
        assert path.startswith("/en/accounts/confirm-email/")
        page = client.get(path)
        assert page.status_code == 200
        assert "sanne@example.org" in page.content.decode()
        client.post(path)
        address.refresh_from_db()
        assert address.verified

        assert outbox.send_pending() == {"sent": 0, "failed": 0}
        assert len(mail.outbox) == 1  # sent once

    def test_the_language_of_the_signup_page_is_the_language_of_the_emails(
        self, client, django_capture_on_commit_callbacks
    ):
        sign_up(client, django_capture_on_commit_callbacks, language="nl")

        user = get_user_model().objects.get(email="sanne@example.org")
        assert user.profile.language == "nl"
        assert OutboxEmail.objects.get().language == "nl"
        assert link_in(mail.outbox[0]).startswith("/nl/accounts/confirm-email/")

    def test_an_address_in_use_gets_an_email_instead_of_a_second_account(
        self, client, member, django_capture_on_commit_callbacks
    ):
        response = sign_up(client, django_capture_on_commit_callbacks, email=member.email)

        # The page says the same as for a new address, so it does not reveal who has an account.
        assert response["Location"] == "/en/accounts/confirm-email/"
        assert get_user_model().objects.count() == 1
        assert OutboxEmail.objects.get().kind == "account-already-exists"
        message = mail.outbox[0]
        assert message.to == [member.email]
        # In the language the account holder chose (Dutch), not that of the page used.
        assert OutboxEmail.objects.get().language == "nl"
        assert "https://leeratelier.example.org/nl/accounts/password/reset/" in message.body

    def test_errors_are_shown_next_to_the_fields(self, client, db):
        response = client.post("/en/accounts/signup/", {**SIGNUP, "first_name": "", "password2": "something else"})

        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="id_first_name_error"' in html
        assert 'aria-describedby="id_first_name_error"' in html
        assert "You must type the same password each time." in html
        assert not get_user_model().objects.exists()


@pytest.mark.django_db
class TestUnverifiedLogin:
    def test_signing_in_before_confirming_is_refused_with_a_clear_message(
        self, client, unverified, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/en/accounts/login/", {"login": unverified.email, "password": PASSWORD}, follow=True
            )

        assert "_auth_user_id" not in client.session
        assert response.redirect_chain[-1][0] == "/en/accounts/confirm-email/"
        html = response.content.decode()
        assert "<h1>Confirm your email address</h1>" in html
        assert "You can sign in once your email address is confirmed." in html
        # A fresh link, through the outbox, so a lost first email is no dead end; in the
        # language Bram chose for his emails (Dutch).
        assert OutboxEmail.objects.get().context["signup"] is False
        assert link_in(mail.outbox[0]).startswith("/nl/accounts/confirm-email/")

    def test_after_confirming_signing_in_works(self, client, member):
        response = client.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})

        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(member.pk)
