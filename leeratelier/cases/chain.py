"""The chain case - method - practice, and the reasoning cycle made visible on a case page.

A case names the methods tried (toolbox) and the practices it relates to (registry). A method or
practice page shows how many cases in ateliers used it and, to members who may read them, which
ones. Both go through the one access function: ``policy.countable_cases`` for the number (never a
case of a hidden atelier the reader may not see) and ``policy.visible_cases`` for the titles.
Each costs a fixed number of queries, however many cases there are."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leeratelier.core.i18n import pages_in_active_language

from . import policy
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
    count = policy.countable_cases(user, cases).count()
    listed = []
    if count and user is not None and user.is_authenticated:
        listed = list(policy.visible_cases(user, cases).order_by("-created_at", "-pk")[:CASES_LISTED])
    return {"count": count, "listed": listed, "more": max(0, count - len(listed)) if listed else 0}


def published(model):
    """The pages a case may link: published and public (any language)."""
    return model.objects.live().public()


def linked_pages(case, field=None):
    """The published methods and practices a case names, in the reader's language, in one
    query: {"methods": [...], "practices": [...]} (or the one list of ``field``). Base pages
    (not ``specific``): a title and an address is all the case page shows."""
    from wagtail.models import Page

    from leeratelier.toolbox.models import MethodPage

    method_keys = case.methods.values("translation_key")
    practice_keys = case.practices.values("translation_key")
    pages = (
        Page.objects.live()
        .public()
        .filter(
            Q(translation_key__in=method_keys, content_type__model="methodpage", content_type__app_label="toolbox")
            | Q(
                translation_key__in=practice_keys,
                content_type__model="practicepage",
                content_type__app_label="pioneers",
            )
        )
    )
    found = {"methods": [], "practices": []}
    for page in pages_in_active_language(pages).select_related("locale", "content_type").order_by("title"):
        found["methods" if page.content_type.model == MethodPage._meta.model_name else "practices"].append(page)
    return found[field] if field else found


# --- the reasoning cycle on the case page --------------------------------------------------------


def record_opened(request, opened, from_id):
    """A member followed a link in the similar-cases panel of case ``from_id`` to ``opened``:
    recorded once per member and pair, only when the member may read both cases."""
    if not from_id or not str(from_id).isdigit() or int(from_id) == opened.pk:
        return
    origin = Case.objects.filter(pk=int(from_id), removed_at__isnull=True).first()
    if origin is None or not policy.can_view_case(request.user, origin):
        return
    SimilarCaseOpened.objects.get_or_create(from_case=origin, opened_case=opened, user=request.user)


def with_cycle_numbers(queryset):
    """Annotate cases with the number of similar cases opened from them, as a subquery of the
    query that loads the case; the thread's numbers come from ``thread_numbers``."""
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    opened = (
        SimilarCaseOpened.objects.filter(from_case=OuterRef("pk"))
        .values("from_case")
        .annotate(n=Count("opened_case", distinct=True))
        .values("n")
    )
    return queryset.annotate(cycle_opened=Coalesce(Subquery(opened, output_field=IntegerField()), 0))


def thread_numbers(case):
    """What the case page counts of the thread, in one pass over it: its length (every
    reflection, as the thread lists them) and, of the reflections still shown, the lessons of
    other cases reused and the alternatives proposed (the reasoning cycle)."""
    shown = Q(removed_at__isnull=True, hidden_at__isnull=True)
    return Reflection.objects.filter(case_id=case.pk).aggregate(
        length=Count("pk"),
        reused=Count("pk", filter=shown & Q(reuses_lesson_of__isnull=False)),
        alternatives=Count("pk", filter=shown & Q(kind=Reflection.Kind.ALTERNATIVE)),
    )


def cycle_numbers(case, thread=None):
    """The reasoning cycle's numbers of one case: from ``thread`` (``thread_numbers``) and the
    case as ``with_cycle_numbers`` loads it, each counted when not given."""
    thread = thread or thread_numbers(case)
    if hasattr(case, "cycle_opened"):
        opened = case.cycle_opened
    else:
        opened = SimilarCaseOpened.objects.filter(from_case=case).aggregate(n=Count("opened_case", distinct=True))["n"]
    return {"reused": thread["reused"], "alternatives": thread["alternatives"], "opened": opened}


def cycle_state(case, user, thread=None):
    """Where the case stands in retrieve, reuse, revise and retain, in words. No query when the
    case was loaded ``with_cycle_numbers``, ``thread`` holds its ``thread_numbers`` and nothing
    was opened from it yet; else one for the opened similar cases this reader may see (named,
    linked)."""
    numbers = cycle_numbers(case, thread)
    opened_count = numbers["opened"]
    opened = []
    if opened_count:
        opened_ids = SimilarCaseOpened.objects.filter(from_case=case).values("opened_case_id")
        opened = list(
            _live_cases(policy.visible_cases(user, Case.objects.filter(pk__in=opened_ids))).order_by("-created_at")[:10]
        )
    steps = [
        {
            "step": "retrieve",
            "name": _("Retrieve"),
            "done": opened_count > 0,
            "text": ngettext("%(count)s similar case opened", "%(count)s similar cases opened", opened_count)
            % {"count": opened_count}
            if opened_count
            else _("no similar case opened yet"),
        },
        {
            "step": "reuse",
            "name": _("Reuse"),
            "done": numbers["reused"] > 0,
            "text": ngettext("%(count)s lesson reused", "%(count)s lessons reused", numbers["reused"])
            % {"count": numbers["reused"]}
            if numbers["reused"]
            else _("no lesson of another case reused yet"),
        },
        {
            "step": "revise",
            "name": _("Revise"),
            "done": numbers["alternatives"] > 0,
            "text": ngettext(
                "%(count)s alternative proposed", "%(count)s alternatives proposed", numbers["alternatives"]
            )
            % {"count": numbers["alternatives"]}
            if numbers["alternatives"]
            else _("no alternative proposed yet"),
        },
        {
            "step": "retain",
            "name": _("Retain"),
            "done": case.retained_at is not None,
            "text": "",
            "retained_at": case.retained_at,
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
    if source is None or not policy.can_view_case(user, source) or not source.lesson_learned.strip():
        return None
    return source
