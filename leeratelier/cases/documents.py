"""The search documents of cases and reflections on PostgreSQL.

Wagtail's database backend keeps one index table for every kind of object and joins it to the
searched rows on ``object_id::text``: to search the reflections a member may read, PostgreSQL
had to read every such reflection first, then look each up in the index (289 ms at 200,000
reflections, and no answer at all under load). Here each case and reflection carries its own
``tsvector`` (``search_document``, Dutch configuration, title weight A, text weight B) with a GIN
index, so one query matches the document and applies the access function's filter together, and
the plan starts from the index.

The document is written in the same transaction as the post (``Case.save``/``Reflection.save``
call ``refresh_after_save``), so a new or edited text is found at once; hidden and removed
posts keep their document but every search filters them out on their own columns. Rows written
in bulk (the benchmark generator, the migration) are filled with ``refresh``.

Each case also carries the document of its thread (``thread_document``): the documents of its
reflections that are neither hidden nor removed, merged, with a GIN index. The Cases tab finds
"a case with a matching reflection" on the 20,000 cases instead of the 200,000 reflections
(which cost reading every matching reflection row, 50-80 ms for a common word), and looks up the
reflection to mark for the page shown only. A reflection's save that changes its text, hidden or
removed state rewrites its case's thread document in the same transaction.

On SQLite there are no documents: the Wagtail backend stays (``enabled()`` is False)."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete

CONFIG = "dutch"
CASE_TITLE = "title"
CASE_TEXT_FIELDS = ("situation", "question", "done_so_far", "lesson_learned", "lesson_next_time")
REFLECTION_TEXT_FIELDS = ("body",)


def enabled(using=None):
    """Whether the search documents are in use: on PostgreSQL only."""
    return connection.vendor == "postgresql"


def case_vector():
    return SearchVector(CASE_TITLE, weight="A", config=CONFIG) + SearchVector(
        *CASE_TEXT_FIELDS, weight="B", config=CONFIG
    )


def reflection_vector():
    return SearchVector(*REFLECTION_TEXT_FIELDS, weight="B", config=CONFIG)


def _vector_for(model):
    return case_vector() if model._meta.model_name == "case" else reflection_vector()


def _text_fields(model):
    if model._meta.model_name == "case":
        return {CASE_TITLE, *CASE_TEXT_FIELDS}
    return set(REFLECTION_TEXT_FIELDS)


def refresh(queryset):
    """Recompute the documents of the rows in ``queryset`` (one UPDATE); PostgreSQL only."""
    if not enabled():
        return 0
    return queryset.update(search_document=_vector_for(queryset.model))


# What a reflection's save changes in its case's thread document.
THREAD_FIELDS = {*REFLECTION_TEXT_FIELDS, "hidden_at", "removed_at"}


def refresh_after_save(instance, update_fields=None):
    """Called by the model's ``save`` inside its transaction: the document follows the text,
    and a reflection's thread document follows its text, hidden and removed state. A save that
    touches none of these (helpful, stage ...) leaves them alone."""
    if not enabled() or instance.pk is None:
        return
    changed = set(update_fields) if update_fields is not None else None
    if changed is None or changed & _text_fields(type(instance)):
        refresh(type(instance)._base_manager.filter(pk=instance.pk))
    if instance._meta.model_name == "reflection" and (changed is None or changed & THREAD_FIELDS):
        refresh_threads([instance.case_id])


def refresh_threads(case_ids):
    """Rewrite the thread documents of these cases from their reflections' documents (hidden and
    removed ones left out): one UPDATE. The documents' text forms are joined and read back as
    one ``tsvector``, which merges the lexemes without stemming the text again."""
    if not enabled() or not case_ids:
        return
    from .models import Case, Reflection

    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Case._meta.db_table} AS c SET thread_document = (
                SELECT COALESCE(string_agg(r.search_document::text, ' '), '')::tsvector
                FROM {Reflection._meta.db_table} AS r
                WHERE r.case_id = c.id AND r.hidden_at IS NULL AND r.removed_at IS NULL
            )
            WHERE c.id = ANY(%s)
            """,
            [list(case_ids)],
        )


def from_the_index(queryset):
    """The rows of ``queryset`` (a list), read with the plan that starts from the GIN index.
    For a word in half the threads the planner prefers to read the whole table: it does not count
    the cost of unpacking every long thread document it then tests (175 ms against 22 ms at
    20,000 cases). The setting holds for this one query and is then put back."""
    if not enabled():
        return list(queryset)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        (before,) = cursor.fetchone()
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            return list(queryset)
        finally:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])


def text_query(text, any_word=False):
    """The full-text query for what a reader typed. ``plainto_tsquery`` (every word must match)
    or, for "similar cases", ``websearch_to_tsquery`` with the words joined by "or": neither
    gives operators or quotes any meaning, so no input is a syntax error."""
    if any_word:
        return SearchQuery(" or ".join(text.split()), search_type="websearch", config=CONFIG)
    return SearchQuery(text, search_type="plain", config=CONFIG)


def matching(queryset, text, any_word=False):
    """The rows of ``queryset`` whose document matches ``text``, best first (``rank``)."""
    query = text_query(text, any_word=any_word)
    return (
        queryset.filter(search_document=query)
        .annotate(rank=SearchRank(F("search_document"), query))
        .order_by("-rank", "-pk")
    )


def _thread_after_delete(sender, instance, **kwargs):
    """A reflection deleted outright (not removed by its author) leaves its thread's document."""
    refresh_threads([instance.case_id])


post_delete.connect(_thread_after_delete, sender="cases.Reflection", dispatch_uid="cases-thread-document")
