"""Cases and reflections get a search document of their own on PostgreSQL (cases.documents): a
``tsvector`` column with a GIN index, filled here for the rows that exist. On SQLite the column
stays empty and unindexed (the Wagtail backend searches there)."""

import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "dutch"
CASE_TEXT_FIELDS = ("situation", "question", "done_so_far", "lesson_learned", "lesson_next_time")
INDEXES = {"cases_case": "case_search_document_gin", "cases_reflection": "reflection_search_document_gin"}


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_document)")
    Case = apps.get_model("cases", "Case")
    Reflection = apps.get_model("cases", "Reflection")
    Case.objects.update(
        search_document=SearchVector("title", weight="A", config=CONFIG)
        + SearchVector(*CASE_TEXT_FIELDS, weight="B", config=CONFIG)
    )
    Reflection.objects.update(search_document=SearchVector("body", weight="B", config=CONFIG))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_merge_20261202_0020"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="reflection",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill, drop),
    ]
