"""Each kind of notification end to end: the event happens (as the component that owns it makes
it happen), the outbox sends, and the person reads one email in their own language that names
the atelier and the kind of event, never a title or text; the same event saved twice tells
nobody twice; the link in the email leads (through the notification) to the thing itself."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cycles import reports as cycle_reports
from cycles import services as cycle_services
from cycles.models import NarrativeReport
from leeratelier.ateliers import services as atelier_services
from leeratelier.ateliers.events import meeting_changed
from leeratelier.ateliers.factories import ExpertMeetingPageFactory, MembershipFactory, RegistrationFactory
from leeratelier.ateliers.models import Membership
from leeratelier.cases import services as case_services
from leeratelier.cases.events import member_mentioned
from leeratelier.core import outbox
from leeratelier.core.factories import UserFactory
from leeratelier.notifications.models import Notification
from leeratelier.notifications.services import send_weekly_digest
from tests.cases.test_views import CASE
from tests.cycles.conftest import start as start_cycle

from .conftest import html_of, sent_to


def english(user):
    user.profile.language = "en"
    user.profile.save()
    return user


def follow(message, user):
    """Open the notification link of an email as ``user``: where it leads."""
    path = re.search(r"https?://[^/\s]+(/(?:nl|en)/notifications/\d+/)", message.body).group(1)
    client = Client()
    client.force_login(user)
    return client.get(path)


def assert_names_only_the_atelier(message, atelier, *secrets):
    text = message.subject + message.body + html_of(message)
    assert atelier.title in message.subject and atelier.title in message.body
    for secret in secrets:
        assert secret not in text


# --- meetings -------------------------------------------------------------------------------------


def test_a_published_meeting_tells_the_members_once(
    hidden_atelier, member, colleague, coordinator, django_capture_on_commit_callbacks
):
    english(colleague)
    meeting = ExpertMeetingPageFactory(parent=hidden_atelier, title="Geheime bijeenkomst", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision(user=coordinator).publish(user=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision(user=coordinator).publish(user=coordinator)  # published again: nobody hears twice
    [to_member] = sent_to(member)
    [to_colleague] = sent_to(colleague)
    assert sent_to(coordinator) == []  # not about what you did yourself
    assert to_member.subject == f"Een nieuwe expertbijeenkomst in {hidden_atelier.title}"
    assert to_colleague.subject == f"A new expert meeting in {hidden_atelier.title}"
    assert_names_only_the_atelier(to_member, hidden_atelier, "Geheime bijeenkomst")
    meeting.refresh_from_db()  # a hidden atelier's meeting gets an id for its slug when published
    assert follow(to_colleague, colleague)["Location"] == meeting.url


def test_a_moved_meeting_tells_members_and_registrants_only_in_the_site(
    public_atelier, public_meeting, member, colleague
):
    RegistrationFactory(meeting=public_meeting, user=colleague)
    for _ in range(2):  # the same change announced twice
        meeting_changed.send(sender=type(public_meeting), meeting=public_meeting, change="moved")
    [moved] = sent_to(member)
    assert "nieuwe tijd of plaats" in moved.subject and public_atelier.title in moved.subject
    assert sent_to(colleague) == []  # the meetings component emails registrants the new calendar file
    assert Notification.objects.filter(recipient=colleague, kind="meeting-changed", variant="moved").count() == 1
    public_meeting.start += timedelta(days=1)
    public_meeting.end += timedelta(days=1)
    meeting_changed.send(sender=type(public_meeting), meeting=public_meeting, change="moved")  # moved again
    meeting_changed.send(sender=type(public_meeting), meeting=public_meeting, change="cancelled")
    subjects = [m.subject for m in sent_to(member)]
    assert len(subjects) == 3 and "afgelast" in subjects[-1]


# --- cases ----------------------------------------------------------------------------------------


def test_a_new_case_goes_in_the_weekly_digest_once(hidden_atelier, member, colleague):
    english(colleague)
    case = case_services.post_case(hidden_atelier, member, **CASE)
    case.save()  # saved again: still one notification
    assert Notification.objects.filter(kind="case-new", recipient=colleague).count() == 1
    assert sent_to(colleague) == []  # "a new case" comes weekly by default
    assert send_weekly_digest() >= 1
    [digest] = sent_to(colleague)
    assert digest.subject == "Your week on Leeratelier: 1 notification"
    assert f"A new case in {hidden_atelier.title}" in digest.body
    assert CASE["title"] not in digest.body + html_of(digest)
    assert digest.extra_headers["List-Unsubscribe"].startswith(
        "<https://leeratelier.example.org/en/notifications/unsubscribe/"
    )
    assert follow(digest, colleague)["Location"] == f"/en/case/{case.pk}/"


def test_a_mention_tells_the_person_once(hidden_atelier, member, colleague):
    case = case_services.post_case(hidden_atelier, member, **CASE)
    reflection = case_services.reflect(case, member, "question", "Wat denk jij, Kees?")
    for _ in range(2):
        member_mentioned.send(sender=type(reflection), post=reflection, user=colleague, by=member)
    mentions = [m for m in sent_to(colleague) if "genoemd" in m.subject]
    assert len(mentions) == 1
    assert_names_only_the_atelier(mentions[0], hidden_atelier, "Wat denk jij", CASE["title"])
    assert follow(mentions[0], colleague)["Location"] == f"/nl/case/{case.pk}/#reflection-{reflection.pk}"


def test_a_mention_of_someone_outside_the_atelier_tells_nobody(hidden_atelier, member, outsider):
    case = case_services.post_case(hidden_atelier, member, **CASE)
    reflection = case_services.reflect(case, member, "question", "Olga?")
    member_mentioned.send(sender=type(reflection), post=reflection, user=outsider, by=member)
    assert not Notification.objects.filter(recipient=outsider).exists() and sent_to(outsider) == []


# --- cycles ---------------------------------------------------------------------------------------


def test_an_opened_phase_tells_the_participants(hidden_atelier, coordinator, member, colleague):
    english(member)
    cycle = start_cycle(hidden_atelier, coordinator)
    cycle_services.join(cycle, member)
    plan = cycle.phases.get(status="open")
    following = cycle_services.advance(cycle, plan.pk, coordinator)
    following.save()  # saved again: still once
    [opened] = [m for m in sent_to(member) if "has opened" in m.subject]
    assert_names_only_the_atelier(opened, hidden_atelier, cycle.learning_question)
    assert follow(opened, member)["Location"] == f"/en/phase/{following.pk}/"
    assert not Notification.objects.filter(recipient=colleague, kind="cycle-phase").exists()  # not in the cycle


def test_a_published_report_tells_the_members(hidden_atelier, coordinator, member):
    today = timezone.localdate()
    report = NarrativeReport.objects.create(
        atelier_key=hidden_atelier.translation_key,
        title="Verantwoording besloten",
        visibility="private",
        period_start=today - timedelta(days=30),
        period_end=today,
        created_by=coordinator,
    )
    cycle_reports.publish(report, coordinator)
    report.save()
    assert Notification.objects.filter(kind="report-published", recipient=member).count() == 1
    assert not Notification.objects.filter(kind="report-published", recipient=coordinator).exists()
    send_weekly_digest()
    [digest] = sent_to(member)
    assert f"Er staat een nieuw verslag online in {hidden_atelier.title}" in digest.body
    assert "Verantwoording besloten" not in digest.body + html_of(digest)
    assert follow(digest, member)["Location"] == f"/nl/report/{report.pk}/"


# --- memberships and announcements -----------------------------------------------------------------


def test_a_decided_join_request_tells_the_person_in_their_language(public_atelier, coordinator):
    applicant = english(UserFactory(email="lotte@example.org"))
    membership = MembershipFactory(atelier=public_atelier, user=applicant, status=Membership.Status.REQUESTED)
    atelier_services.decide(membership, True, coordinator)
    atelier_services.decide(membership, True, coordinator)
    [message] = sent_to(applicant)
    assert message.subject == f"Welcome to {public_atelier.title}: your request to join was approved"
    assert follow(message, applicant)["Location"] == public_atelier.url  # it has no English version


def test_an_announcement_reaches_the_members_who_want_it(client, hidden_atelier, coordinator, member, colleague):
    from leeratelier.notifications.models import NotificationSetting

    NotificationSetting.objects.create(user=colleague, kind="announcement", frequency="off")
    client.force_login(coordinator)
    url = f"/nl/atelier/{hidden_atelier.pk}/announce/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "", "body": "Tekst"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()  # nothing lost
    assert "Tekst" in response.content.decode()
    response = client.post(
        url, {"title": "Dinsdag geen bijeenkomst", "body": "Tot **volgende week**. <script>alert(1)</script>"}
    )
    assert response.status_code == 302
    [message] = sent_to(member)
    assert sent_to(colleague) == [] and sent_to(coordinator) == []
    assert_names_only_the_atelier(message, hidden_atelier, "Dinsdag geen bijeenkomst", "volgende week")
    page = follow(message, member)
    member_client = Client()
    member_client.force_login(member)
    body = member_client.get(page["Location"]).content.decode()
    assert "<strong>volgende week</strong>" in body and "<script>alert" not in body
    assert Notification.objects.filter(recipient=colleague, kind="announcement").exists()  # in the site all the same


def test_members_cannot_announce(client, hidden_atelier, member):
    client.force_login(member)
    assert client.post(f"/nl/atelier/{hidden_atelier.pk}/announce/", {"title": "x", "body": "y"}).status_code == 404
    assert not Notification.objects.filter(kind="announcement").exists()


# --- every email --------------------------------------------------------------------------------------


def test_the_members_are_told_by_a_background_task_after_the_commit_exactly_once(
    hidden_atelier, member, colleague, coordinator, django_capture_on_commit_callbacks
):
    """The publishing request only queues the task (once committed); the task (run at once by
    the tests' synchronous q2) tells each member once, however often it runs."""
    from leeratelier.notifications.listeners import tell_meeting_published

    meeting = ExpertMeetingPageFactory(parent=hidden_atelier, live=False)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        meeting.save_revision(user=coordinator).publish(user=coordinator)
    assert not Notification.objects.filter(kind="meeting-published").exists()  # nothing inside the request
    for callback in queued:
        callback()  # the commit: the task is queued, and runs (sync q2)
    told = set(Notification.objects.filter(kind="meeting-published").values_list("recipient_id", flat=True))
    assert told == {member.pk, colleague.pk}
    assert tell_meeting_published(meeting.pk, coordinator.pk) == 0  # run again: nobody twice
    assert len(sent_to(member)) == 1 and len(sent_to(colleague)) == 1


def test_a_meeting_unpublished_before_the_task_runs_tells_nobody(hidden_atelier, member, coordinator):
    from leeratelier.notifications.listeners import tell_meeting_published

    meeting = ExpertMeetingPageFactory(parent=hidden_atelier, live=False)
    assert tell_meeting_published(meeting.pk, coordinator.pk) == 0
    assert not Notification.objects.filter(kind="meeting-published").exists()


def test_every_outbox_email_has_an_escaped_html_part(atelier_index, coordinator, django_capture_on_commit_callbacks):
    from leeratelier.ateliers.factories import AtelierPageFactory

    atelier = AtelierPageFactory(parent=atelier_index, title='Zorg <b>& "Welzijn"</b>')
    person = UserFactory(email="iemand@example.org", first_name="O'Brien <i>")
    MembershipFactory(atelier=atelier, user=person)
    MembershipFactory(atelier=atelier, user=coordinator, role=Membership.Role.COORDINATOR)
    meeting = ExpertMeetingPageFactory(parent=atelier, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision(user=coordinator).publish(user=coordinator)
    [message] = sent_to(person)
    html = html_of(message)
    assert '<html lang="nl">' in html and "<img" not in html
    assert "Zorg &lt;b&gt;&amp; &quot;Welzijn&quot;&lt;/b&gt;" in html and "<b>&" not in html
    assert "O&#x27;Brien &lt;i&gt;" in html
    assert 'Zorg <b>& "Welzijn"</b>' in message.body and "O'Brien <i>" in message.body  # text is text
