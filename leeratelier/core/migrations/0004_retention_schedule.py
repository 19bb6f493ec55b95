"""Schedules the daily retention job (leeratelier.core.privacy.run_retention): expired data
exports, invitations whose link expired 30 days ago, django-q2's failed-task records older
than 30 days, and whatever other apps register with ``register_purger``."""

from django.db import migrations


def schedule_retention(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="privacy-retention",
        defaults={
            "func": "leeratelier.core.privacy.run_retention",
            "schedule_type": "D",  # daily
            "repeats": -1,
        },
    )


def unschedule_retention(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="privacy-retention").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_event"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule_retention, unschedule_retention)]
