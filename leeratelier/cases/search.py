"""The "Cases" tab of the site search. Two kinds of result:

- cases the reader may read (``policy.visible_cases``; hidden and removed ones never), found by
  their own text or by a reflection on them (``policy.visible_reflections``; never hidden or
  removed reflections); a case found through a reflection shows that reflection's text and
  leads to the page of the thread that holds it, with the reflection marked;
- approved public summaries (public: everyone finds them), found by the summary's text only: the summary is what its author wrote for the public, never the title
  or the thread.

On PostgreSQL the cases and reflections are matched on their own search documents
(cases.documents) with the access filter in the same query; on SQLite through the Wagtail
backend, as before."""

from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from search.tabs import SearchSource, SearchTab, register_source, register_tab
from search.views import SNIPPET_WORDS, highlight

from . import documents, policy
from .library import findable_cases
from .models import Case, Reflection

# Enough to page through; a search that finds more should be narrowed down.
MAX_RESULTS = 200


def findable_reflections(user):
    """Reflections the search may return to ``user``: on cases they may find, not hidden or
    removed. On PostgreSQL a join on the case, checked by the access function in the same query
    as the match; the Wagtail backend (SQLite) filters on the reflection's own fields only, so
    there the cases come as a subquery of ``findable_cases``."""
    reflections = Reflection.objects.filter(removed_at__isnull=True, hidden_at__isnull=True)
    if documents.enabled():
        return policy.visible_reflections(
            user, reflections.filter(case__removed_at__isnull=True, case__hidden_at__isnull=True)
        )
    return reflections.filter(case_id__in=findable_cases(user).values("pk"))


def _direct_and_via(user, query):
    """([ids of cases matching the query], {case id: reflection id or None} for cases found
    only through a reflection), best first. On PostgreSQL both come from the cases' documents
    (their own and their thread's, cases.documents); the reflection to mark is looked up for the
    page shown only (``attach_cases``), so here it is None."""
    if documents.enabled():
        cases = findable_cases(user)
        direct = list(documents.matching(cases, query).values_list("pk", flat=True)[:MAX_RESULTS])
        text = documents.text_query(query)
        # Newest cases first: ranking every thread that holds a common word costs more than it tells.
        through_thread = (
            cases.filter(thread_document=text)
            .exclude(pk__in=direct)
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)[:MAX_RESULTS]
        )
        return direct, dict.fromkeys(documents.from_the_index(through_thread))
    backend = get_search_backend()
    direct = [case.pk for case in backend.search(query, findable_cases(user), operator="and")[:MAX_RESULTS]]
    found = backend.search(query, findable_reflections(user), operator="and")[:MAX_RESULTS]
    seen, via = set(direct), {}
    for reflection in found:
        if reflection.case_id not in seen:
            via.setdefault(reflection.case_id, reflection.pk)
    return direct, via


class Hit:
    """One result of the Cases tab: a case, found by its own text or through a reflection
    (``via``; ``reflection_id`` is that reflection once known). The tab counts and ranks hits by
    id; ``attach_cases`` loads the rows of the page shown only, with the columns it shows."""

    __slots__ = ("case_id", "via", "reflection_id", "query", "case", "reflection")

    def __init__(self, case_id, query, via=False, reflection_id=None):
        self.case_id, self.query, self.via, self.reflection_id = case_id, query, via, reflection_id
        self.case = self.reflection = None


def search_cases(request, query):
    """Cases matching the query, then cases with a matching reflection (each case once)."""
    if not request.user.is_authenticated:
        return []
    direct, via = _direct_and_via(request.user, query)
    return [Hit(pk, query) for pk in direct] + [Hit(pk, query, True, reflection) for pk, reflection in via.items()]


# What a result shows of a case and of a reflection (not the Markdown sources, not the rest).
CASE_COLUMNS = ("pk", "title", "stage", "created_at", "situation_html", "question_html")
REFLECTION_COLUMNS = ("pk", "case_id", "body_html")


def attach_cases(hits, request):
    """The cases and the matched reflections of one page of hits, in at most three queries
    whatever the page: the cases, the newest matching reflection of each case found through
    its thread (PostgreSQL: the thread document said there is one), the reflections."""
    cases = Case.objects.only(*CASE_COLUMNS).in_bulk([hit.case_id for hit in hits])
    unknown = [hit for hit in hits if hit.via and hit.reflection_id is None]
    if unknown:
        newest = (
            findable_reflections(request.user)
            .filter(
                case_id__in=[hit.case_id for hit in unknown], search_document=documents.text_query(unknown[0].query)
            )
            .order_by("case_id", "-created_at", "-pk")
            .distinct("case_id")
            .values_list("case_id", "pk")
        )
        by_case = dict(newest)
        for hit in unknown:
            hit.reflection_id = by_case.get(hit.case_id)
    wanted = [hit.reflection_id for hit in hits if hit.reflection_id]
    reflections = Reflection.objects.only(*REFLECTION_COLUMNS).in_bulk(wanted) if wanted else {}
    for hit in hits:
        hit.case, hit.reflection = cases.get(hit.case_id), reflections.get(hit.reflection_id)


def case_url(case):
    return reverse("cases:detail", args=[case.pk])


def reflection_url(reflection):
    """The case page opened at the reflection: the case view finds its page and marks it."""
    return f"{case_url(reflection.case)}?at={reflection.pk}#reflection-{reflection.pk}"


def describe_case(hit, query, request):
    # The snippet comes from the sanitised HTML, never from the Markdown source.
    case, reflection = hit.case, hit.reflection
    if case is None:  # removed between the match and this page: nothing to show
        return None
    text = strip_tags(reflection.body_html if reflection else f"{case.situation_html} {case.question_html}")
    snippet = Truncator(" ".join(text.split())).words(SNIPPET_WORDS)
    if reflection:
        reflection.case = case
    return {
        "title": case.title,
        "url": reflection_url(reflection) if reflection else case_url(case),
        "type": " · ".join(
            ([str(_("Found in a reflection"))] if reflection else [])
            + [
                str(Case._meta.verbose_name),
                case.get_stage_display(),
                formats.date_format(case.created_at, "DATE_FORMAT"),
            ]
        ),
        "snippet": highlight(snippet, query),
        # Members write in their own language; claim none other than the page's.
        "lang": get_language(),
    }


# --- public summaries ---------------------------------------------------------------------------


def search_public_summaries(request, query):
    """Approved public summaries matching the query, by the summary text only, for everyone (a
    member who may read the case finds the case by its own text). Few rows: matched on the fly."""
    summaries = Case.objects.with_public_summary()
    if documents.enabled():
        from django.contrib.postgres.search import SearchRank, SearchVector

        vector = SearchVector("public_summary", config=documents.CONFIG)
        text = documents.text_query(query)
        return (
            summaries.annotate(summary_document=vector)
            .filter(summary_document=text)
            .annotate(rank=SearchRank(vector, text))
            .order_by("-rank", "-pk")
        )
    for word in query.split()[:20]:
        summaries = summaries.filter(Q(public_summary__icontains=word))
    return summaries.order_by("-retained_at", "-pk")


def describe_public_summary(case, query, request):
    text = Truncator(" ".join(strip_tags(case.public_summary_html).split())).words(SNIPPET_WORDS)
    return {
        # Never the case's title: the summary is all that is public.
        "title": str(_("Lesson from practice")),
        "url": reverse("cases:public_summary", args=[case.pk]),
        "type": str(_("Public summary")),
        "snippet": highlight(text, query),
        "lang": get_language(),
    }


def hit_key(hit):
    return (hit.case_id, hit.via, hit.reflection_id)


def load_hits(keys, query):
    """Hits kept by the search's cache (search/cache.py), as found: their rows come in
    ``attach_cases``."""
    return {key: Hit(key[0], query, key[1], key[2]) for key in keys}


register_tab(
    SearchTab(
        slug="cases",
        label=_("Cases"),
        search=search_cases,
        describe=describe_case,
        prepare=attach_cases,
        order=30,
        key=hit_key,
        load=load_hits,
        # A case or a reflection posted, edited, hidden, restored or removed changes the results.
        models=(Case, Reflection),
    )
)
register_source(
    "cases",
    SearchSource("case-summaries", search_public_summaries, describe_public_summary, model=Case, models=(Case,)),
)
