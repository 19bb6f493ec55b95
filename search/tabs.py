"""The tabs of the search page. Each kind of result has its own query (a *source*), so public
and private results are never mixed up: an app that adds a content type (meetings, practices,
methods, cases, reports) registers a tab, or a source inside another app's tab, from its own
``search.py`` and filters through the access function inside its ``search``.

The "All" tab (the first, where the header's search box lands) holds every source of every tab
and ranks them together by reciprocal rank fusion: a result's score is the sum over the lists it
is in of 1 / (RRF_K + its position there), each source ranking its own results as its tab does.
Scores of different backends (PostgreSQL ranks, SQLite's bm25, dates) cannot be compared;
positions can. A result is in one source only, so the All tab's count is the sum of the tabs'
counts, and page n of the All tab needs at most n × page size results of each source.

What each source found (the keys of its first results and its count) is kept for the next reader
with the same query, language and rights (search/cache.py); the objects shown are loaded afresh.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction

from leeratelier.core import access
from leeratelier.core.i18n import pages_in_active_language

from . import cache as results_cache

ALL = "all"
# The usual constant of reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009).
RRF_K = 60


def _primary_key(obj):
    return obj.pk


@dataclass
class SearchSource:
    """One kind of result: ``search(request, query)`` returns the results the reader may see,
    best first (a queryset, a Wagtail search result set or a list); ``describe(obj, query,
    request)`` gives the template {"title", "url", "type", "snippet", "lang"}.

    What was found is kept by key (search/cache.py): ``key(obj)`` gives a result's key (its
    primary key, or a small tuple), ``load(keys, query)`` the objects of those keys ({key: obj};
    by default the primary keys of ``model``); ``models``: the models other than pages whose
    saving or deleting changes the results (pages move the page-cache generation on anyway)."""

    slug: str
    search: Callable
    describe: Callable | None = None
    # prepare(objects, request): called once with the page's objects of this source before they
    # are described, to load what they show in one query instead of one per result
    prepare: Callable | None = None
    model: type | None = None
    key: Callable = _primary_key
    load: Callable | None = None
    models: tuple = ()

    def objects(self, keys, query):
        if self.load is not None:
            return self.load(keys, query)
        return self.model._default_manager.in_bulk(keys)


@dataclass
class SearchTab:
    slug: str
    label: str
    # search(request, query) -> the tab's main source (see SearchSource)
    search: Callable | None = None
    order: int = 100
    describe: Callable | None = None
    prepare: Callable | None = None
    model: type | None = None
    key: Callable = _primary_key
    load: Callable | None = None
    models: tuple = ()

    @property
    def sources(self):
        if self.slug == ALL:
            return [source for tab in tabs() if tab.slug != ALL for source in tab.sources]
        main = (
            [
                SearchSource(
                    self.slug, self.search, self.describe, self.prepare, self.model, self.key, self.load, self.models
                )
            ]
            if self.search
            else []
        )
        return main + _extra_sources.get(self.slug, [])


_tabs: dict[str, SearchTab] = {}
_extra_sources: dict[str, list] = {}
# Page types that have a tab of their own and so stay out of the general "pages" tab.
_claimed_page_types: list = []


def register_tab(tab, page_types=()):
    _tabs[tab.slug] = tab
    _claimed_page_types.extend(page_types)
    results_cache.watch(tab.models)
    return tab


def register_source(tab_slug, source):
    """Add a kind of result to another app's tab (e.g. method experiences to "Methods")."""
    _extra_sources.setdefault(tab_slug, []).append(source)
    results_cache.watch(source.models)
    return source


def tabs():
    return sorted(_tabs.values(), key=lambda tab: tab.order)


def get_tab(slug):
    return _tabs.get(slug) or tabs()[0]


class Found:
    """One source's results for one request: the keys of its first results and its count, each
    worked out at most once (or taken from ``stored``, what an earlier search kept); the
    source's query runs only when something is not known yet."""

    def __init__(self, source, request, query, stored=None):
        self.source, self.request, self.query = source, request, query
        self._results = None
        self._keys, self._count = (list(stored[0]), stored[1]) if stored else ([], None)
        self._objects = {}

    @property
    def results(self):
        if self._results is None:
            self._results = self.source.search(self.request, self.query)
        return self._results

    def head(self, stop):
        """The keys of the first ``stop`` results (one query, reused for a shorter head). A head
        shorter than asked for is all there is: it gives the count too, without a query."""
        if stop > len(self._keys) and (self._count is None or len(self._keys) < self._count):
            objects = list(self.results[:stop])
            self._keys = [self.source.key(obj) for obj in objects]
            self._objects.update(zip(self._keys, objects))
            if len(objects) < stop:
                self._count = len(objects)
        return self._keys[:stop]

    def objects(self, keys):
        """{key: object} of these keys: those the query just fetched, the others loaded."""
        missing = [key for key in keys if key not in self._objects]
        if missing:
            self._objects.update(self.source.objects(missing, self.query))
        return {key: self._objects[key] for key in keys if key in self._objects}

    @property
    def count(self):
        if self._count is None:
            results = self.results
            self._count = len(results) if isinstance(results, (list, tuple)) else results.count()
        return self._count

    def stored(self):
        return (tuple(self._keys), self._count)


class Merged:
    """The results of several sources as one list for Django's Paginator, ranked by reciprocal
    rank fusion; items are (source, object)."""

    def __init__(self, found):
        self.found = found

    def count(self):
        return sum(each.count for each in self.found)

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice):
            return self[window : window + 1][0]
        start, stop = window.start or 0, window.stop if window.stop is not None else self.count()
        return Window(self, start, stop)

    def items(self, start, stop):
        scored = []
        for order, each in enumerate(self.found):
            for position, key in enumerate(each.head(stop)):
                scored.append((1 / (RRF_K + position + 1), order, position, each, key))
        scored.sort(key=lambda item: (-item[0], item[1], item[2]))
        shown = scored[start:stop]
        objects = {}
        for each in self.found:
            keys = [key for _, _, _, found, key in shown if found is each]
            if keys:
                objects[each.source.slug] = each.objects(keys)
        # A result gone since it was found (deleted) is left out: the generations moved on, so
        # the next search finds it no more either.
        return [
            (each.source, objects[each.source.slug][key])
            for _, _, _, each, key in shown
            if key in objects[each.source.slug]
        ]


class Window(Sequence):
    """A page of Merged results, worked out when first read: a page whose results an earlier
    search kept described (search.views) never loads its objects."""

    def __init__(self, merged, start, stop):
        self.merged, self.start, self.stop = merged, start, stop
        self._items = None

    def _all(self):
        if self._items is None:
            self._items = self.merged.items(self.start, self.stop)
        return self._items

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self):
        return len(self._all())


def run(tab, request, query, expect=0, entries=None):
    """(Merged results of ``tab``, {tab slug: count} for every tab) for ``query``. ``expect``:
    how many of the tab's first results the page will need, fetched in one query per source.
    Every source is counted (one query each, however many it finds, unless an earlier search of
    the same kept it), so the number of queries of a search page does not depend on the data.
    ``entries``: what earlier searches kept (search/cache.py), when the caller reads more."""
    sources = _all_sources()
    if entries is None:
        entries = results_cache.Entries(request, query, entry_names())
    found = {source.slug: Found(source, request, query, entries.get(source.slug)) for source in sources}
    if expect:
        for source in tab.sources:
            found[source.slug].head(expect)
    counts = {}
    for each in tabs():
        counts[each.slug] = sum(found[source.slug].count for source in each.sources)
    for slug, each in found.items():
        entries.put(slug, each.stored())
    entries.save()
    return Merged([found[source.slug] for source in tab.sources]), counts


def entry_names():
    """The names of what a search keeps: each source's results."""
    return [source.slug for source in _all_sources()]


def _all_sources():
    return [source for tab in tabs() if tab.slug != ALL for source in tab.sources]


def search_pages(request, query):
    pages = Page.objects.live().public()
    if _claimed_page_types:
        pages = pages.not_type(*_claimed_page_types)
    pages = access.visible_pages(request.user, pages)
    pages = pages_in_active_language(pages).exclude(depth__lte=1)
    return pages.search(query, operator="and")


register_tab(SearchTab(slug=ALL, label=_("All"), order=-100))
register_tab(
    # Pages behind a password or a group (view restrictions) are left out by .public().
    SearchTab(slug="pages", label=_("Pages"), search=search_pages, order=0, model=Page, models=(PageViewRestriction,)),
    page_types=(),
)
