"""The daily django-q2 job that reminds participants of a phase ending within three days."""

from django.db import migrations


def schedule_reminders(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="cycle-phase-reminders",
        defaults={"func": "cycles.tasks.send_phase_reminders", "schedule_type": "D", "repeats": -1},
    )


def unschedule_reminders(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="cycle-phase-reminders").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule_reminders, unschedule_reminders)]
