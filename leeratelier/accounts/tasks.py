"""django-q2 tasks of the accounts app. Arguments are ids only."""

from . import services


def build_data_export(export_id):
    return services.build(export_id)
