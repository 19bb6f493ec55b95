"""pg_trgm for the "did you mean" suggestions (search/suggest.py): the extension, and trigram
indexes on what is compared (page titles, theme names). ``TrigramExtension`` does nothing on
other databases; the indexes are made on PostgreSQL only, like 0001's. The extension is
"trusted" since PostgreSQL 13: the owner of the database may create it."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "lt_page_title_trgm": "wagtailcore_page USING gin (title gin_trgm_ops)",
    "lt_theme_name_trgm": "core_theme USING gin (name gin_trgm_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_document_gin_index"),
        ("wagtailcore", "0098_apitoken"),
        ("core", "0001_initial"),
    ]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
