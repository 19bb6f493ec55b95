"""The hourly reminder job (leeratelier.ateliers.tasks.send_meeting_reminders): one reminder
per confirmed registration of a meeting starting within 24 hours, however often it runs."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Schedule
from wagtail.models import Locale

from leeratelier.ateliers import services
from leeratelier.ateliers.factories import ExpertMeetingPageFactory, MembershipFactory
from leeratelier.ateliers.tasks import send_meeting_reminders
from leeratelier.core import outbox
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import OutboxEmail


def reminders():
    return OutboxEmail.objects.filter(kind="meeting-reminder")


def meeting_in(atelier, hours, **fields):
    start = timezone.now() + timedelta(hours=hours)
    return ExpertMeetingPageFactory(parent=atelier, start=start, end=start + timedelta(hours=2), **fields)


def members(atelier, *usernames):
    people = [UserFactory(username=username) for username in usernames]
    for person in people:
        MembershipFactory(atelier=atelier, user=person)
    return people


def test_running_twice_queues_one_reminder_per_registration(public_atelier):
    meeting = meeting_in(public_atelier, hours=5, capacity=2)
    anna, bram, cas, dewi = members(public_atelier, "anna", "bram", "cas", "dewi")
    for person in (anna, bram, cas):
        services.register(meeting, user=person)  # cas is on the waitlist
    services.cancel(services.register(meeting_in(public_atelier, hours=6), user=dewi))

    send_meeting_reminders()
    send_meeting_reminders()

    assert sorted(reminders().values_list("recipient", flat=True)) == [anna.email, bram.email]
    registration = services.registration_of(meeting, anna)
    assert (
        reminders()
        .filter(
            key=f"meeting-reminder:{registration.pk}:{meeting.start.timestamp():.0f}",
            context={"registration": registration.pk},
        )
        .exists()
    )


def test_nothing_for_meetings_further_than_24_hours_away(public_atelier, member):
    services.register(meeting_in(public_atelier, hours=25), user=member)
    services.register(meeting_in(public_atelier, hours=24 * 7), user=member)
    send_meeting_reminders()
    assert not reminders().exists()


def test_nothing_for_a_meeting_that_has_begun(public_atelier, member):
    services.register(meeting_in(public_atelier, hours=1), user=member)
    send_meeting_reminders(now=timezone.now() + timedelta(hours=2))
    assert not reminders().exists()


def test_cancelled_registration_gets_no_reminder(public_atelier, member):
    meeting = meeting_in(public_atelier, hours=3)
    services.cancel(services.register(meeting, user=member))
    send_meeting_reminders()
    assert not reminders().exists()


def test_both_language_versions_give_one_reminder(public_atelier, member):
    meeting = meeting_in(public_atelier, hours=3)
    english = Locale.objects.get(language_code="en")
    public_atelier.copy_for_translation(english, copy_parents=True).save_revision().publish()
    meeting.copy_for_translation(english).save_revision().publish()
    services.register(meeting, user=member)
    send_meeting_reminders()
    assert reminders().count() == 1


def test_a_moved_meeting_is_reminded_again(public_atelier, member):
    meeting = meeting_in(public_atelier, hours=20)
    services.register(meeting, user=member)
    send_meeting_reminders()
    meeting.start += timedelta(hours=2)
    meeting.end += timedelta(hours=2)
    meeting.save()
    send_meeting_reminders()
    assert reminders().count() == 2


def test_reminders_are_sent_in_the_persons_language_and_hide_private_titles(public_atelier, hidden_atelier, member):
    public = meeting_in(public_atelier, hours=4, title="Waardencirkel in de wijk")
    hidden = meeting_in(hidden_atelier, hours=4, title="Geheime casus")
    services.register(public, user=member, language="en")
    services.register(hidden, user=member)
    OutboxEmail.objects.exclude(kind="meeting-reminder").delete()  # only the reminders below

    send_meeting_reminders()
    assert outbox.send_pending() == {"sent": 2, "failed": 0}

    assert [message for message in mail.outbox if public.title in message.subject]
    [private] = [message for message in mail.outbox if hidden_atelier.title in message.subject]
    assert hidden.title not in private.subject + private.body
    assert reminders().get(language="en").context == {"registration": services.registration_of(public, member).pk}


def test_the_job_is_scheduled_hourly(db):
    schedule = Schedule.objects.get(name="meeting-reminders")
    assert schedule.schedule_type == Schedule.HOURLY and schedule.repeats == -1
    assert import_string(schedule.func) is send_meeting_reminders


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_runs_at_once_queue_one_reminder_per_registration(public_atelier):
    meeting = meeting_in(public_atelier, hours=2)
    people = members(public_atelier, "eva", "finn", "gijs")
    for person in people:
        services.register(meeting, user=person)
    runners = 3
    barrier = threading.Barrier(runners)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            send_meeting_reminders()
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(runners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert reminders().count() == len(people)
