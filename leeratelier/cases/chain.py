"""The chain case - method - practice, and the reasoning cycle made visible on a case page.

A case names the methods tried (toolbox) and the practices it relates to (registry). A method or
practice page shows how many cases in ateliers used it and, to members who may read them, which
ones. Both go through the one access function: ``access.countable_cases`` for the number (never a
case of a hidden atelier the reader may not see) and ``access.visible_cases`` for the titles.
Each costs a fixed number of queries, however many cases there are."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leeratelier.core import access
from leeratelier.core.i18n import pages_in_active_language

from .models import Case, Reflection, SimilarCaseOpened

CASES_LISTED = 20  # the most recent ones on a method or practice page; the count says how many


def _live_cases(queryset):
    return queryset.filter(removed_at__isnull=True, hidden_at__isnull=True)


def _linking(field, page):
    """Cases linking any language version of ``page`` through ``field`` ("methods", "practices")."""
    through = getattr(Case, field).through
    column = "methodpage" if field == "methods" else "practicepage"
    ids = through.objects.filter(**{f"{column}__translation_key": page.translation_key}).values("case_id")
    return _live_cases(Case.objects.filter(pk__in=ids))


def cases_using(user, field, page):
    """(number, the most recent cases ``user`` may read) of the cases linking ``page``: two
    queries for a member, one for a visitor (who may read no case)."""
    cases = _linking(field, page)
    count = access.countable_cases(user, cases).count()
    listed = []
    if count and user is not None and user.is_authenticated:
        listed = list(access.visible_cases(user, cases).order_by("-created_at", "-pk")[:CASES_LISTED])
    return {"count": count, "listed": listed, "more": max(0, count - len(listed)) if listed else 0}


def published(model):
    """The pages a case may link: published and public (any language)."""
    return model.objects.live().public()


def linked_pages(case, field):
    """The published methods or practices a case names, in the reader's language (one query)."""
    from leeratelier.pioneers.models import PracticePage
    from leeratelier.toolbox.models import MethodPage

    model = MethodPage if field == "methods" else PracticePage
    keys = getattr(case, field).values("translation_key")
    pages = pages_in_active_language(published(model).filter(translation_key__in=keys))
    return list(pages.select_related("locale").order_by("title"))


# --- the reasoning cycle on the case page --------------------------------------------------------


def record_opened(request, opened, from_id):
    """A member followed a link in the similar-cases panel of case ``from_id`` to ``opened``:
    recorded once per member and pair, only when the member may read both cases."""
    if not from_id or not str(from_id).isdigit() or int(from_id) == opened.pk:
        return
    origin = Case.objects.filter(pk=int(from_id), removed_at__isnull=True).first()
    if origin is None or not access.can_view_case(request.user, origin):
        return
    SimilarCaseOpened.objects.get_or_create(from_case=origin, opened_case=opened, user=request.user)


def cycle_state(case, user):
    """Where the case stands in retrieve, reuse, revise and retain, in words. Two queries: one
    for the numbers, one for the opened similar cases this reader may see (named, linked)."""
    numbers = Reflection.objects.filter(case=case, removed_at__isnull=True, hidden_at__isnull=True).aggregate(
        reused=Count("pk", filter=Q(reuses_lesson_of__isnull=False)),
        alternatives=Count("pk", filter=Q(kind=Reflection.Kind.ALTERNATIVE)),
    )
    opened_ids = SimilarCaseOpened.objects.filter(from_case=case).values("opened_case_id")
    opened = list(
        _live_cases(access.visible_cases(user, Case.objects.filter(pk__in=opened_ids))).order_by("-created_at")[:10]
    )
    opened_count = SimilarCaseOpened.objects.filter(from_case=case).values("opened_case_id").distinct().count()
    steps = [
        {
            "step": "retrieve", "name": _("Retrieve"), "done": opened_count > 0,
            "text": ngettext("%(count)s similar case opened", "%(count)s similar cases opened", opened_count)
            % {"count": opened_count} if opened_count else _("no similar case opened yet"),
        },
        {
            "step": "reuse", "name": _("Reuse"), "done": numbers["reused"] > 0,
            "text": ngettext("%(count)s lesson reused", "%(count)s lessons reused", numbers["reused"])
            % {"count": numbers["reused"]} if numbers["reused"] else _("no lesson of another case reused yet"),
        },
        {
            "step": "revise", "name": _("Revise"), "done": numbers["alternatives"] > 0,
            "text": ngettext("%(count)s alternative proposed", "%(count)s alternatives proposed", numbers["alternatives"])
            % {"count": numbers["alternatives"]} if numbers["alternatives"] else _("no alternative proposed yet"),
        },
        {
            "step": "retain", "name": _("Retain"), "done": case.retained_at is not None,
            "text": "", "retained_at": case.retained_at,
        },
    ]
    return {"steps": steps, "opened": opened}


def lesson_quote(source):
    """The Markdown a reflection starts with when it reuses ``source``'s retained lesson: the
    lesson as a quote block and a link to the case. The link text names no title (the readers
    of this thread may not be allowed to see the other case); the link itself is a normal,
    access-checked case address."""
    from django.urls import reverse

    lines = [line.rstrip() for line in (source.lesson_learned or "").strip().splitlines()]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    link = reverse("cases:detail", args=[source.pk])
    return f"{quoted}\n>\n> — [{_('Lesson retained in another case')}]({link})\n\n"


def reusable_lesson(user, case_id, into):
    """The case whose retained lesson ``user`` may reuse in a reflection on ``into``, or None."""
    if not case_id or not str(case_id).isdigit() or int(case_id) == into.pk:
        return None
    source = _live_cases(Case.objects.filter(pk=int(case_id), stage=Case.Stage.RETAINED)).first()
    if source is None or not access.can_view_case(user, source) or not source.lesson_learned.strip():
        return None
    return source
