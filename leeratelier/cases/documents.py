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

On SQLite there are no documents: the Wagtail backend stays (``enabled()`` is False)."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F

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


def refresh_after_save(instance, update_fields=None):
    """Called by the model's ``save`` inside its transaction: the document follows the text.
    A save that touches no text (helpful, hidden, stage ...) leaves it alone."""
    if not enabled() or instance.pk is None:
        return
    if update_fields is not None and not (set(update_fields) & _text_fields(type(instance))):
        return
    refresh(type(instance)._base_manager.filter(pk=instance.pk))


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
