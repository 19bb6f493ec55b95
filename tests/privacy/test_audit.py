"""The audit log: the services write an event in the action's own transaction, and only site
admins read it, in the admin, without being able to change it."""

import pytest
from django.urls import reverse
from django.utils import translation

from leeratelier.ateliers import services as atelier_services
from leeratelier.ateliers.models import AtelierPage, Membership
from leeratelier.cases import services as case_services
from leeratelier.cases.models import Report
from leeratelier.core import audit
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import AuditEvent

Action = AuditEvent.Action


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def test_joining_an_open_atelier_is_recorded(public_atelier, outsider):
    public_atelier.join_mode = AtelierPage.JoinMode.OPEN
    membership = atelier_services.ask_to_join(public_atelier, outsider)
    [event] = events(Action.MEMBERSHIP_JOINED)
    assert event.actor == outsider and event.actor_label == f"#{outsider.pk}"
    assert (event.target_type, event.target_id) == ("ateliers.membership", str(membership.pk))
    assert event.atelier_key == public_atelier.translation_key


def test_role_change_removal_and_invitation_are_recorded(public_atelier, coordinator, member):
    membership = Membership.objects.get(user=member, atelier_key=public_atelier.translation_key)
    atelier_services.set_role(membership, Membership.Role.COORDINATOR, by=coordinator)
    atelier_services.set_role(membership, Membership.Role.MEMBER, by=coordinator)
    atelier_services.invite(public_atelier, "nieuw@example.org", by=coordinator, language="nl")
    atelier_services.remove_member(membership, by=coordinator)
    assert [e.details["role"] for e in events(Action.ROLE_CHANGED)] == ["member", "coordinator"]
    [invited] = events(Action.INVITATION_SENT)
    assert invited.actor == coordinator and "nieuw@example.org" not in str(invited.details)
    [removed] = events(Action.MEMBERSHIP_REMOVED)
    assert removed.details == {"member": member.pk}


def test_leaving_is_recorded_as_leaving(public_atelier, member):
    membership = Membership.objects.get(user=member, atelier_key=public_atelier.translation_key)
    atelier_services.remove_member(membership, by=member)
    assert len(events(Action.MEMBERSHIP_LEFT)) == 1 and not events(Action.MEMBERSHIP_REMOVED)


def test_refused_change_leaves_no_event(public_atelier, coordinator):
    """The last coordinator cannot step down; nothing was done, so nothing is logged."""
    membership = Membership.objects.get(user=coordinator, atelier_key=public_atelier.translation_key)
    with pytest.raises(atelier_services.NotAllowed):
        atelier_services.set_role(membership, Membership.Role.MEMBER, by=coordinator)
    assert not events(Action.ROLE_CHANGED)


def test_moderation_is_recorded(public_atelier, coordinator, member):
    case = case_services.post_case(
        public_atelier, member, title="Casus", situation="s", question="q", anonymised_confirmed=True
    )
    case_services.report(case, coordinator, Report.Reason.IDENTIFIABLE)
    case_services.restore(case, coordinator)
    case_services.hide(case, coordinator, "Te herkenbaar")
    assert [e.action for e in AuditEvent.objects.order_by("id")] == [
        Action.MODERATION_REPORT,
        Action.MODERATION_RESTORE,
        Action.MODERATION_HIDE,
    ]
    assert events(Action.MODERATION_REPORT)[0].details["hidden"] is True


def test_the_label_outlives_the_account(public_atelier, outsider):
    atelier_services.ask_to_join(public_atelier, outsider)
    pk = outsider.pk
    outsider.delete()
    [event] = events(Action.MEMBERSHIP_REQUESTED)
    assert event.actor is None and event.actor_label == f"#{pk}"
    with translation.override("en"):
        assert str(event.actor_display) == f"Former member #{pk}"


def test_system_actions_have_no_actor(db):
    event = audit.record(None, Action.RETENTION_PURGE, purged=3)
    assert event.actor is None and event.actor_label == "" and event.details == {"purged": 3}


# --- reading the log in the admin --------------------------------------------------------------


@pytest.fixture
def site_admin(db):
    return UserFactory(username="site-admin", is_superuser=True, is_staff=True)


def test_site_admin_reads_and_filters_the_log(client, site_admin, public_atelier, outsider, member):
    atelier_services.ask_to_join(public_atelier, outsider)
    membership = Membership.objects.get(user=member, atelier_key=public_atelier.translation_key)
    atelier_services.remove_member(membership, by=member)
    client.force_login(site_admin)
    page = client.get(reverse("audit_log:index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Asked to join an atelier" in text or "Vroeg lidmaatschap van een atelier aan" in text
    filtered = client.get(reverse("audit_log:index"), {"action": Action.MEMBERSHIP_LEFT})
    assert filtered.status_code == 200
    assert len(filtered.context["object_list"]) == 1
    event = AuditEvent.objects.get(action=Action.MEMBERSHIP_LEFT)
    assert client.get(reverse("audit_log:inspect", args=[event.pk])).status_code == 200


def test_the_log_cannot_be_changed_even_by_a_site_admin(client, site_admin, public_atelier, outsider):
    atelier_services.ask_to_join(public_atelier, outsider)
    event = AuditEvent.objects.get()
    client.force_login(site_admin)
    for url in (
        reverse("audit_log:add"),
        reverse("audit_log:edit", args=[event.pk]),
        reverse("audit_log:delete", args=[event.pk]),
    ):
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, {"action": Action.ACCOUNT_DELETED}).status_code in (302, 403)
    event.refresh_from_db()
    assert event.action == Action.MEMBERSHIP_REQUESTED and AuditEvent.objects.count() == 1


def test_coordinator_with_admin_access_cannot_read_the_log(client, coordinator, public_atelier, outsider):
    atelier_services.ask_to_join(public_atelier, outsider)
    client.force_login(coordinator)
    assert client.get("/admin/").status_code == 200  # they do use the admin
    response = client.get(reverse("audit_log:index"))
    assert response.status_code in (302, 403)
    assert reverse("audit_log:index") not in client.get("/admin/").content.decode()
    event = AuditEvent.objects.get()
    assert client.get(reverse("audit_log:inspect", args=[event.pk])).status_code in (302, 403)


def test_member_without_admin_access_is_refused(client, member):
    client.force_login(member)
    response = client.get(reverse("audit_log:index"))
    assert response.status_code in (302, 403)
