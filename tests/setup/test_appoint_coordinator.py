"""An editor gives a new atelier its first coordinator from the Wagtail admin: the button on
the atelier page, a person with an account appointed at once, an address without an account
invited as coordinator (accepting the invitation makes them coordinator), in the audit log;
someone who may not edit the atelier page is refused."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail

from leeratelier.ateliers import services
from leeratelier.ateliers.factories import AtelierPageFactory
from leeratelier.ateliers.models import Invitation, Membership
from leeratelier.core import outbox
from leeratelier.core import setup as core_setup
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import AuditEvent
from leeratelier.core.sitesetup import SetupContext
from tests.ateliers.conftest import atelier_index


@pytest.fixture
def editor(db):
    user = UserFactory(username="redacteur")
    group, _ = Group.objects.get_or_create(name="Editors")
    core_setup.groups(SetupContext(out=io.StringIO()))  # the Editors' permissions
    user.groups.add(group)
    return user


@pytest.fixture
def new_atelier(atelier_index):
    return AtelierPageFactory(parent=atelier_index, title="Leeratelier Wonen")


def dutch(message):
    """The admin speaks the site's first language here: Dutch."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("nl"):
        return gettext(message)


def url(atelier):
    return f"/admin/ateliers/{atelier.pk}/coordinator/"


def test_the_atelier_page_in_the_admin_offers_the_button(client, editor, new_atelier):
    client.force_login(editor)
    html = client.get(f"/admin/pages/{new_atelier.get_parent().pk}/").content.decode()
    assert url(new_atelier) in html
    assert dutch("This atelier has no coordinator yet.") in client.get(url(new_atelier)).content.decode()


def test_a_person_with_an_account_becomes_coordinator_at_once(client, editor, new_atelier):
    person = UserFactory(username="anke", email="anke@example.org")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    client.force_login(editor)
    response = client.post(url(new_atelier), {"email": "Anke@example.org"}, follow=True)
    assert (
        dutch("%(email)s is now a coordinator of this atelier.") % {"email": "Anke@example.org"}
        in response.content.decode()
    )
    membership = Membership.objects.get(user=person, atelier_key=new_atelier.translation_key)
    assert membership.is_active and membership.role == Membership.Role.COORDINATOR
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGED).exists()


def test_an_address_without_an_account_is_invited_as_coordinator(client, editor, new_atelier):
    client.force_login(editor)
    response = client.post(url(new_atelier), {"email": "nieuw@example.org"}, follow=True)
    assert (
        dutch("We sent %(email)s an invitation to become coordinator.") % {"email": "nieuw@example.org"}
        in response.content.decode()
    )
    invitation = Invitation.objects.get(email="nieuw@example.org")
    assert invitation.role == Membership.Role.COORDINATOR
    outbox.send_pending()
    assert [message.to for message in mail.outbox] == [["nieuw@example.org"]]
    newcomer = UserFactory(username="nieuw", email="nieuw@example.org")
    EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=True, primary=True)
    membership = services.accept_invitation(invitation, newcomer)
    assert membership.role == Membership.Role.COORDINATOR


def test_bad_input_and_someone_without_the_right_are_refused(client, editor, new_atelier):
    client.force_login(editor)
    response = client.post(url(new_atelier), {"email": "geen-adres"})
    assert response.status_code == 200 and Invitation.objects.count() == 0
    outsider = UserFactory(username="buiten", is_staff=True)
    client.force_login(outsider)
    assert client.get(url(new_atelier)).status_code in (302, 403)
