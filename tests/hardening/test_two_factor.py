"""Two-factor sign-in (TOTP): required for the Wagtail admin and for coordinators' own views.

The codes are computed here the way an authenticator app does (RFC 6238: HMAC-SHA1 of the
30-second counter, dynamically truncated to six digits), not by asking allauth for them.
"""

import base64
import hashlib
import hmac
import struct
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.core.factories import UserFactory

PASSWORD = "Zeven-lange-woorden-2026"


def totp_code(secret, at=None):
    """The six-digit code an authenticator app shows for this base32 secret now."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def person(email, **fields):
    user = UserFactory(username=email.split("@")[0], email=email, **fields)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def admin_user(db):
    return person("beheer@example.org", is_staff=True, is_superuser=True)


def sign_in(client, user, secret=None):
    """The site's login: password, then (when the account has an app) the code."""
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    if secret is not None:
        assert response["Location"] == "/en/accounts/2fa/authenticate/"
        response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    return response


# --- the admin ------------------------------------------------------------------------------------


def test_admin_without_an_app_is_refused_and_sent_to_set_one_up(client, admin_user):
    sign_in(client, admin_user)

    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")  # the admin has no language prefix

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/?next=%2Fadmin%2F"
    page = client.get(response["Location"], follow=True)
    html = page.content.decode()
    assert "two-factor sign-in" in html
    assert "Set up an authenticator app" in html
    assert client.get("/admin/pages/").status_code == 302  # every admin page, not only the dashboard


def test_admin_with_an_app_signs_in_with_password_and_code(client, admin_user):
    secret = with_totp(admin_user)

    response = client.post("/en/accounts/login/", {"login": admin_user.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # the password alone does not sign in

    wrong = client.post(
        "/en/accounts/2fa/authenticate/", {"code": "000000" if totp_code(secret) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    right = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)

    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "wagtail" in dashboard.content.decode().lower()


def test_a_code_works_only_once(client, admin_user):
    secret = with_totp(admin_user)
    code = totp_code(secret)
    client.post("/en/accounts/login/", {"login": admin_user.email, "password": PASSWORD})
    client.post("/en/accounts/2fa/authenticate/", {"code": code})
    client.post(reverse("account_logout"))

    client.post("/en/accounts/login/", {"login": admin_user.email, "password": PASSWORD})
    replayed = client.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert replayed.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_session_opened_without_the_code_must_enter_it_before_the_admin(client, admin_user):
    """force_login stands for any way in that skipped the second step."""
    secret = with_totp(admin_user)
    client.force_login(admin_user)

    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/nl/accounts/2fa/reauthenticate/?next=%2Fadmin%2Fpages%2F"  # Dutch first

    confirmed = client.post(response["Location"], {"code": totp_code(secret)})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_the_admin_password_form_is_replaced_by_the_site_login(client, admin_user):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/login/?next=%2Fadmin%2Fpages%2F")

    posted = client.post("/admin/login/", {"username": admin_user.username, "password": PASSWORD})
    assert posted.status_code == 302
    assert "_auth_user_id" not in client.session  # no way in with the password alone

    outside = client.get("/admin/login/?next=https://evil.example/")
    assert outside["Location"].endswith("/accounts/login/?next=%2Fadmin%2F")


def test_people_without_admin_access_see_no_two_factor_demand(client, db):
    reader = person("lezer@example.org")
    client.force_login(reader)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "2fa" not in response["Location"]  # Wagtail's own refusal, not a set-up page


def test_setting_up_the_app_end_to_end(client, admin_user):
    """Sign in with the password, set up the app with a first code, see the recovery codes,
    then enter a fresh code and reach the admin."""
    sign_in(client, admin_user)
    with translation.override("en"):
        activate_url = reverse("mfa_activate_totp")
    # allauth asks for the password again before two-factor settings change.
    reauthenticate = client.get(activate_url)
    assert reauthenticate.status_code == 302 and "/accounts/reauthenticate/" in reauthenticate["Location"]
    assert client.get(reauthenticate["Location"]).status_code == 200
    back = client.post(reauthenticate["Location"], {"password": PASSWORD})
    assert back.status_code == 302
    page = client.get(activate_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert "<script" not in html.split("<main", 1)[-1].split("</main>")[0]
    secret = page.context["form"].secret

    activated = client.post(activate_url, {"code": totp_code(secret)})
    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=admin_user, type=Authenticator.Type.TOTP).exists()
    codes_page = client.get(activated["Location"])
    assert codes_page.status_code == 200
    assert codes_page.content.decode().count("<li><code>") == 10

    # Setting up proved the app works, but the session was not signed in with it: the admin asks once.
    to_admin = client.get("/admin/")
    assert "reauthenticate" in to_admin["Location"]
    confirmed = client.post(to_admin["Location"], {"code": totp_code(secret)})
    assert confirmed["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_signs_in_when_the_phone_is_lost(client, admin_user):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    with_totp(admin_user)
    codes = RecoveryCodes.activate(admin_user).generate_codes()

    client.post("/en/accounts/login/", {"login": admin_user.email, "password": PASSWORD})
    response = client.post("/en/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_code_page_is_in_dutch_too(client, admin_user):
    with_totp(admin_user)
    client.post("/nl/accounts/login/", {"login": admin_user.email, "password": PASSWORD})
    page = client.get("/nl/accounts/2fa/authenticate/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="nl">' in html
    assert '<label for="id_code">' in html


# --- coordinators -----------------------------------------------------------------------------------


@pytest.fixture
def coordinator_user(public_atelier):
    user = person("coordinator@example.org")
    MembershipFactory(atelier=public_atelier, user=user, role=Membership.Role.COORDINATOR)
    return user


def test_coordinator_views_need_the_second_factor(client, coordinator_user, public_atelier):
    members_url = f"/en/atelier/{public_atelier.pk}/members/"
    sign_in(client, coordinator_user)
    refused = client.get(members_url)
    assert refused.status_code == 302
    assert refused["Location"] == "/en/accounts/2fa/totp/activate/?" + urlencode({"next": members_url})

    # Reading the atelier itself needs nothing more.
    assert client.get(public_atelier.url).status_code == 200

    client.post(reverse("account_logout"))
    secret = with_totp(coordinator_user)
    sign_in(client, coordinator_user, secret)
    assert client.get(members_url).status_code == 200


def test_a_plain_member_gets_the_plain_404_not_a_two_factor_page(client, public_atelier):
    member = person("lid@example.org")
    MembershipFactory(atelier=public_atelier, user=member)
    sign_in(client, member)
    assert client.get(f"/en/atelier/{public_atelier.pk}/members/").status_code == 404


def test_setting_up_the_app_keeps_where_the_coordinator_was_going(client, coordinator_user, public_atelier):
    """Sent to set up the app on the way to the member list: after the first code, the recovery
    codes page offers "continue" to the member list, and confirming a code there leads to it."""
    members_url = f"/en/atelier/{public_atelier.pk}/members/"
    sign_in(client, coordinator_user)
    activate = client.get(members_url)["Location"]
    assert activate == "/en/accounts/2fa/totp/activate/?" + urlencode({"next": members_url})
    page = client.get(activate)
    if page.status_code == 302:  # allauth asks for the password again first, and comes back
        assert client.post(page["Location"], {"password": PASSWORD})["Location"] == activate
        page = client.get(activate)
    html = page.content.decode()
    assert f'<input type="hidden" name="next" value="{members_url}">' in html
    secret = page.context["form"].secret
    activated = client.post(activate, {"code": totp_code(secret), "next": members_url})
    assert activated["Location"] == "/en/accounts/2fa/recovery-codes/?" + urlencode({"next": members_url})
    codes = client.get(activated["Location"]).content.decode()
    assert f'href="{members_url}"' in codes
    # The session was opened without the app: one code, then on to the member list.
    confirm = client.get(members_url)["Location"]
    assert "reauthenticate" in confirm and urlencode({"next": members_url}) in confirm
    assert client.post(confirm, {"code": totp_code(secret, time.time() + 30)})["Location"] == members_url
    assert client.get(members_url).status_code == 200


def test_a_foreign_next_is_not_followed_after_setting_up(client, admin_user):
    sign_in(client, admin_user)
    activate = "/en/accounts/2fa/totp/activate/?next=https://evil.example.com/"
    page = client.get(activate)
    if page.status_code == 302:
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get(activate)
    secret = page.context["form"].secret
    activated = client.post(activate, {"code": totp_code(secret), "next": "https://evil.example.com/"})
    assert "evil" not in activated["Location"]
    assert "evil" not in client.get(activated["Location"]).content.decode().split("<main")[1]
