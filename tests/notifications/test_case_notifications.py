"""Notifications about cases (moved here from tests/cases/test_notifications.py when they became
kinds of the notifications component): a reflection on my case, a reply to my reflection, a
reported post (to coordinators); immediately, weekly digest or no email; the digest never sends
an item twice; emails name the atelier and the event, hold a link, never the case's title or
text."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_q.models import Schedule

from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.cases import services
from leeratelier.core import outbox
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import OutboxEmail
from leeratelier.notifications.models import Notification, NotificationSetting
from leeratelier.notifications.services import send_weekly_digest
from tests.cases.test_views import CASE

from .conftest import html_of, sent_to

REFLECTION_TEXT = "Bij ons werkte een huisbezoek met de wijkverpleegkundige."


@pytest.fixture
def case(hidden_atelier, member):
    return services.post_case(hidden_atelier, member, **CASE)


def emails_to(user, kind=None):
    emails = OutboxEmail.objects.filter(recipient=user.email).order_by("pk")
    return list(emails.filter(kind=kind) if kind else emails)


def rendered(email):
    message = outbox.render(email)
    return message.subject, message.body


def prefer(user, kind, frequency):
    NotificationSetting.objects.update_or_create(user=user, kind=kind, defaults={"frequency": frequency})


def test_reflection_on_my_case_emails_the_atelier_and_a_link_only(case, member, colleague, hidden_atelier):
    reflection = services.reflect(case, colleague, "experience", REFLECTION_TEXT)
    [email] = emails_to(member)
    notification = Notification.objects.get(recipient=member, kind="case-reflection")
    assert email.kind == "notification" and email.context == {"notification": notification.pk}
    assert emails_to(colleague, "notification") == []  # not about your own reflection (the new case is in the digest)
    subject, body = rendered(email)
    assert hidden_atelier.title in subject and hidden_atelier.title in body
    assert f"/nl/notifications/{notification.pk}/" in body
    for secret in (CASE["title"], CASE["situation"], CASE["question"], REFLECTION_TEXT, "Kees"):
        assert secret not in subject and secret not in body
    # The link marks it read and leads to the reflection.
    from django.test import Client

    client = Client()
    client.force_login(member)
    response = client.get(f"/nl/notifications/{notification.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/nl/case/{case.pk}/#reflection-{reflection.pk}"
    notification.refresh_from_db()
    assert notification.is_read


def test_english_recipient_gets_an_english_email(case, member, colleague):
    member.profile.language = "en"
    member.profile.save()
    services.reflect(case, colleague, "question", "Wat vond de moeder zelf?")
    [message] = sent_to(member)
    assert message.subject.startswith("A new reflection on your case in")
    assert "/en/notifications/" in message.body and 'lang="en"' in html_of(message)


def test_reply_to_my_reflection(case, member, colleague, hidden_atelier):
    third = UserFactory(email="derde@example.org")
    MembershipFactory(atelier=hidden_atelier, user=third)
    first = services.reflect(case, colleague, "question", "Wat vond de moeder zelf?")
    services.reflect(case, third, "alternative", "Misschien eerst de school?", reply_to=first)
    [reply] = emails_to(colleague, "notification")
    subject, body = rendered(reply)
    assert Notification.objects.get(recipient=colleague, kind="case-reply")
    assert hidden_atelier.title in subject
    assert len(emails_to(member)) == 2  # the case's author hears of both reflections
    # A reply by the case's author to a reflection tells its author once.
    services.reflect(case, member, "question", "Goede vraag!", reply_to=first)
    assert len(emails_to(colleague, "notification")) == 2


def test_off_sends_no_email_and_weekly_waits_for_the_digest(case, member, colleague):
    prefer(member, "case-reflection", "off")
    services.reflect(case, colleague, "question", "Eerste vraag?")
    assert emails_to(member) == []
    assert Notification.objects.filter(recipient=member).count() == 1  # still in the list on the site
    prefer(member, "case-reflection", "weekly")
    services.reflect(case, colleague, "question", "Tweede vraag?")
    services.reflect(case, colleague, "theory", "Zie het werk van Wenger.")
    assert emails_to(member) == []
    assert send_weekly_digest() == 1
    [digest] = emails_to(member)
    assert digest.kind == "notification-digest" and len(digest.context["notifications"]) == 2
    subject, body = rendered(digest)
    assert body.count("/nl/notifications/") >= 2
    assert "Wenger" not in body and CASE["title"] not in subject + body

    # Again: nothing new, nothing sent. A later item goes in the next digest, alone.
    assert send_weekly_digest() == 0
    services.reflect(case, colleague, "experience", "Nog een ervaring.")
    assert send_weekly_digest() == 1
    later = emails_to(member)[-1]
    assert len(later.context["notifications"]) == 1
    assert set(later.context["notifications"]).isdisjoint(digest.context["notifications"])
    messages = sent_to(member)
    assert len(messages) == 2 and all(
        m.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for m in messages
    )


def test_digest_leaves_out_what_the_reader_may_no_longer_see(case, member, colleague, hidden_atelier):
    prefer(member, "case-reflection", "weekly")
    services.reflect(case, colleague, "question", "Vraag?")
    Membership.objects.filter(user=member, atelier_key=hidden_atelier.translation_key).delete()
    assert send_weekly_digest() == 0
    assert emails_to(member) == []
    assert Notification.objects.get(recipient=member).digested_at is not None


def test_report_tells_the_coordinators(case, member, colleague, coordinator, hidden_atelier):
    services.report(case, colleague, "hurtful", "Dit is kwetsend voor de moeder.")
    [email] = emails_to(coordinator, "notification")
    subject, body = rendered(email)
    assert hidden_atelier.title in subject
    assert "kwetsend" not in body and CASE["title"] not in body
    notification = Notification.objects.get(recipient=coordinator, kind="post-reported")
    from django.test import Client

    client = Client()
    client.force_login(coordinator)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("cases:reports", args=[hidden_atelier.pk])
    assert not Notification.objects.filter(recipient=member, kind="post-reported").exists()


def test_emails_are_sent_once(case, member, colleague):
    services.reflect(case, colleague, "question", "Vraag?")
    outbox.send_pending()
    outbox.send_pending()
    assert len([m for m in mail.outbox if member.email in m.to]) == 1


def test_the_old_settings_page_leads_to_the_email_settings_in_the_profile(client, member):
    url = reverse("cases:notification_settings")
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("notifications:preferences")


def test_email_settings_page(client, member):
    url = reverse("notifications:preferences")
    assert "/accounts/login/" in client.get(url)["Location"]
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert re.search(r'name="case-reflection" value="immediately"[^>]*checked', response.content.decode())
    form = {
        name: "immediately"
        for name in (
            "meeting-published",
            "meeting-changed",
            "case-new",
            "case-reflection",
            "case-reply",
            "mention",
            "cycle-phase",
            "report-published",
            "join-decided",
            "announcement",
            "post-reported",
        )
    }
    response = client.post(url, {**form, "case-reflection": "weekly"})
    assert response.status_code == 302
    assert NotificationSetting.objects.get(user=member, kind="case-reflection").frequency == "weekly"
    response = client.post(url, {**form, "case-reflection": "daily"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert NotificationSetting.objects.get(user=member, kind="case-reflection").frequency == "weekly"
    assert reverse("notifications:preferences") in client.get(reverse("accounts:profile")).content.decode()


def test_the_digest_is_scheduled_weekly(db):
    assert not Schedule.objects.filter(name="send-case-digest").exists()
    schedule = Schedule.objects.get(name="send-weekly-digest")
    assert schedule.func == "leeratelier.notifications.tasks.send_weekly_digest"
    assert schedule.schedule_type == Schedule.WEEKLY and schedule.repeats == -1
    assert not schedule.args and not schedule.kwargs
