"""The daily reminder job: a participant who has not contributed to a phase ending within three
days is reminded once (a "cycle-phase" notification of the notifications component, through the
outbox), the facilitator gets a short summary, and the emails name the atelier and the kind of
event, never the cycle's text."""

import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone
from django_q.models import Schedule

from cycles import services
from cycles.tasks import send_phase_reminders
from leeratelier.core import outbox
from leeratelier.core.models import OutboxEmail
from leeratelier.notifications.models import Notification

from .conftest import contribute, current_phase


def test_the_migration_schedules_the_job(db):
    schedule = Schedule.objects.get(name="cycle-phase-reminders")
    assert schedule.func == "cycles.tasks.send_phase_reminders" and schedule.schedule_type == "D"


def test_participants_without_a_contribution_are_reminded_once(cycle, coordinator, member, second_member):
    contribute(cycle, second_member, body="Mijn geheime bijdrage over de buurt")
    assert current_phase(cycle).ends_on == timezone.localdate() + timedelta(days=2)
    assert send_phase_reminders() == 2  # the coordinator and the member; not the second member
    assert send_phase_reminders() == 2  # run again: the same notification keys queue nothing new
    reminders = Notification.objects.filter(kind="cycle-phase", variant="closing")
    assert sorted(reminders.values_list("recipient__email", flat=True)) == sorted([coordinator.email, member.email])
    emails = OutboxEmail.objects.filter(
        kind="notification", context__notification__in=list(reminders.values_list("pk", flat=True))
    )
    assert sorted(emails.values_list("recipient", flat=True)) == sorted([coordinator.email, member.email])
    summaries = OutboxEmail.objects.filter(kind="cycle-phase-summary")
    assert list(summaries.values_list("recipient", flat=True)) == [coordinator.email]
    for email in OutboxEmail.objects.all():
        assert set(email.context) <= {"phase", "participant", "notification"}  # ids only
    mail.outbox.clear()
    OutboxEmail.objects.exclude(
        pk__in=[*emails.values_list("pk", flat=True), *summaries.values_list("pk", flat=True)]
    ).delete()
    outbox.send_pending()
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        text = message.subject + message.body
        assert "Besloten Jongerenatelier" in text  # the atelier is named
        assert cycle.learning_question not in text and "geheime bijdrage" not in text
    reminder = next(m for m in mail.outbox if m.to == [member.email])
    client = Client()
    client.force_login(member)
    link = re.search(r"https?://[^/\s]+(/nl/notifications/\d+/)", reminder.body).group(1)
    assert client.get(link)["Location"] == f"/nl/phase/{current_phase(cycle).pk}/"
    summary = next(
        m for m in mail.outbox if m.to == [coordinator.email] and "1 van de 3" in m.body
    )  # the recipient reads Dutch
    assert summary


def test_phases_ending_later_or_closed_are_left_alone(cycle, coordinator):
    phase = current_phase(cycle)
    phase.ends_on = timezone.localdate() + timedelta(days=4)
    phase.save()
    assert send_phase_reminders() == 0
    phase.ends_on = timezone.localdate() + timedelta(days=1)
    phase.save()
    services.advance(cycle, phase.pk, coordinator)
    assert send_phase_reminders() == 0
    assert not OutboxEmail.objects.filter(kind__startswith="cycle-").exists()
    assert not Notification.objects.filter(kind="cycle-phase", variant="closing").exists()
