"""Operations in the admin, through its own URLs: the email outbox and background tasks under
Reports (site admins only; never an email's text), "retry now" as a POST, and the dashboard's
"Needs attention" panel for editors and admins."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone
from django_q.models import Schedule, Task

from leeratelier.ateliers.factories import AtelierIndexPageFactory, AtelierPageFactory, MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.core import outbox
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import Municipality, OutboxEmail
from tests.core.test_outbox import KIND, notice_kind


@pytest.fixture
def admin_user(db):
    return UserFactory(username="siteadmin", is_superuser=True, is_staff=True)


@pytest.fixture
def editor(db):
    group, _ = Group.objects.get_or_create(name="Test editors")
    group.permissions.set(Permission.objects.filter(codename__in=["access_admin", "change_theme", "view_theme"]))
    user = UserFactory(username="editor")
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator(home_page):
    atelier = AtelierPageFactory(parent=AtelierIndexPageFactory(parent=home_page), title="Leeratelier Armoede")
    user = UserFactory(username="coordinator")
    MembershipFactory(atelier=atelier, user=user, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def failed_email(db):
    return OutboxEmail.objects.create(
        key="password-reset:1:lotte@example.org",
        kind="account/password_reset",
        recipient="lotte@example.org",
        language="nl",
        context={"secret-ish": "token-123"},
        status=OutboxEmail.Status.FAILED,
        attempts=12,
        last_error="SMTPRecipientsRefused: mailbox full",
    )


def test_site_admin_reads_the_outbox_filtered_by_status(client, admin_user, failed_email):
    OutboxEmail.objects.create(
        key="k2",
        kind="ateliers/registration_confirmed",
        recipient="femke@example.org",
        language="en",
        status=OutboxEmail.Status.SENT,
    )
    client.force_login(admin_user)
    body = client.get("/admin/email-outbox/?status=failed").content.decode()
    assert "lotte@example.org" in body and "mailbox full" in body
    assert "femke@example.org" not in body
    inspect = client.get(f"/admin/email-outbox/inspect/{failed_email.pk}/").content.decode()
    assert "account/password_reset" in inspect and "12" in inspect
    assert "token-123" not in inspect  # the stored context is never shown
    # Read-only: no adding or editing.
    assert client.get("/admin/email-outbox/add/").status_code in (302, 403)
    assert client.get(f"/admin/email-outbox/edit/{failed_email.pk}/").status_code in (302, 403)


def test_retry_now_is_a_post_and_sends_the_email_again(client, admin_user, failed_email, notice_kind):
    failed_email.kind = KIND
    failed_email.context = {"municipality_id": Municipality.objects.get(name="Utrecht").pk}
    failed_email.save()
    client.force_login(admin_user)
    url = f"/admin/email-outbox/retry/{failed_email.pk}/"
    assert client.get(url).status_code == 405
    failed_email.refresh_from_db()
    assert failed_email.status == OutboxEmail.Status.FAILED
    response = client.post(url, follow=True)
    assert response.status_code == 200
    failed_email.refresh_from_db()
    assert failed_email.status == OutboxEmail.Status.PENDING and failed_email.next_attempt_at <= timezone.now()
    # The send job (started on commit; run here by hand) sends it once.
    outbox.send_pending()
    failed_email.refresh_from_db()
    assert failed_email.status == OutboxEmail.Status.SENT and failed_email.attempts == 13
    assert [message.to for message in mail.outbox] == [["lotte@example.org"]]


def test_retry_of_an_email_that_did_not_fail_changes_nothing(client, admin_user, failed_email):
    failed_email.status = OutboxEmail.Status.SENT
    failed_email.save()
    client.force_login(admin_user)
    client.post(f"/admin/email-outbox/retry/{failed_email.pk}/")
    failed_email.refresh_from_db()
    assert failed_email.status == OutboxEmail.Status.SENT


@pytest.mark.parametrize("who", ["editor", "coordinator"])
def test_editors_and_coordinators_cannot_see_the_outbox(client, request, who, failed_email):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for url in ("/admin/email-outbox/", f"/admin/email-outbox/inspect/{failed_email.pk}/", "/admin/background-tasks/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "lotte@example.org" not in response.content.decode()
    client.post(f"/admin/email-outbox/retry/{failed_email.pk}/")
    failed_email.refresh_from_db()
    assert failed_email.status == OutboxEmail.Status.FAILED
    reports = client.get("/admin/").content.decode()
    assert "/admin/email-outbox/" not in reports


def test_background_tasks_show_failures_and_schedules_with_their_runs(client, admin_user):
    now = timezone.now()
    Task.objects.create(
        id="f1",
        name="purge-oops",
        func="leeratelier.core.tasks.privacy_retention",
        started=now - timedelta(minutes=2),
        stopped=now - timedelta(minutes=1),
        success=False,
        result="ValueError: broken",
        attempt_count=3,
    )
    Task.objects.create(
        id="s1",
        name="send-outbox-run",
        func="leeratelier.core.tasks.send_outbox",
        started=now - timedelta(seconds=40),
        stopped=now - timedelta(seconds=30),
        success=True,
    )
    Schedule.objects.filter(name="send-outbox").update(next_run=now + timedelta(seconds=30), task="s1")
    Schedule.objects.filter(name="privacy-retention").update(next_run=now - timedelta(days=3))
    client.force_login(admin_user)
    body = client.get("/admin/background-tasks/").content.decode()
    assert "privacy_retention" in body and "ValueError: broken" in body
    assert "send-outbox" in body
    assert body.count("Has not run in twice its interval") + body.count("twee keer") >= 1


def test_dashboard_panel_lists_what_needs_attention(client, admin_user, failed_email):
    Schedule.objects.filter(name="privacy-retention").update(next_run=timezone.now() - timedelta(days=3))
    client.force_login(admin_user)
    body = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "needs-attention" in body
    assert "/admin/email-outbox/?status=failed" in body


def test_coordinators_get_no_attention_panel(client, coordinator, failed_email):
    client.force_login(coordinator)
    body = client.get("/admin/").content.decode()
    assert "needs-attention" not in body
