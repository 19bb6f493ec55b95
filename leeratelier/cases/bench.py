"""Benchmark data of the cases: at scale 1, 20,000 cases with 200,000 reflections, one case with
1,000 of them (the longest thread the benchmark pages through). See leeratelier/core/bench.py."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from leeratelier.core import sanitize
from leeratelier.core.bench import BATCH, bulk_create, register_step
from leeratelier.core.models import Role, Track

from .models import Case, Reflection

LONG_THREAD_TITLE = "Bench: de casus met duizend reflecties"
POOL = 3000  # distinct texts, rendered once: sanitising 220,000 texts would take the whole budget


def _pool(context, make):
    pool = []
    for _ in range(POOL):
        source = make()
        pool.append((source, sanitize.render_markdown(source)))
    return pool


@register_step(order=20)
def cases(context):
    members_by_atelier = context.made["members_by_atelier"]
    keys = list(members_by_atelier)
    context.made["case_atelier_keys"] = keys
    target_cases, target_reflections = context.count(20000), context.count(200000)
    existing = Case.objects.filter(atelier_key__in=keys)
    reflections = Reflection.objects.filter(case__atelier_key__in=keys)
    if existing.count() == target_cases and reflections.count() == target_reflections:
        context.say(f"  cases: {target_cases:,} with {target_reflections:,} reflections already there")
        return
    with transaction.atomic():
        _index_entries(Reflection, reflections).delete()
        _index_entries(Case, existing).delete()
        reflections.delete()
        existing.delete()
        paragraphs = _pool(context, context.text.paragraphs)
        questions = _pool(context, lambda: context.text.paragraph((1, 2)))
        version = sanitize.SANITIZER_VERSION
        roles = [value for value, _ in Role.choices]
        tracks = [value for value, _ in Track.choices]
        stages = [Case.Stage.OPEN, Case.Stage.REFLECTING, Case.Stage.REFLECTING, Case.Stage.RETAINED]
        now = timezone.now()
        kinds = [value for value, _ in Reflection.Kind.choices]
        long_thread = min(1000, target_reflections)
        per_case, extra = divmod(target_reflections - long_thread, max(target_cases - 1, 1))

        def case(n):
            key = keys[n % len(keys)]
            situation, situation_html = context.rng.choice(paragraphs)
            question, question_html = context.rng.choice(questions)
            stage = context.rng.choice(stages)
            lesson, lesson_html = context.rng.choice(questions) if stage == Case.Stage.RETAINED else ("", "")
            return Case(
                atelier_key=key,
                author_id=context.rng.choice(members_by_atelier[key]),
                title=LONG_THREAD_TITLE if n == 0 else context.text.title((4, 9)),
                situation=situation,
                situation_html=situation_html,
                question=question,
                question_html=question_html,
                roles=context.rng.sample(roles, 2),
                tracks=context.rng.sample(tracks, context.rng.randint(1, 3)),
                visibility=Case.Visibility.MEMBERS if n % 10 == 0 else Case.Visibility.ATELIER,
                anonymised_confirmed=True,
                stage=stage,
                lesson_learned=lesson,
                lesson_learned_html=lesson_html,
                retained_at=now if lesson else None,
                rendered_with=version,
                created_at=now - timedelta(days=context.rng.randint(0, 1800), minutes=n),
            )

        def reflections_of(cases, first):
            """The reflections of a batch of saved cases (the first case of all gets the long thread)."""
            for position, saved in enumerate(cases, start=first):
                count = long_thread if position == 0 else per_case + (1 if position <= extra else 0)
                for number in range(count):
                    body, body_html = context.rng.choice(paragraphs)
                    yield Reflection(
                        case_id=saved.pk,
                        author_id=context.rng.choice(members_by_atelier[saved.atelier_key]),
                        kind=context.rng.choice(kinds),
                        body=body,
                        body_html=body_html,
                        rendered_with=version,
                        helpful=number % 7 == 0,
                        created_at=saved.created_at + timedelta(hours=number + 1),
                    )

        # Streamed: a batch of cases is saved, then its reflections (a batch at a time), then the
        # next batch of cases; nothing holds the whole table (peak memory flat at any scale).
        case_progress = context.progress("cases and reflections", target_cases + target_reflections)
        for first in range(0, target_cases, BATCH):
            cases = bulk_create(Case, (case(n) for n in range(first, min(first + BATCH, target_cases))), keep=True)
            case_progress.advance(len(cases))
            bulk_create(Reflection, reflections_of(cases, first), case_progress)
        case_progress.finish()


def _index_entries(model, rows):
    """The search index entries of these rows (the index keys objects by their id as text)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from django.db.models.functions import Cast
    from wagtail.search.models import IndexEntry

    return IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=rows.annotate(object_id=Cast("pk", CharField())).values("object_id"),
    )


@register_step(order=90)
def case_search_index(context):
    """The search index of cases and reflections (bulk inserts skip Wagtail's signals), built last:
    every page saved after it would pay for a larger index (the PostgreSQL backend recomputes
    title norms over the whole index table on each save). Reflections are indexed too, so the
    Cases search tab searches what a real site holds. Skipped when the index is complete, and
    on PostgreSQL, where cases and reflections have their own documents (cases.models,
    WAGTAIL_INDEXED) and no entry in Wagtail's index."""
    from .models import WAGTAIL_INDEXED

    if not WAGTAIL_INDEXED:
        return
    keys = context.made["case_atelier_keys"]
    backend = get_search_backend()
    for model, rows in (
        (Case, Case.objects.filter(atelier_key__in=keys)),
        (Reflection, Reflection.objects.filter(case__atelier_key__in=keys)),
    ):
        total = rows.count()
        if _index_entries(model, rows).count() >= total:
            context.say(f"  search index ({model._meta.model_name}): {total:,} already there")
            continue
        progress = context.progress(f"search index ({model._meta.model_name})", total)
        last = 0
        while True:  # by primary key, not OFFSET: constant time per chunk
            chunk = list(rows.filter(pk__gt=last).order_by("pk")[:2000])
            if not chunk:
                break
            backend.add_bulk(model, chunk)
            last = chunk[-1].pk
            progress.advance(len(chunk))
        progress.finish()


@register_step(order=91)
def case_search_documents(context):
    """The cases' and reflections' own search documents and the cases' thread documents
    (PostgreSQL, cases.documents): bulk inserts skip ``save``, so they are filled here, in chunks
    by primary key. Skipped where every row has them, and on SQLite."""
    from . import documents

    if not documents.enabled():
        return
    keys = context.made["case_atelier_keys"]
    for model, rows in (
        (Case, Case.objects.filter(atelier_key__in=keys)),
        (Reflection, Reflection.objects.filter(case__atelier_key__in=keys)),
    ):
        missing = rows.filter(search_document__isnull=True)
        total = missing.count()
        if not total:
            context.say(f"  search documents ({model._meta.model_name}): already there")
            continue
        progress = context.progress(f"search documents ({model._meta.model_name})", total)
        last = 0
        while True:
            chunk = list(missing.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:5000])
            if not chunk:
                break
            documents.refresh(model.objects.filter(pk__in=chunk))
            last = chunk[-1]
            progress.advance(len(chunk))
        progress.finish()
    # The cases' thread documents, from the reflections' documents just written.
    missing = Case.objects.filter(atelier_key__in=keys, thread_document__isnull=True)
    total = missing.count()
    if not total:
        context.say("  thread documents: already there")
        return
    progress = context.progress("thread documents", total)
    last = 0
    while True:
        chunk = list(missing.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:2000])
        if not chunk:
            break
        documents.refresh_threads(chunk)
        last = chunk[-1]
        progress.advance(len(chunk))
    progress.finish()
