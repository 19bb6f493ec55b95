"""Moves the case notifications into this component: the case email preference becomes the
setting of the three case kinds (the daily digest becomes the weekly one), the old notifications
come along (marked read: they were never shown in a list), and the daily case digest schedule
makes way for the weekly digest of every kind."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CASE_KINDS = {"reflection": "case-reflection", "reply": "case-reply", "report": "post-reported"}
FREQUENCY = {"daily": "weekly", "off": "off"}


def next_monday_morning():
    """The next Monday 07:00 in the Netherlands: the week's digest at the start of the week."""
    now = datetime.now(AMSTERDAM)
    days = (7 - now.weekday()) % 7
    morning = datetime.combine(now.date() + timedelta(days=days), time(7, 0), tzinfo=AMSTERDAM)
    return morning if morning > now else morning + timedelta(days=7)


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Schedule = apps.get_model("django_q", "Schedule")
    Setting = apps.get_model("notifications", "NotificationSetting")
    Notification = apps.get_model("notifications", "Notification")
    OldPreference = apps.get_model("cases", "NotificationPreference")
    OldNotification = apps.get_model("cases", "Notification")

    for preference in OldPreference.objects.all():
        frequency = FREQUENCY.get(preference.frequency)
        if frequency:
            for kind in CASE_KINDS.values():
                Setting.objects.get_or_create(user_id=preference.user_id, kind=kind, defaults={"frequency": frequency})

    reflection_type = ContentType.objects.get_or_create(app_label="cases", model="reflection")[0]
    report_type = ContentType.objects.get_or_create(app_label="cases", model="report")[0]
    for old in OldNotification.objects.select_related("case").iterator():
        kind = CASE_KINDS.get(old.event)
        if kind is None:
            continue
        subject_type, subject_id = (report_type, old.report_id) if old.event == "report" else (reflection_type, old.reflection_id)
        if subject_id is None:
            continue
        Notification.objects.get_or_create(
            key=f"{kind}:{subject_id}:{old.recipient_id}",
            defaults={
                "recipient_id": old.recipient_id, "kind": kind, "atelier_key": old.case.atelier_key,
                "subject_type": subject_type, "subject_id": subject_id, "created_at": old.created_at,
                "read_at": old.created_at, "in_digest": old.in_digest, "digested_at": old.digested_at,
            },
        )

    Schedule.objects.filter(name="send-case-digest").delete()
    Schedule.objects.update_or_create(
        name="send-weekly-digest",
        defaults={
            "func": "leeratelier.notifications.tasks.send_weekly_digest",
            "schedule_type": "W",  # weekly
            "repeats": -1,
            "next_run": next_monday_morning(),
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="send-weekly-digest").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_notify_initial"),
        ("cases", "0005_meeting_discussions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
