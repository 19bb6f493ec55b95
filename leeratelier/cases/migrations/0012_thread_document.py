"""Each case gets the search document of its thread (cases.documents.refresh_threads): the
documents of its visible reflections merged, with a GIN index, filled here for the cases that
exist. On SQLite the column stays empty and unindexed (the Wagtail backend searches there)."""

import django.contrib.postgres.search
from django.db import migrations

INDEX = "case_thread_document_gin"


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_case USING gin (thread_document)")
    schema_editor.execute(
        """
        UPDATE cases_case AS c SET thread_document = (
            SELECT COALESCE(string_agg(r.search_document::text, ' '), '')::tsvector
            FROM cases_reflection AS r
            WHERE r.case_id = c.id AND r.hidden_at IS NULL AND r.removed_at IS NULL
        )
        """
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_public_summary_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="thread_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill, drop),
    ]
