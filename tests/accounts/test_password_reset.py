"""Resetting a password: the email goes through the outbox with a token made at send time;
its link sets a new password once; each request is its own email."""

import pytest
from django.core import mail

from leeratelier.core.models import OutboxEmail

from .conftest import link_in

NEW_PASSWORD = "Een-heel-nieuw-wachtwoord-77"


def ask_for_reset(client, capture, email):
    with capture(execute=True):
        return client.post("/en/accounts/password/reset/", {"email": email})


@pytest.mark.django_db
class TestPasswordReset:
    def test_the_emailed_link_sets_a_new_password_once(self, client, member, django_capture_on_commit_callbacks):
        member.profile.language = "en"
        member.profile.save()

        response = ask_for_reset(client, django_capture_on_commit_callbacks, member.email)

        assert response["Location"] == "/en/accounts/password/reset/done/"
        row = OutboxEmail.objects.get()
        assert (row.kind, row.context, row.language) == ("account-password-reset", {"user": member.pk}, "en")
        message = mail.outbox[0]
        assert message.to == [member.email]
        assert message.subject == "Choose a new password for Leeratelier"
        assert "expires after 3 days" in message.body
        link = link_in(message)
        assert link.startswith("/en/accounts/password/reset/key/")

        form_page = client.get(link, follow=True)
        assert "<h1>Choose a new password</h1>" in form_page.content.decode()
        set_password_url = form_page.redirect_chain[-1][0]
        done = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
        assert "<h1>Your password has been changed</h1>" in done.content.decode()
        member.refresh_from_db()
        assert member.check_password(NEW_PASSWORD)

        again = client.get(link, follow=True)
        assert "<h1>This link no longer works</h1>" in again.content.decode()

    def test_each_request_is_its_own_email(self, client, member, django_capture_on_commit_callbacks):
        ask_for_reset(client, django_capture_on_commit_callbacks, member.email)
        ask_for_reset(client, django_capture_on_commit_callbacks, member.email)

        rows = OutboxEmail.objects.filter(kind="account-password-reset")
        assert rows.count() == 2
        assert len({row.key for row in rows}) == 2
        assert len(mail.outbox) == 2

    def test_an_unknown_address_is_told_there_is_no_account(self, client, db, django_capture_on_commit_callbacks):
        response = ask_for_reset(client, django_capture_on_commit_callbacks, "nobody@example.org")

        # Same page as for a known address: the form does not reveal who has an account.
        assert response["Location"] == "/en/accounts/password/reset/done/"
        row = OutboxEmail.objects.get()
        assert (row.kind, row.context, row.language) == ("account-unknown", {}, "en")
        assert mail.outbox[0].to == ["nobody@example.org"]
        assert "https://leeratelier.example.org/en/accounts/signup/" in mail.outbox[0].body
