"""Deleting one's account: confirmed with the password, everything in one transaction; what one
wrote stays as "a former member" or is removed, as chosen; seats go to the waitlist; an atelier
that loses its last coordinator is reported to the site editors."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from leeratelier.accounts.models import Profile
from leeratelier.ateliers import services as atelier_services
from leeratelier.ateliers.factories import ExpertMeetingPageFactory, MembershipFactory
from leeratelier.ateliers.models import Membership, Registration
from leeratelier.cases import services as case_services
from leeratelier.cases.models import Pseudonym, Reflection
from leeratelier.core import outbox, privacy
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import AuditEvent, OutboxEmail

pytestmark = pytest.mark.django_db
PASSWORD = "demo-wachtwoord"  # UserFactory's


def delete(client, user, contributions="keep", password=PASSWORD, confirm=True):
    client.force_login(user)
    data = {"contributions": contributions, "password": password}
    if confirm:
        data["confirm"] = "on"
    return client.post(reverse("accounts:delete_account"), data)


@pytest.fixture
def thread(public_atelier, member, outsider):
    """A case by the member, with a reflection by the member and one by someone else."""
    MembershipFactory(atelier=public_atelier, user=outsider)
    case = case_services.post_case(
        public_atelier,
        member,
        title="Wonen zonder vaste plek",
        situation="Een jongere slaapt bij vrienden.",
        question="Wat kun je doen?",
        anonymised_confirmed=True,
        pseudonym_name="Merel",
    )
    own = case_services.reflect(case, member, "experience", "Mijn eigen ervaring met dakloosheid.")
    other = case_services.reflect(case, outsider, "question", "Is er een netwerk om hem heen?", reply_to=own)
    return case, own, other


def test_confirmation_page_asks_choice_password_and_consent(client, member):
    client.force_login(member)
    page = client.get(reverse("accounts:delete_account")).content.decode()
    assert "<legend>" in page and 'type="password"' in page and 'type="checkbox"' in page


def test_wrong_password_deletes_nothing(client, member):
    response = delete(client, member, password="niet-mijn-wachtwoord")
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert get_user_model().objects.filter(pk=member.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ACCOUNT_DELETED).exists()


def test_without_ticking_the_box_nothing_happens(client, member):
    assert delete(client, member, confirm=False).status_code == 200
    assert get_user_model().objects.filter(pk=member.pk).exists()


def test_keep_what_i_wrote_as_former_member(client, member, thread):
    case, own, other = thread
    member_pk, email = member.pk, member.email
    EmailAddress.objects.create(user=member, email=email, verified=True, primary=True)
    response = delete(client, member, contributions="keep")
    assert response.status_code == 302

    assert not get_user_model().objects.filter(pk=member_pk).exists()
    assert not Profile.objects.filter(user_id=member_pk).exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert not Membership.objects.filter(user_id=member_pk).exists()
    assert not Pseudonym.objects.filter(user_id=member_pk).exists()
    case.refresh_from_db()
    own.refresh_from_db()
    assert case.author is None and case.title == "Wonen zonder vaste plek" and not case.is_removed
    assert own.author is None and own.body.startswith("Mijn eigen ervaring")

    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.ACCOUNT_DELETED)
    assert event.actor is None and event.actor_label == f"#{member_pk}"
    assert event.details == {"keep_contributions": True}
    assert email not in str(list(AuditEvent.objects.values_list("details", flat=True)))

    assert "_auth_user_id" not in client.session  # signed out


def test_remove_what_i_wrote_keeps_the_thread_readable(client, member, thread, public_atelier):
    case, own, other = thread
    delete(client, member, contributions="remove")
    case.refresh_from_db()
    own.refresh_from_db()
    other.refresh_from_db()
    assert case.is_removed and case.title == "" and case.situation == ""
    assert own.is_removed and own.body == ""
    assert other.body == "Is er een netwerk om hem heen?" and other.reply_to_id == own.pk
    assert Reflection.objects.filter(case=case).count() == 2
    assert AuditEvent.objects.get(action=AuditEvent.Action.ACCOUNT_DELETED).details == {"keep_contributions": False}


def test_removed_case_shows_the_placeholder_to_members(client, member, thread, outsider):
    case, own, other = thread
    delete(client, member, contributions="remove")
    client.force_login(outsider)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Wonen zonder vaste plek" not in page and "Mijn eigen ervaring" not in page
    assert "Is er een netwerk om hem heen?" in page


def test_seat_goes_to_the_waitlist(client, public_atelier, member, outsider):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, title="Volle zaal", capacity=1)
    MembershipFactory(atelier=public_atelier, user=outsider)
    seat = atelier_services.register(meeting, user=member)
    waiting = atelier_services.register(meeting, user=outsider)
    assert (seat.status, waiting.status) == (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
    delete(client, member)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert OutboxEmail.objects.filter(kind="meeting-waitlist-promoted", recipient=outsider.email).count() == 1
    assert not Registration.objects.filter(user_id=member.pk).exists()


def test_last_coordinator_leaving_is_told_to_the_site_editors(
    client, coordinator, editor, public_atelier, hidden_atelier
):
    editor.email = "redactie@example.org"
    editor.save()
    delete(client, coordinator)
    notices = OutboxEmail.objects.filter(kind="atelier-last-coordinator-left")
    assert notices.count() == 2 and set(notices.values_list("recipient", flat=True)) == {"redactie@example.org"}
    texts = [outbox.render(notice) for notice in notices]
    assert {
        any(atelier.title in message.subject for atelier in (public_atelier, hidden_atelier)) for message in texts
    } == {True}
    for message in texts:
        assert coordinator.first_name not in message.body and coordinator.email not in message.body
        assert "/members/" in message.body


def test_no_notice_while_another_coordinator_remains(client, coordinator, editor, public_atelier, hidden_atelier):
    for atelier in (public_atelier, hidden_atelier):
        MembershipFactory(
            atelier=atelier, user=UserFactory(username=f"co-{atelier.pk}"), role=Membership.Role.COORDINATOR
        )
    delete(client, coordinator)
    assert not OutboxEmail.objects.filter(kind="atelier-last-coordinator-left").exists()


def test_a_failing_step_leaves_the_account_as_it_was(member, public_meeting):
    registration = atelier_services.register(public_meeting, user=member)

    def broken(user, keep_contributions):
        raise RuntimeError("disk full")

    privacy.register_eraser(broken)
    try:
        with pytest.raises(RuntimeError):
            privacy.erase_account(member, keep_contributions=True)
    finally:
        privacy._erasers.remove(broken)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert get_user_model().objects.filter(pk=member.pk).exists()
    assert Membership.objects.filter(user=member).count() == 2
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ACCOUNT_DELETED).exists()


def test_library_shows_a_former_member(client, member, thread, outsider, public_atelier):
    case, own, other = thread
    delete(client, member, contributions="keep")
    client.force_login(outsider)
    page = client.get(reverse("cases:library", args=[public_atelier.pk])).content.decode()
    assert "Wonen zonder vaste plek" in page and "een oud-lid" in page
    assert member.last_name not in page
