"""Schedules the daily digest of case notifications (idempotent, like core's send-outbox)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def next_morning():
    """The next 07:00 in the Netherlands: a digest to read with the first coffee."""
    now = datetime.now(AMSTERDAM)
    morning = datetime.combine(now.date(), time(7, 0), tzinfo=AMSTERDAM)
    return morning if morning > now else morning + timedelta(days=1)


def schedule_digest(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="send-case-digest",
        defaults={
            "func": "leeratelier.cases.tasks.send_case_digest",
            "schedule_type": "D",  # daily
            "repeats": -1,
            "next_run": next_morning(),
        },
    )


def unschedule_digest(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="send-case-digest").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_notifications"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule_digest, unschedule_digest)]
