"""Finding cases: the case library of an atelier (casusbibliotheek) and the "similar cases"
panel, the "retrieve" step of the case-based reasoning cycle. Every list starts from
``policy.visible_cases``, so nothing here decides who may read a case; full text goes through
the cases' own search documents on PostgreSQL (cases.documents, Dutch stemming) and the Wagtail
backend on SQLite, and is then combined with the filters.

The library's list is the same for every reader with the same audience in the atelier
(``policy.audience_in_atelier``), so a page of it (without filters or a search) is kept in the
cache per atelier, audience, language, time zone and page number under two generations
(``core.generations``): the atelier's cases, which every case, reflection or pseudonym saved or
deleted in the atelier moves on, and the names, which every renamed or deleted person moves on
(``cases.signals``). The filter form, the same for everyone, is kept in the process under the
page-cache generation (the themes it offers are vocabulary), as the atelier is (``atelier_page``);
what differs per reader (the coordinator's links) stays live."""

import hashlib
import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from leeratelier.core import access, fragments, generations, pagecache
from leeratelier.core.forms import FilterForm
from leeratelier.core.i18n import active_language_code
from leeratelier.core.models import Role, Theme, Track
from leeratelier.core.views_toolkit import atelier_page
from search.views import clean_query

from . import documents, policy, services
from .models import Case, Reflection

CASES_PER_PAGE = 20
SIMILAR_LIMIT = 5
SIMILAR_CANDIDATES = 50
SIMILAR_CACHE_SECONDS = 60 * 60
# Enough words to describe a case, few enough to keep the search query cheap.
SIMILAR_MAX_WORDS = 30
# What the similar-cases panel never shows of a case: its search documents (the thread's grows
# with the thread) and its texts other than the retained lesson. Up to a hundred candidates are
# read to rank five.
PANEL_DEFERRED = (
    "search_document",
    "thread_document",
    "situation",
    "situation_html",
    "question",
    "question_html",
    "done_so_far",
    "done_so_far_html",
    "lesson_learned",
    "lesson_next_time",
    "lesson_next_time_html",
    "public_summary",
    "public_summary_html",
)


def findable_cases(user):
    """Cases the search backend may return to ``user``: readable, and never hidden or removed
    (a hidden case waits for a coordinator; a removed one has no content left to find)."""
    return policy.visible_cases(user, Case.objects.all()).filter(removed_at__isnull=True, hidden_at__isnull=True)


def search_ids(queryset, query, operator="and", limit=None):
    """Primary keys of the cases in ``queryset`` that match ``query``, best match first.
    Ids, not objects, so the caller can add its own filters, annotations and ordering in one
    query whatever the backend."""
    query = clean_query(query)
    if not query:
        return []
    if documents.enabled():
        # The cases' own search documents (cases.documents), filtered in the same query.
        found = documents.matching(queryset, query, any_word=operator == "or").values_list("pk", flat=True)
        return list(found[:limit] if limit else found)
    results = get_search_backend().search(query, queryset, operator=operator)
    return [case.pk for case in (results[:limit] if limit else results)]


def with_row_data(queryset):
    """What a row in a list shows, in the same query: author, pseudonym and the number of
    reflections that are still there (no query per row). The number is a correlated subquery,
    not a JOIN with GROUP BY: the database counts for the rows of the page shown only, not for
    every case of the atelier before it sorts and cuts the page."""
    reflections = (
        Reflection.objects.filter(case=OuterRef("pk"), removed_at__isnull=True, hidden_at__isnull=True)
        .order_by()
        .values("case")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.select_related("author", "pseudonym").annotate(
        reflection_count=Coalesce(Subquery(reflections, output_field=IntegerField()), 0)
    )


class LibraryFilterForm(FilterForm):
    q = forms.CharField(label=_("Search in the cases"), required=False, max_length=200)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages"))] + Case.Stage.choices)
    track = forms.ChoiceField(
        label=_("Track of impact"), required=False, choices=[("", _("All tracks"))] + Track.choices
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        label=_("Theme"),
        empty_label=_("All themes"),
        to_field_name="slug",
    )
    role = forms.ChoiceField(label=_("Who is involved"), required=False, choices=[("", _("All roles"))] + Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(locale__language_code=active_language_code()).order_by(
            "name"
        )

    def filter(self, queryset):
        """Apply the filters to a case queryset; the full-text query goes through the backend."""
        data = self.cleaned_data
        if data["stage"]:
            queryset = queryset.filter(stage=data["stage"])
        if data["track"]:
            queryset = queryset.filter(tracks__contains=data["track"])
        if data["role"]:
            queryset = queryset.filter(roles__contains=data["role"])
        if data["theme"]:
            # A subquery, not a join: a case may carry both language versions of a theme.
            themed = Case.themes.through.objects.filter(theme__translation_key=data["theme"].translation_key)
            queryset = queryset.filter(pk__in=themed.values("case_id"))
        return queryset


def library_cases(user, atelier, form=None):
    """The atelier's cases ``user`` may see, newest first, filtered by ``form`` (valid or None).
    Hidden cases stay in the list as a placeholder; a text query never finds them."""
    cases = policy.visible_cases(user, Case.objects.in_atelier(atelier).listed())
    if form is None:
        return with_row_data(cases).order_by("-created_at", "-pk")
    cases = form.filter(cases)
    query = form.cleaned_data["q"]
    if query:
        found = search_ids(findable_cases(user).in_atelier(atelier), query)
        cases = cases.filter(pk__in=found)
    return with_row_data(cases).order_by("-created_at", "-pk")


def _row_key(case):
    """A library row shows the same to every member who may see the case: cached by all it shows
    (leeratelier.core.fragments), so a new title, stage, reflection or name shows at once."""
    author = case.author
    return fragments.key(
        "case-row",
        case.pk,
        case.rendered_with,
        case.title,
        case.is_removed,
        case.is_hidden,
        case.stage,
        case.track_labels,
        case.reflection_count,
        case.created_at,
        case.pseudonym.name if case.pseudonym else None,
        (author.get_full_name() or author.get_username()) if author else None,
    )


def library_generation(atelier_key):
    """The generation of the cases of one atelier as the library lists them (cases.signals)."""
    return f"cases-library:{atelier_key}"


# The generation of the people's names a library row shows (an author's name, "a former member").
NAMES_GENERATION = "cases-library:names"

# The page numbers whose list is kept: those the pagination links to (no list is that long).
KEPT_PAGE = re.compile(r"[1-9][0-9]{0,3}", re.ASCII)


def _kept_page(request):
    """The page number of a list that is kept ("" for the first page without a number), or None
    when this request's list is rendered afresh: filters, a search or anything else in the query."""
    if not request.GET:
        return ""
    pages = request.GET.getlist("page")
    if list(request.GET) == ["page"] and len(pages) == 1 and KEPT_PAGE.fullmatch(pages[0]):
        return pages[0]
    return None


def _filter_form_html(request, form=None):
    """The filter form as HTML (``form``: the one the list was filtered with, if one was made).
    Kept in this process under the page-cache generation while no filter is set (as every reader
    first sees it), rendered afresh with a reader's filters."""

    def build():
        shown = form or LibraryFilterForm(request.GET or None)
        return render_to_string("cases/includes/library_filter.html", {"filter_form": shown})

    if any(any(values) for name, values in request.GET.lists() if name != "page"):
        return build()
    return pagecache.shared(
        f"cases-library-filter:{pagecache.generation()}:{get_language()}:{bool(request.GET)}", build
    )


def _render_list(request, atelier, form):
    """The list of cases (a page of rows and the pagination) as HTML."""
    if form.is_bound and not form.is_valid():
        cases = Case.objects.none()
    else:
        cases = library_cases(request.user, atelier, form if form.is_bound else None)
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    labels = dict(Track.choices)
    for case in rows:
        case.track_labels = [labels.get(track, track) for track in case.tracks]
    fragments.attach(rows, "case", "cases/includes/library_row.html", _row_key, {})
    return render_to_string(
        "cases/includes/library_list.html",
        {"cases": rows, "page_obj": page, "filtered": form.is_bound},
        request=request,
    )


@login_required
def library(request, page_id):
    """The case library of one atelier, for its members. A visitor is sent to sign in
    (login_required); a signed-in non-member gets a plain 404 that names nothing."""
    atelier = atelier_page(page_id)
    if not access.is_member(request.user, atelier):
        raise Http404
    kept_page = _kept_page(request)
    listing = form = None
    if kept_page is not None:
        audience = policy.audience_in_atelier(request.user, atelier.translation_key)
        key = (
            f"cases-library:{atelier.translation_key}:{audience}:{get_language()}:"
            f"{timezone.get_current_timezone_name()}:{kept_page}"
        )
        names = [library_generation(atelier.translation_key), NAMES_GENERATION]
        listing, stamp = generations.lookup(key, names)
    if listing is None:
        form = LibraryFilterForm(request.GET or None)
        listing = _render_list(request, atelier, form)
        if kept_page is not None:
            generations.store(key, stamp, listing)
    is_coordinator = access.atelier_roles(request.user).get(atelier.translation_key) == access.COORDINATOR
    return render(
        request,
        "cases/library.html",
        {
            "atelier": atelier,
            "is_coordinator": is_coordinator,
            "open_report_count": services.open_reports(atelier.translation_key).count() if is_coordinator else 0,
            "filter_form": _filter_form_html(request, form),
            "listing": listing,
        },
    )


def similarity_query(text):
    """The words of ``text`` that say something (longer than three letters), at most
    SIMILAR_MAX_WORDS of them: the query that finds cases like it."""
    return " ".join([word for word in re.findall(r"\w+", text or "") if len(word) > 3][:SIMILAR_MAX_WORDS])


def similar_to_text(text, user, exclude=None, limit=SIMILAR_LIMIT):
    """The cases most like ``text`` that ``user`` may see, best match first. Any shared word
    counts (operator "or"), so a long text still finds something."""
    # The case itself is dropped from the result, not the query: the backend filters only on
    # FilterFields, and the id is none.
    found = search_ids(findable_cases(user), similarity_query(text), operator="or", limit=limit + 1)
    ids = [pk for pk in found if exclude is None or pk != exclude.pk][:limit]
    if not ids:
        return []
    by_pk = {case.pk: case for case in with_row_data(Case.objects.filter(pk__in=ids).defer(*PANEL_DEFERRED))}
    return [by_pk[pk] for pk in ids if pk in by_pk]


# How much each kind of likeness weighs in the similar-cases panel: the text match (from 1 for
# the best match down to nearly 0 for the last candidate), and per shared method, theme or track.
WEIGHT_TEXT, WEIGHT_METHOD, WEIGHT_THEME, WEIGHT_TRACK = 3.0, 2.0, 1.0, 0.5


def _keys_of(case_ids, sharing_with=None):
    """{case id: {"themes": keys, "methods": keys}}: the translation keys of the themes and
    methods of the given cases, in one query (a UNION of the two link tables). With
    ``sharing_with`` (a case id) also the cases sharing a theme or method with that case, each with
    the keys it shares."""
    label = models.CharField()
    through_themes, through_methods = Case.themes.through.objects, Case.methods.through.objects
    in_themes, in_methods = Q(case_id__in=case_ids), Q(case_id__in=case_ids)
    if sharing_with is not None:
        own_themes = through_themes.filter(case_id=sharing_with).values("theme__translation_key")
        own_methods = through_methods.filter(case_id=sharing_with).values("methodpage__translation_key")
        in_themes |= Q(theme__translation_key__in=own_themes)
        in_methods |= Q(methodpage__translation_key__in=own_methods)
    themes = through_themes.filter(in_themes).values_list(
        "case_id", "theme__translation_key", models.Value("themes", output_field=label)
    )
    methods = through_methods.filter(in_methods).values_list(
        "case_id", "methodpage__translation_key", models.Value("methods", output_field=label)
    )
    keys = {}
    for case_id, key, field in themes.union(methods, all=True):
        keys.setdefault(case_id, {"themes": set(), "methods": set()})[field].add(key)
    return keys


def similar_cases(case, user, limit=SIMILAR_LIMIT):
    """For the panel on a case page: cases like this one, never the case itself, and only what
    the reader may see. Like = the words of its title and question, the methods tried, the
    themes and the tracks it shares (weighed by the WEIGHT_ constants).

    The full-text search is the expensive part (tens of milliseconds over tens of thousands of
    cases), and its answer does not depend on the reader: the best SIMILAR_CANDIDATES matches
    among all cases are kept in the cache (ids only) for SIMILAR_CACHE_SECONDS, keyed by the
    case's text. Cases sharing a method or theme join the candidates; each reader gets those
    the access function lets them find. Two queries, however many cases there are: the themes
    and methods of the case, of the candidates and of the cases sharing one, and the cases (only
    the cases when the case page read with the case that it has neither themes nor methods)."""
    text = f"{case.title} {case.question}"
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    key = f"cases:similar:{case.pk}:{digest}"
    candidates = cache.get(key)
    if candidates is None:
        every_case = Case.objects.filter(removed_at__isnull=True, hidden_at__isnull=True)
        found = search_ids(every_case, similarity_query(text), operator="or", limit=SIMILAR_CANDIDATES + 1)
        candidates = [pk for pk in found if pk != case.pk][:SIMILAR_CANDIDATES]
        cache.set(key, candidates, SIMILAR_CACHE_SECONDS)
    # The themes and methods of the case and the candidates, and the cases sharing one with the
    # case, in one query of the two link tables; the newest SIMILAR_CANDIDATES sharing cases join
    # the candidates, and the cases are then read by id. (Asked inside the cases' query, "a
    # candidate or sharing a theme" made PostgreSQL read every case: 24 ms at 20,000.)
    # A case without themes and methods shares none with any case: no counting, no query (the case
    # page reads whether it has any with the case; unknown, they are looked up).
    if getattr(case, "names_themes", True) or getattr(case, "names_methods", True):
        keys = _keys_of([case.pk, *candidates], sharing_with=case.pk)
    else:
        keys = {}
    shared = sorted(set(keys) - {case.pk, *candidates}, reverse=True)[:SIMILAR_CANDIDATES]
    # At most twice SIMILAR_CANDIDATES ids, so all are read (without their authors: the panel
    # names none) and put in order here: the text's candidates first, then the newest first.
    readable = findable_cases(user).exclude(pk=case.pk).filter(pk__in=[*candidates, *shared]).defer(*PANEL_DEFERRED)
    visible = sorted(with_row_data(readable).select_related(None), key=lambda found: (found.created_at, found.pk))
    visible.reverse()
    in_text = set(candidates)
    visible.sort(key=lambda found: found.pk not in in_text)
    if not visible:
        return []
    empty = {"themes": set(), "methods": set()}
    own = keys.get(case.pk, empty)
    rank = {pk: position for position, pk in enumerate(candidates)}
    tracks = set(case.tracks)
    for found in visible:
        position = rank.get(found.pk)
        text_score = WEIGHT_TEXT * (1 - position / max(len(candidates), 1)) if position is not None else 0
        theirs = keys.get(found.pk, empty)
        found.shared_methods = len(theirs["methods"] & own["methods"])
        found.shared_themes = len(theirs["themes"] & own["themes"])
        found.shared_tracks = len(set(found.tracks) & tracks)
        found.similarity = (
            text_score
            + WEIGHT_METHOD * found.shared_methods
            + WEIGHT_THEME * found.shared_themes
            + WEIGHT_TRACK * found.shared_tracks
        )
    visible = [found for found in visible if found.similarity > 0]
    return sorted(visible, key=lambda found: (-found.similarity, rank.get(found.pk, len(rank))))[:limit]


@login_required
def similar(request):
    """Similar cases while writing a case in an atelier (``?atelier=<page id>&q=<text>``).
    Called from the case form it returns the panel alone; opened directly (no JavaScript) it
    is a plain page with its own form."""
    atelier = atelier_page(request.GET.get("atelier", ""))
    if not access.is_member(request.user, atelier):
        raise Http404
    query = clean_query(request.GET.get("q", ""))
    context = {"atelier": atelier, "query": query, "similar": similar_to_text(query, request.user) if query else []}
    if request.headers.get("X-Requested-With") == "fetch" or request.GET.get("partial"):
        return render(request, "cases/includes/similar_cases.html", context)
    return render(request, "cases/similar.html", context)
