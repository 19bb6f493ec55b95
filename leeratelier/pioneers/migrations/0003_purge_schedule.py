"""Retention: a daily django-q2 job deletes practice submissions that were never verified,
30 days after they were sent (idempotent, found by name)."""

from django.db import migrations


def schedule_purge(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="purge-unverified-practice-submissions",
        defaults={
            "func": "leeratelier.pioneers.tasks.purge_unverified_submissions",
            "schedule_type": "D",  # daily
            "repeats": -1,
        },
    )


def unschedule_purge(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="purge-unverified-practice-submissions").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pioneers", "0002_practice_content_and_submissions"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule_purge, unschedule_purge)]
