"""Notifications about cases through the outbox: a reflection on my case, a reply to my
reflection, a reported post (to coordinators); immediately, daily digest or off; the digest
never sends an item twice; emails name the atelier and the event, hold a link, and never the
case's title or text."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django_q.models import Schedule

from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.cases import services
from leeratelier.cases.models import Notification, NotificationPreference
from leeratelier.cases.notifications import send_daily_digest
from leeratelier.core import outbox
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import OutboxEmail

from .test_views import CASE

REFLECTION_TEXT = "Bij ons werkte een huisbezoek met de wijkverpleegkundige."


@pytest.fixture
def case(hidden_atelier, member):
    return services.post_case(hidden_atelier, member, **CASE)


@pytest.fixture
def colleague(hidden_atelier):
    user = UserFactory(username="colleague", email="kees@example.org")
    MembershipFactory(atelier=hidden_atelier, user=user)
    return user


def emails_to(user):
    return list(OutboxEmail.objects.filter(recipient=user.email).order_by("pk"))


def rendered(email):
    message = outbox.render(email)
    return message.subject, message.body


def prefer(user, frequency):
    NotificationPreference.objects.update_or_create(user=user, defaults={"frequency": frequency})


def test_reflection_on_my_case_emails_the_atelier_and_a_link_only(case, member, colleague, hidden_atelier):
    reflection = services.reflect(case, colleague, "experience", REFLECTION_TEXT)
    [email] = emails_to(member)
    assert email.kind == "case-notification" and email.context == {"notification": Notification.objects.get().pk}
    assert emails_to(colleague) == []  # not about your own reflection
    subject, body = rendered(email)
    assert hidden_atelier.title in subject and hidden_atelier.title in body
    assert f"/nl/case/{case.pk}/#reflection-{reflection.pk}" in body
    for secret in (CASE["title"], CASE["situation"], CASE["question"], REFLECTION_TEXT, "Kees"):
        assert secret not in subject and secret not in body


def test_english_recipient_gets_an_english_email(case, member, colleague):
    member.profile.language = "en"
    member.profile.save()
    services.reflect(case, colleague, "question", "Wat vond de moeder zelf?")
    subject, body = rendered(emails_to(member)[0])
    assert subject.startswith("A new reflection on your case in")
    assert "/en/case/" in body


def test_reply_to_my_reflection(case, member, colleague, hidden_atelier):
    third = UserFactory(email="derde@example.org")
    MembershipFactory(atelier=hidden_atelier, user=third)
    first = services.reflect(case, colleague, "question", "Wat vond de moeder zelf?")
    services.reflect(case, third, "alternative", "Misschien eerst de school?", reply_to=first)
    [reply] = emails_to(colleague)
    subject, body = rendered(reply)
    with translation.override("nl"):
        assert Notification.objects.get(recipient=colleague).event == "reply"
    assert hidden_atelier.title in subject
    assert len(emails_to(member)) == 2  # the case's author hears of both reflections
    # A reply by the case's author to a reflection tells its author once.
    services.reflect(case, member, "question", "Goede vraag!", reply_to=first)
    assert len(emails_to(colleague)) == 2


def test_off_sends_nothing_and_daily_waits_for_the_digest(case, member, colleague):
    prefer(member, "off")
    services.reflect(case, colleague, "question", "Eerste vraag?")
    assert emails_to(member) == [] and not Notification.objects.exists()
    prefer(member, "daily")
    services.reflect(case, colleague, "question", "Tweede vraag?")
    services.reflect(case, colleague, "theory", "Zie het werk van Wenger.")
    assert emails_to(member) == []
    assert send_daily_digest() == 1
    [digest] = emails_to(member)
    assert digest.kind == "case-digest" and len(digest.context["notifications"]) == 2
    subject, body = rendered(digest)
    assert body.count(f"/nl/case/{case.pk}/#reflection-") == 2
    assert "Wenger" not in body and CASE["title"] not in subject + body

    # Again: nothing new, nothing sent. A later item goes in the next digest, alone.
    assert send_daily_digest() == 0
    services.reflect(case, colleague, "experience", "Nog een ervaring.")
    assert send_daily_digest() == 1
    later = emails_to(member)[-1]
    assert len(later.context["notifications"]) == 1
    assert set(later.context["notifications"]).isdisjoint(digest.context["notifications"])


def test_digest_leaves_out_what_the_reader_may_no_longer_see(case, member, colleague, hidden_atelier):
    prefer(member, "daily")
    services.reflect(case, colleague, "question", "Vraag?")
    Membership.objects.filter(user=member, atelier_key=hidden_atelier.translation_key).delete()
    assert send_daily_digest() == 0
    assert emails_to(member) == []
    assert Notification.objects.get().digested_at is not None


def test_report_tells_the_coordinators(case, member, colleague, coordinator, hidden_atelier):
    services.report(case, colleague, "hurtful", "Dit is kwetsend voor de moeder.")
    [email] = emails_to(coordinator)
    subject, body = rendered(email)
    assert hidden_atelier.title in subject
    assert reverse("cases:reports", args=[hidden_atelier.pk]).replace("/en/", "/nl/") in body
    assert "kwetsend" not in body and CASE["title"] not in body
    assert emails_to(member) == []  # members are not told about reports


def test_emails_are_sent_once(case, member, colleague):
    services.reflect(case, colleague, "question", "Vraag?")
    outbox.send_pending()
    outbox.send_pending()
    assert len([m for m in mail.outbox if member.email in m.to]) == 1


def test_settings_page(client, member):
    url = reverse("cases:notification_settings")
    assert "/accounts/login/" in client.get(url)["Location"]
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert re.search(r'value="immediately"[^>]*checked', response.content.decode())
    response = client.post(url, {"frequency": "daily"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=member).frequency == "daily"
    assert client.post(url, {"frequency": "weekly"}).status_code == 200
    assert NotificationPreference.objects.get(user=member).frequency == "daily"


def test_the_digest_is_scheduled_daily(db):
    schedule = Schedule.objects.get(name="send-case-digest")
    assert schedule.func == "leeratelier.cases.tasks.send_case_digest"
    assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1
    assert not schedule.args and not schedule.kwargs
