"""A GIN index on the whole search document of Wagtail's PostgreSQL search backend.

The backend matches ``(title || body) @@ query``, but Wagtail indexes ``title`` and ``body``
apart, so every search read the document of every indexed object of the searched types (16 ms
for a word that is nowhere, over 3,000 pages; more with 200,000 reflections). This index on the
expression lets PostgreSQL find the matches first (the benchmark's search pages: about twice as
fast). PostgreSQL only; other databases skip it."""

from django.db import migrations

INDEX = "lt_indexentry_document_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop)]
