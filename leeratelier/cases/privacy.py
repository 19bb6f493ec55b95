"""The cases app's part in people's privacy rights (see leeratelier.core.privacy).

Export: the cases and reflections the person wrote (as they stand, with the history of their
edits), the pseudonyms they post under and the reports they made.

Deletion: by default what they wrote stays, shown as by "a former member" (the author becomes
empty when the user row goes; the pseudonym goes with the user). Asked to remove it, each post is
removed the way its author would remove it (``services.remove_case`` / ``remove_reflection``):
the content goes, the thread stays readable with the "removed" placeholder.
"""

from django.utils.translation import gettext_lazy

from leeratelier.core.privacy import register_eraser, register_exporter

from . import services
from .models import Case, Pseudonym, Reflection, Report


def _history(revisions):
    return [{"edited_at": revision.created_at, "content": revision.content} for revision in revisions]


@register_exporter("cases", label=gettext_lazy("Cases and reflections"))
def export_cases(user):
    cases = Case.objects.filter(author=user).prefetch_related("revisions", "themes").order_by("created_at")
    reflections = Reflection.objects.filter(author=user).prefetch_related("revisions").order_by("created_at")
    data = {
        "cases": [
            {
                "id": case.pk,
                "atelier_key": case.atelier_key,
                "created_at": case.created_at,
                "removed": case.is_removed,
                "title": case.title,
                "situation": case.situation,
                "question": case.question,
                "done_so_far": case.done_so_far,
                "roles": list(case.roles or []),
                "tracks": list(case.tracks or []),
                "themes": [theme.name for theme in case.themes.all()],
                "visibility": case.visibility,
                "stage": case.stage,
                "lesson_learned": case.lesson_learned,
                "lesson_next_time": case.lesson_next_time,
                "public_summary": case.public_summary,
                "public_status": case.public_status,
                "hidden": case.is_hidden,
                "history": _history(case.revisions.all()),
            }
            for case in cases
        ],
        "reflections": [
            {
                "id": reflection.pk,
                "case": reflection.case_id,
                "created_at": reflection.created_at,
                "kind": reflection.kind,
                "body": reflection.body,
                "removed": reflection.is_removed,
                "hidden": reflection.is_hidden,
                "helpful": reflection.helpful,
                "history": _history(reflection.revisions.all()),
            }
            for reflection in reflections
        ],
        "pseudonyms": [
            {"atelier_key": pseudonym.atelier_key, "name": pseudonym.name}
            for pseudonym in Pseudonym.objects.filter(user=user)
        ],
        "reports_made": [
            {
                "case": report.case_id,
                "reflection": report.reflection_id,
                "reason": report.reason,
                "note": report.note,
                "created_at": report.created_at,
            }
            for report in Report.objects.filter(reporter=user).order_by("created_at")
        ],
    }
    return data, []


@register_eraser
def erase_cases_data(user, keep_contributions):
    if keep_contributions:
        return
    for case in Case.objects.filter(author=user, removed_at__isnull=True):
        services.remove_case(case, user)
    for reflection in Reflection.objects.filter(author=user, removed_at__isnull=True):
        services.remove_reflection(reflection, user)
    # The removals above drop the posts' edit histories; the notes they wrote on reports go too.
    Report.objects.filter(reporter=user).update(note="")
