"""django-q2 tasks of the registry (no arguments: nothing personal in the task table)."""

from . import services


def purge_unverified_submissions():
    return services.purge_unverified()
