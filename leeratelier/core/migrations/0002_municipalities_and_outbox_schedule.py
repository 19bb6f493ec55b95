"""Loads the municipalities (CBS list, shipped in core/data) and schedules the outbox job.
Both steps are idempotent; later merges are done by editors in the admin."""

from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "gemeenten.txt"


def read_municipalities(path=DATA_FILE):
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def load_municipalities(apps, schema_editor):
    Municipality = apps.get_model("core", "Municipality")
    existing = set(Municipality.objects.values_list("name", flat=True))
    Municipality.objects.bulk_create(
        [Municipality(name=name) for name in read_municipalities() if name not in existing]
    )


def schedule_outbox(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="send-outbox",
        defaults={
            "func": "leeratelier.core.tasks.send_outbox",
            "schedule_type": "I",  # every `minutes` minutes
            "minutes": 1,
            "repeats": -1,
        },
    )


def unschedule_outbox(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="send-outbox").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.RunPython(load_municipalities, migrations.RunPython.noop),
        migrations.RunPython(schedule_outbox, unschedule_outbox),
    ]
