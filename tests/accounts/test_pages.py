"""The account pages inside the site's layout, in Dutch and English, and the header's account
area: sign-in links when signed out, the person's name and a sign-out button when signed in."""

import re

import pytest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation

from .conftest import PASSWORD

SIGNED_OUT_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
SIGNED_IN_PAGES = ["accounts:profile", "account_logout", "account_email", "account_change_password"]


def url(name, language):
    with translation.override(language):
        return reverse(name)


def assert_site_page(response, language):
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert 'class="site-header"' in html and 'class="site-footer"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
class TestAccountPages:
    @pytest.mark.parametrize("name", SIGNED_OUT_PAGES)
    def test_signed_out_pages(self, client, home_pages, language, name):
        assert_site_page(client.get(url(name, language)), language)

    @pytest.mark.parametrize("name", SIGNED_IN_PAGES)
    def test_signed_in_pages(self, client, home_pages, member, language, name):
        client.force_login(member)
        assert_site_page(client.get(url(name, language)), language)

    def test_an_invalid_confirmation_link_explains_itself(self, client, home_pages, language):
        with translation.override(language):
            link = reverse("account_confirm_email", args=["not-a-key"])
        assert_site_page(client.get(link), language)

    def test_form_fields_have_labels(self, client, home_pages, language):
        html = client.get(url("account_signup", language)).content.decode()
        for field in ["first_name", "last_name", "email", "password1", "password2"]:
            assert f'<label for="id_{field}">' in html


@pytest.mark.django_db
class TestDutchPages:
    def test_login_form_uses_dutch_labels_and_errors(self, client, member):
        response = client.post("/nl/accounts/login/", {"login": member.email, "password": "fout"})
        html = response.content.decode()
        assert "Wachtwoord" in html
        assert "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct." in html


@pytest.mark.django_db
class TestHeader:
    def test_signed_out_the_header_offers_sign_in_and_create_account(self, client, home_pages):
        html = client.get("/en/").content.decode()
        # No next: signing in from a public page lands on "Mijn leeratelier".
        assert '<a href="/en/accounts/login/">Sign in</a>' in html
        assert '<a href="/en/accounts/signup/">Create account</a>' in html
        assert "Sign out" not in html

    def test_signed_in_the_header_shows_the_name_and_a_sign_out_button(self, client, home_pages, member):
        client.force_login(member)
        html = client.get("/en/").content.decode()
        assert '<a href="/en/accounts/profile/"><bdi>Anna de Vries</bdi></a>' in html
        form = re.search(r'<form method="post" action="/en/accounts/logout/">(.*?)</form>', html, re.S)
        assert form and 'name="csrfmiddlewaretoken"' in form.group(1)
        assert "Sign in</a>" not in html

    def test_without_a_name_the_header_shows_the_email_address(self, client, home_pages, member):
        member.first_name = member.last_name = ""
        member.save()
        client.force_login(member)
        assert '<a href="/en/accounts/profile/"><bdi>anna@example.org</bdi></a>' in client.get("/en/").content.decode()


@pytest.mark.django_db
class TestSignOut:
    def test_signing_out_is_a_post(self, client, member):
        client.force_login(member)

        page = client.get("/en/accounts/logout/")
        assert page.status_code == 200
        assert "_auth_user_id" in client.session  # a GET only asks

        response = client.post("/en/accounts/logout/")
        assert "_auth_user_id" not in client.session
        assert response["Location"] == "/en/"  # the home page, in the language in use

    def test_signing_in_leads_to_the_configured_page_or_back(self, client, member, settings):
        response = client.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})
        with translation.override("en"):
            assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)

        client.logout()
        response = client.post(
            "/en/accounts/login/", {"login": member.email, "password": PASSWORD, "next": "/en/accounts/profile/"}
        )
        assert response["Location"] == "/en/accounts/profile/"
