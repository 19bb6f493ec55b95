"""A member leaves an atelier themselves (issue 14 part 5): a confirmation page that says what
happens, places at coming meetings given to the waitlist, the audit log, and the last
coordinator kept from leaving with a clear message."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

from leeratelier.ateliers import services
from leeratelier.ateliers.factories import ExpertMeetingPageFactory, MembershipFactory
from leeratelier.ateliers.models import ExpertMeetingPage, Membership, Registration
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import AuditEvent


def leave_url(atelier):
    with translation.override("nl"):
        return reverse("ateliers:leave", args=[atelier.pk])


def test_the_atelier_page_links_to_leaving_for_members_only(client, member, outsider, public_atelier):
    client.force_login(member)
    assert leave_url(public_atelier) in client.get(public_atelier.url).content.decode()
    client.force_login(outsider)
    assert leave_url(public_atelier) not in client.get(public_atelier.url).content.decode()
    assert client.get(leave_url(public_atelier)).status_code == 404
    client.logout()
    assert client.get(leave_url(public_atelier)).status_code == 302


def test_a_member_leaves_and_gives_up_coming_places(client, member, public_atelier):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, capacity=1)
    past = ExpertMeetingPageFactory(parent=public_atelier)
    services.register(meeting, user=member)
    services.register(past, user=member)
    ExpertMeetingPage.objects.filter(pk=past.pk).update(
        start=timezone.now() - timedelta(days=3), end=timezone.now() - timedelta(days=3, hours=-2)
    )
    waiting = UserFactory(username="wachter")
    MembershipFactory(atelier=public_atelier, user=waiting)
    services.register(meeting, user=waiting)

    client.force_login(member)
    page = client.get(leave_url(public_atelier)).content.decode()
    assert "1 komende bijeenkomst" in page and "wachtlijst" in page
    assert client.post(leave_url(public_atelier), {}).status_code == 400  # the box not ticked
    assert Membership.objects.of_atelier(public_atelier).filter(user=member).exists()

    response = client.post(leave_url(public_atelier), {"confirm": "on"}, follow=True)
    body = response.content.decode()
    assert "Je hebt het atelier verlaten." in body and "nu voor iemand anders" in body
    assert not Membership.objects.of_atelier(public_atelier).filter(user=member).exists()
    assert Registration.objects.of_meeting(meeting).get(user=member).status == "cancelled"
    assert Registration.objects.of_meeting(meeting).get(user=waiting).status == "confirmed"
    assert Registration.objects.of_meeting(past).get(user=member).status == "confirmed"  # history stays
    event = AuditEvent.objects.get(action="membership.left", atelier_key=public_atelier.translation_key)
    assert event.actor == member and event.details["places_given_up"] == 1


def test_the_last_coordinator_cannot_leave(client, coordinator, public_atelier):
    client.force_login(coordinator)
    page = client.get(leave_url(public_atelier)).content.decode()
    assert "laatste coördinator" in page and 'name="confirm"' not in page
    response = client.post(leave_url(public_atelier), {"confirm": "on"}, follow=True)
    assert "altijd een coördinator" in response.content.decode()
    assert Membership.objects.of_atelier(public_atelier).coordinators().filter(user=coordinator).exists()


def test_a_coordinator_with_a_colleague_can_leave(client, coordinator, public_atelier):
    MembershipFactory(atelier=public_atelier, user=UserFactory(username="collega"), role=Membership.Role.COORDINATOR)
    client.force_login(coordinator)
    client.post(leave_url(public_atelier), {"confirm": "on"})
    assert not Membership.objects.of_atelier(public_atelier).filter(user=coordinator).exists()


def test_leaving_a_hidden_atelier_lands_on_my_page(client, member, hidden_atelier):
    client.force_login(member)
    response = client.post(leave_url(hidden_atelier), {"confirm": "on"})
    with translation.override("nl"):
        assert response["Location"] == reverse("ateliers:my_page")
    assert client.get(hidden_atelier.url).status_code == 404
