"""An invitation binds to the invited address (issue 20, part 2): anyone else signed in who holds
the link is told to sign in with the invited address and nothing changes; the invited person's
own click then still works. Only an invitation the coordinator made for "anyone with this link"
is accepted by any account, and that choice shows on the invitation and in the coordinator's list."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation

from leeratelier.ateliers.models import Invitation, Membership
from leeratelier.core.factories import UserFactory

INVITED = "uitgenodigd@example.org"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def account(username, email, verified=True):
    user = UserFactory(username=username, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def invite(client, coordinator, atelier, anyone=False):
    client.force_login(coordinator)
    data = {"email": INVITED, **({"anyone_with_link": "on"} if anyone else {})}
    response = client.post(reverse("ateliers:members_invite", args=[atelier.pk]), data)
    assert response.status_code == 302
    client.logout()
    invitation = Invitation.objects.get(email=INVITED)
    from leeratelier.ateliers.tokens import invitation_token

    return invitation, reverse("ateliers:accept_invitation", args=[invitation_token(invitation)])


def is_member(user, atelier):
    return Membership.objects.filter(user=user, atelier_key=atelier.translation_key, status="active").exists()


@pytest.mark.django_db
def test_a_forwarded_link_does_not_let_another_account_in(client, coordinator, hidden_atelier):
    invitation, path = invite(client, coordinator, hidden_atelier)
    holder = account("doorgestuurd", "iemand-anders@example.org")
    client.force_login(holder)

    opened = client.get(path)
    posted = client.post(path)

    for response in (opened, posted):
        assert response.status_code == 403
        assert "Sign out and sign in with the invited address" in response.content.decode()
    assert not is_member(holder, hidden_atelier)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None

    invited = account("uitgenodigd", INVITED)
    client.force_login(invited)
    assert client.get(path).status_code == 200
    accepted = client.post(path)
    assert accepted.status_code == 302
    assert is_member(invited, hidden_atelier)


@pytest.mark.django_db
def test_an_unverified_copy_of_the_address_is_not_enough(client, coordinator, hidden_atelier):
    _invitation, path = invite(client, coordinator, hidden_atelier)
    squatter = account("kaper", "kaper@example.org")
    EmailAddress.objects.create(user=squatter, email=INVITED, verified=False, primary=False)
    client.force_login(squatter)

    assert client.post(path).status_code == 403
    assert not is_member(squatter, hidden_atelier)


@pytest.mark.django_db
def test_an_invitation_for_anyone_with_the_link(client, coordinator, hidden_atelier):
    _invitation, path = invite(client, coordinator, hidden_atelier, anyone=True)
    client.force_login(coordinator)
    members_page = client.get(reverse("ateliers:members", args=[hidden_atelier.pk])).content.decode()
    assert "anyone with this link" in members_page
    client.logout()

    someone = account("iemand", "iemand@example.org")
    client.force_login(someone)
    page = client.get(path)
    assert page.status_code == 200
    assert "for anyone who has it" in page.content.decode()
    assert client.post(path).status_code == 302
    assert is_member(someone, hidden_atelier)


@pytest.mark.django_db
def test_the_email_names_the_address_to_sign_in_with(
    client, coordinator, hidden_atelier, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ateliers:members_invite", args=[hidden_atelier.pk]), {"email": INVITED})

    assert INVITED in mail.outbox[-1].body
