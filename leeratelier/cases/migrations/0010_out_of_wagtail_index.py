"""On PostgreSQL cases and reflections are searched on their own documents only (cases.models,
WAGTAIL_INDEXED): their entries in Wagtail's index are read by nothing, so they go. On SQLite
the Wagtail backend still searches them and the entries stay."""

from django.db import migrations


def drop_entries(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    kinds = ContentType.objects.filter(app_label="cases", model__in=["case", "reflection"])
    IndexEntry.objects.filter(content_type__in=kinds).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_merge_20261202_0329"),
        ("wagtailsearch", "0006_customise_indexentry"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(drop_entries, migrations.RunPython.noop)]
