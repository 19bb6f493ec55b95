"""The coordinator's members page, invitations and the attendee list, through their URLs: who may
open them, what each action changes, and which emails go out (once)."""

import csv
import io
import re
import threading
import time
import uuid

import pytest
from allauth.account.models import EmailAddress
from django.core import signing
from django.db import connection
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from leeratelier.ateliers import services
from leeratelier.ateliers.factories import MembershipFactory, RegistrationFactory
from leeratelier.ateliers.models import Invitation, Membership, Registration
from leeratelier.ateliers.tokens import INVITATION_MAX_AGE, INVITATION_SALT, invitation_token
from leeratelier.core import outbox
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import OutboxEmail
from leeratelier.notifications.models import Notification


def members_url(atelier):
    return reverse("ateliers:members", args=[atelier.pk])


def action_url(name, atelier, membership):
    return reverse(f"ateliers:{name}", args=[atelier.pk, membership.pk])


def membership_of(user, atelier):
    return Membership.objects.of_atelier(atelier).filter(user=user).first()


@pytest.fixture
def applicant(public_atelier):
    """Someone who asked to join the public atelier, with a motivation."""
    user = UserFactory(username="applicant", first_name="Aya", last_name="Aanvrager")
    MembershipFactory(
        atelier=public_atelier,
        user=user,
        status=Membership.Status.REQUESTED,
        motivation="Ik werk als buurtcoach in Lingewaard.",
    )
    return user


# --- who may open the pages -------------------------------------------------------------------


@pytest.mark.parametrize("which", ["public_atelier", "hidden_atelier"])
def test_members_page_sends_visitors_to_login(db, client, request, which):
    """``db`` is named so pytest-django orders this test before the transactional ones, whose
    flush would leave no page tree behind."""
    atelier = request.getfixturevalue(which)
    response = client.get(members_url(atelier))
    assert response.status_code == 302
    assert "/login/" in response["Location"] and "next=" in response["Location"]


@pytest.mark.parametrize("which", ["public_atelier", "hidden_atelier"])
def test_members_page_is_a_plain_404_for_non_members(client, request, outsider, which):
    atelier = request.getfixturevalue(which)
    client.force_login(outsider)
    response = client.get(members_url(atelier))
    assert response.status_code == 404
    assert atelier.title not in response.content.decode()


def test_members_page_and_attendee_list_are_a_404_for_members(client, member, hidden_atelier, hidden_meeting):
    client.force_login(member)
    for url in (
        members_url(hidden_atelier),
        reverse("ateliers:attendees", args=[hidden_meeting.pk]),
        reverse("ateliers:attendees_csv", args=[hidden_meeting.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Besloten" not in response.content.decode() and "Geheime" not in response.content.decode()


def test_member_cannot_post_actions(client, member, public_atelier, applicant):
    client.force_login(member)
    request = membership_of(applicant, public_atelier)
    response = client.post(action_url("members_decide", public_atelier, request), {"decision": "approve"})
    assert response.status_code == 404
    assert membership_of(applicant, public_atelier).status == Membership.Status.REQUESTED


def test_coordinator_sees_requests_with_motivation_and_members(client, coordinator, member, applicant, public_atelier):
    client.force_login(coordinator)
    response = client.get(members_url(public_atelier))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ik werk als buurtcoach in Lingewaard." in body
    assert "Mila Lid" in body and "Cor Dinator" in body


def test_editor_may_manage_any_atelier(client, editor, hidden_atelier):
    client.force_login(editor)
    assert client.get(members_url(hidden_atelier)).status_code == 200


def test_coordinator_cannot_touch_another_ateliers_membership(client, public_atelier, hidden_atelier, applicant):
    """A membership id of atelier B through atelier A's URL is a 404."""
    other = UserFactory(username="elsewhere")
    MembershipFactory(atelier=public_atelier, user=other, role=Membership.Role.COORDINATOR)
    client.force_login(other)
    hidden_request = MembershipFactory(atelier=hidden_atelier, user=UserFactory(), status=Membership.Status.REQUESTED)
    response = client.post(action_url("members_decide", public_atelier, hidden_request), {"decision": "approve"})
    assert response.status_code == 404
    hidden_request.refresh_from_db()
    assert hidden_request.status == Membership.Status.REQUESTED


# --- join requests ----------------------------------------------------------------------------


@pytest.mark.parametrize("decision, status", [("approve", "active"), ("decline", "declined")])
def test_deciding_a_request_emails_the_person_once(client, coordinator, applicant, public_atelier, decision, status):
    client.force_login(coordinator)
    url = action_url("members_decide", public_atelier, membership_of(applicant, public_atelier))
    for _ in range(2):
        assert client.post(url, {"decision": decision}).status_code == 302
    assert membership_of(applicant, public_atelier).status == status
    # The notifications component tells the person ("join-decided"), once.
    emails = OutboxEmail.objects.filter(kind="notification", recipient=applicant.email)
    [notification] = Notification.objects.filter(kind="join-decided", recipient=applicant)
    assert notification.variant == ("approved" if decision == "approve" else "declined")
    assert [email.context["notification"] for email in emails] == [notification.pk]


# --- roles and removal ------------------------------------------------------------------------


def test_make_coordinator_and_back(client, coordinator, member, public_atelier):
    client.force_login(coordinator)
    url = action_url("members_set_role", public_atelier, membership_of(member, public_atelier))
    client.post(url, {"role": "coordinator"})
    assert membership_of(member, public_atelier).role == Membership.Role.COORDINATOR
    client.post(url, {"role": "member"})
    assert membership_of(member, public_atelier).role == Membership.Role.MEMBER


def test_removing_takes_a_confirmation(client, coordinator, member, public_atelier):
    client.force_login(coordinator)
    url = action_url("members_remove", public_atelier, membership_of(member, public_atelier))
    page = client.get(url)
    assert page.status_code == 200 and 'name="confirm"' in page.content.decode()
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 400
    assert membership_of(member, public_atelier) is not None
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert membership_of(member, public_atelier) is None


def test_last_coordinator_can_be_neither_removed_nor_demoted(client, coordinator, public_atelier):
    client.force_login(coordinator)
    mine = membership_of(coordinator, public_atelier)
    removed = client.post(action_url("members_remove", public_atelier, mine), {"confirm": "on"}, follow=True)
    demoted = client.post(action_url("members_set_role", public_atelier, mine), {"role": "member"}, follow=True)
    for response in (removed, demoted):
        assert (
            "at least one coordinator" in response.content.decode()
            or "altijd een coördinator" in response.content.decode()
        )
    mine.refresh_from_db()
    assert mine.is_coordinator


def test_a_coordinator_may_step_down_when_another_remains(client, coordinator, member, public_atelier):
    services.set_role(membership_of(member, public_atelier), Membership.Role.COORDINATOR, by=coordinator)
    client.force_login(coordinator)
    response = client.post(
        action_url("members_set_role", public_atelier, membership_of(coordinator, public_atelier)), {"role": "member"}
    )
    assert response.status_code == 302 and response["Location"] == public_atelier.url
    assert membership_of(coordinator, public_atelier).role == Membership.Role.MEMBER


def test_deactivated_coordinator_does_not_count_as_the_remaining_one(coordinator, member, public_atelier):
    services.set_role(membership_of(member, public_atelier), Membership.Role.COORDINATOR, by=coordinator)
    member.is_active = False
    member.save()
    with pytest.raises(services.NotAllowed):
        services.remove_member(membership_of(coordinator, public_atelier), by=coordinator)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_coordinators_demoting_each_other_at_once_leave_one():
    """The rule needs memberships only, no page tree: a transactional test may start after
    another one has flushed the database."""
    atelier_key = uuid.uuid4()
    people = [UserFactory(username=f"co{n}") for n in range(2)]
    memberships = [
        MembershipFactory(atelier_key=atelier_key, user=user, role=Membership.Role.COORDINATOR) for user in people
    ]
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def demote(membership, by):
        try:
            barrier.wait(timeout=10)
            services.set_role(membership, Membership.Role.MEMBER, by=by)
            outcomes.append("demoted")
        except services.NotAllowed:
            outcomes.append("refused")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=demote, args=(memberships[0], people[1])),
        threading.Thread(target=demote, args=(memberships[1], people[0])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert sorted(outcomes) == ["demoted", "refused"]
    assert Membership.objects.coordinators().filter(atelier_key=atelier_key).count() == 1


# --- invitations ------------------------------------------------------------------------------


def invite(client, coordinator, atelier, email="nieuw@example.org"):
    client.force_login(coordinator)
    response = client.post(reverse("ateliers:members_invite", args=[atelier.pk]), {"email": email})
    assert response.status_code == 302
    client.logout()
    return Invitation.objects.get(atelier_key=atelier.translation_key, email=email)


def link_in_email(invitation):
    email = OutboxEmail.objects.get(kind="atelier-invitation", context__invitation=invitation.pk)
    message = outbox.render(email)
    return re.search(r"https?://\S+/invitation/\S+/", message.body).group(0), message


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_invitation_emails_a_signed_link_to_the_address(client, coordinator, hidden_atelier):
    invitation = invite(client, coordinator, hidden_atelier)
    link, message = link_in_email(invitation)
    assert message.to == ["nieuw@example.org"]
    assert hidden_atelier.title in message.subject
    assert invitation_token(invitation).split(":")[0] in link
    assert OutboxEmail.objects.filter(kind="atelier-invitation").count() == 1


def test_invitation_link_works_once(client, coordinator, hidden_atelier, hidden_meeting):
    invitation = invite(client, coordinator, hidden_atelier)
    link, _message = link_in_email(invitation)
    path = path_of(link)

    visitor = client.get(path)
    assert visitor.status_code == 302 and "/login/" in visitor["Location"] and "next=" in visitor["Location"]

    newcomer = UserFactory(username="newcomer", email="nieuw@example.org")
    EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=True, primary=True)
    client.force_login(newcomer)
    assert client.get(path).status_code == 200
    assert membership_of(newcomer, hidden_atelier) is None  # opening the link changes nothing
    accepted = client.post(path)
    assert accepted.status_code == 302
    membership = membership_of(newcomer, hidden_atelier)
    assert membership.is_active and membership.role == Membership.Role.MEMBER
    assert client.get(hidden_meeting.url).status_code == 200

    second_person = UserFactory(username="forwarded")
    client.force_login(second_person)
    for reused in (client.get(path), client.post(path)):
        assert reused.status_code == 400
        assert "This link does not work" in reused.content.decode() or "werkt niet" in reused.content.decode()
    assert membership_of(second_person, hidden_atelier) is None


def test_tampered_invitation_link_grants_nothing(client, coordinator, hidden_atelier, outsider):
    invitation = invite(client, coordinator, hidden_atelier)
    value, timestamp, signature = invitation_token(invitation).split(":")
    forged = f"{invitation.pk + 1}:{timestamp}:{signature}"
    client.force_login(outsider)
    for token in (forged, "not-a-token", invitation_token(invitation)[:-2]):
        response = client.post(reverse("ateliers:accept_invitation", args=[token]))
        assert response.status_code == 400
    assert membership_of(outsider, hidden_atelier) is None


def test_expired_invitation_link_grants_nothing(client, coordinator, hidden_atelier, outsider):
    invitation = invite(client, coordinator, hidden_atelier)
    signer = signing.TimestampSigner(salt=INVITATION_SALT)
    long_ago = signing.b62_encode(int(time.time()) - INVITATION_MAX_AGE - 60)
    expired = signing.Signer.sign(signer, f"{invitation.pk}:{long_ago}")
    client.force_login(outsider)
    response = client.post(reverse("ateliers:accept_invitation", args=[expired]))
    assert response.status_code == 400
    assert membership_of(outsider, hidden_atelier) is None
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_inviting_an_active_member_is_refused(client, coordinator, member, public_atelier):
    client.force_login(coordinator)
    response = client.post(
        reverse("ateliers:members_invite", args=[public_atelier.pk]), {"email": member.email}, follow=True
    )
    assert member.email in response.content.decode()
    assert not Invitation.objects.exists()


def test_invitation_turns_a_pending_request_into_membership(coordinator, applicant, public_atelier):
    EmailAddress.objects.create(user=applicant, email=applicant.email, verified=True, primary=True)
    invitation = services.invite(public_atelier, applicant.email, by=coordinator, language="nl")
    services.accept_invitation(invitation, applicant)
    assert membership_of(applicant, public_atelier).is_active


def test_invalid_email_shows_the_form_error(client, coordinator, public_atelier):
    client.force_login(coordinator)
    response = client.post(reverse("ateliers:members_invite", args=[public_atelier.pk]), {"email": "geen adres"})
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert not Invitation.objects.exists()


# --- the attendee list ------------------------------------------------------------------------


@pytest.fixture
def english_meeting(public_meeting):
    english = public_meeting.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    return english.specific


def test_attendee_list_holds_both_language_versions(
    client, coordinator, member, public_atelier, public_meeting, english_meeting
):
    english_reader = UserFactory(username="reader", first_name="Emma", last_name="English")
    MembershipFactory(atelier=public_atelier, user=english_reader)
    services.register(public_meeting, user=member, language="nl")
    services.register(english_meeting, user=english_reader, language="en")
    client.force_login(coordinator)
    for meeting in (public_meeting, english_meeting):
        page = client.get(reverse("ateliers:attendees", args=[meeting.pk])).content.decode()
        assert "Mila Lid" in page and "Emma English" in page
        response = client.get(reverse("ateliers:attendees_csv", args=[meeting.pk]))
        assert response["Content-Type"].startswith("text/csv")
        assert public_meeting.title not in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert len(rows) == 3
        emails = {row[1] for row in rows[1:]}
        assert emails == {member.email, english_reader.email}


def test_attendee_csv_defuses_formulas(client, coordinator, public_meeting):
    RegistrationFactory(
        meeting=public_meeting,
        user=None,
        guest_name='=HYPERLINK("http://evil.example")',
        guest_email="@evil@example.org",
        status=Registration.Status.UNCONFIRMED,
    )
    client.force_login(coordinator)
    response = client.get(reverse("ateliers:attendees_csv", args=[public_meeting.pk]))
    row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1]
    assert row[0] == '\'=HYPERLINK("http://evil.example")'
    assert row[1] == "'@evil@example.org"


def test_attendee_list_sends_visitors_to_login(client, hidden_meeting):
    response = client.get(reverse("ateliers:attendees_csv", args=[hidden_meeting.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(("language", "separator", "name"), [("nl", ";", "Naam"), ("en", ",", "Name")])
def test_attendee_csv_is_separated_for_the_readers_spreadsheet(
    client, coordinator, member, public_meeting, english_meeting, language, separator, name
):
    """Through the link on the attendee list in each language: ';' for a Dutch reader (Dutch Excel
    reads a comma-separated file as one column), ',' for an English one."""
    services.register(public_meeting, user=member, language="nl")
    meeting = {"nl": public_meeting, "en": english_meeting}[language]
    client.force_login(coordinator)
    with translation.override(language):
        attendees_url = reverse("ateliers:attendees", args=[meeting.pk])
    assert attendees_url.startswith(f"/{language}/")
    page = client.get(attendees_url).content.decode()
    export_url = re.search(r'href="([^"]+\.csv)"', page).group(1)
    assert export_url.startswith(f"/{language}/")
    response = client.get(export_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    first_line, second_line = text.splitlines()[:2]
    other = "," if separator == ";" else ";"
    assert first_line.startswith(name + separator) and first_line.count(separator) == 4, first_line
    assert other not in first_line
    row = next(csv.reader(io.StringIO(second_line), delimiter=separator))
    assert row[:2] == ["Mila Lid", member.email] and len(row) == 5
