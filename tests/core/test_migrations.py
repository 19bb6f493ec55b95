"""Migrations: complete for every model (djangoproject.com's PendingMigrationsTests), and the
data steps of core 0002 can run again without doubling anything."""

from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django_q.models import Schedule

from leeratelier.core.models import Municipality

data_migration = import_module("leeratelier.core.migrations.0002_municipalities_and_outbox_schedule")


@pytest.mark.django_db
def test_no_pending_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    except SystemExit:
        pytest.fail("Models and migrations differ; run makemigrations:\n" + out.getvalue())


@pytest.mark.django_db
def test_the_data_steps_are_idempotent():
    data_migration.load_municipalities(apps, None)
    data_migration.schedule_outbox(apps, None)
    assert Municipality.objects.count() == 342
    assert Schedule.objects.filter(name="send-outbox").count() == 1


@pytest.mark.django_db
def test_loading_again_keeps_editors_changes():
    # An editor retired a municipality; a later run of the loader must not bring it back as new.
    Municipality.objects.filter(name="Houten").update(is_active=False)
    data_migration.load_municipalities(apps, None)
    assert Municipality.objects.filter(name="Houten").count() == 1
    assert not Municipality.objects.get(name="Houten").is_active


@pytest.mark.django_db
def test_unscheduling_removes_the_job():
    data_migration.unschedule_outbox(apps, None)
    assert not Schedule.objects.filter(name="send-outbox").exists()
