"""An editor gives a new atelier its first coordinator in the Wagtail admin, in a browser: signs
in to the admin, opens "Appoint a coordinator" from the atelier's page, first sends the form
empty and then with an address that is not one (and reads the error each time), then invites an
address without an account. The invitation is in the outbox; the invitee makes an account,
opens the link from the email, accepts, and is the atelier's coordinator. Two-factor sign-in is
off in the tests.
"""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from leeratelier.ateliers.factories import AtelierIndexPageFactory, AtelierPageFactory
from leeratelier.ateliers.models import Invitation, Membership
from leeratelier.core import outbox
from leeratelier.core import setup as core_setup
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import OutboxEmail
from leeratelier.core.sitesetup import SetupContext

PASSWORD = "demo-wachtwoord"  # UserFactory's
INVITEE = "nieuwe.coordinator@example.org"


def dutch(message):
    with translation.override("nl"):
        return gettext(message)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def new_atelier(site):
    cache.clear()  # rate limits are counted in the cache, which outlives a test
    index = AtelierIndexPageFactory(parent=site.home)
    yield AtelierPageFactory(parent=index, title="Leeratelier Wonen")
    cache.clear()


@pytest.fixture
def editor(site):
    core_setup.groups(SetupContext(out=io.StringIO()))
    user = UserFactory(username="redacteur", email="redacteur@example.org")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_an_editor_appoints_the_first_coordinator_of_a_new_atelier(site, new_atelier, editor, page):
    page.set_default_navigation_timeout(30_000)  # the admin's first page is slow on a busy machine
    # The editor signs in to the Wagtail admin and opens the new atelier's page there.
    page.goto(site("/admin/login/"))
    page.locator("#id_username").fill(editor.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/admin/login/"))
    page.goto(site(f"/admin/pages/{new_atelier.get_parent().pk}/"))
    appoint_link = page.locator(f'a[href="/admin/ateliers/{new_atelier.pk}/coordinator/"]').first
    if not appoint_link.is_visible():  # in the row's "more" menu: open it
        page.locator(f"button[data-w-dropdown-target=toggle][aria-label*='{new_atelier.title}']").first.click()
    expect(appoint_link).to_have_text(re.compile(dutch("Appoint a coordinator")))
    appoint_link.click()
    expect(page).to_have_url(re.compile(rf"/admin/ateliers/{new_atelier.pk}/coordinator/$"))
    expect(page.get_by_text(dutch("This atelier has no coordinator yet."))).to_be_visible()
    form = page.locator("form", has=page.locator("input[name=email]"))
    appoint = form.get_by_role("button", name=dutch("Appoint"))

    # Bad input: no address, then something that is not an address. The error, nothing made.
    appoint.click()
    expect(page.locator("p.error-message")).to_contain_text(dutch("This field is required."))
    page.locator("input[name=email]").fill("geen-adres")
    page.locator("form", has=page.locator("input[name=email]")).get_by_role("button", name=dutch("Appoint")).click()
    expect(page.locator("p.error-message")).to_contain_text(dutch("Enter a valid email address."))
    expect(page.locator("input[name=email]")).to_have_value("geen-adres")  # what was typed stays
    assert not Invitation.objects.exists() and not OutboxEmail.objects.filter(kind="atelier-invitation").exists()

    # An address without an account: an invitation to become coordinator.
    page.locator("input[name=email]").fill(INVITEE)
    page.locator("form", has=page.locator("input[name=email]")).get_by_role("button", name=dutch("Appoint")).click()
    expect(
        page.get_by_text(dutch("We sent %(email)s an invitation to become coordinator.") % {"email": INVITEE})
    ).to_be_visible()
    assert OutboxEmail.objects.filter(kind="atelier-invitation", recipient=INVITEE).count() == 1
    outbox.send_pending()
    (message,) = [m for m in mail.outbox if INVITEE in m.to]
    assert new_atelier.title in message.body
    accept_url = re.search(r"https?://\S+/invitation/\S+/", message.body).group(0)

    # The invitee makes an account (a verified address), signs in on the site and accepts.
    invitee = UserFactory(username="nieuw", email=INVITEE, first_name="Noor", last_name="Nieuw")
    EmailAddress.objects.create(user=invitee, email=INVITEE, verified=True, primary=True)
    context = page.context.browser.new_context(locale="nl-NL")
    visitor = context.new_page()
    try:
        visitor.goto(site("/nl/accounts/login/"))
        login = visitor.locator("form.account-form")
        login.locator("input[name=login]").fill(INVITEE)
        login.locator("input[name=password]").fill(PASSWORD)
        login.locator("button[type=submit]").click()
        expect(visitor).not_to_have_url(re.compile(r"/accounts/login/"))
        visitor.goto(site(path_of(accept_url)))
        visitor.get_by_role("button", name=dutch("Accept the invitation")).click()
        expect(visitor.locator("h1")).to_contain_text(new_atelier.title)
        expect(visitor.get_by_text(dutch("Welcome! You are now a member of this atelier."))).to_be_visible()
    finally:
        context.close()
    membership = Membership.objects.get(user=invitee, atelier_key=new_atelier.translation_key)
    assert membership.is_active and membership.role == Membership.Role.COORDINATOR

    # Back in the admin, the editor sees the new coordinator.
    page.reload()
    expect(page.get_by_text(INVITEE)).to_be_visible()
