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
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from leeratelier.core import access
from leeratelier.core.i18n import pages_in_active_language

ALL = "all"
# The usual constant of reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009).
RRF_K = 60


@dataclass
class SearchSource:
    """One kind of result: ``search(request, query)`` returns the results the reader may see,
    best first (a queryset, a Wagtail search result set or a list); ``describe(obj, query,
    request)`` gives the template {"title", "url", "type", "snippet", "lang"}."""

    slug: str
    search: Callable
    describe: Callable | None = None
    # prepare(objects, request): called once with the page's objects of this source before they
    # are described, to load what they show in one query instead of one per result
    prepare: Callable | None = None


@dataclass
class SearchTab:
    slug: str
    label: str
    # search(request, query) -> the tab's main source (see SearchSource)
    search: Callable | None = None
    order: int = 100
    describe: Callable | None = None
    prepare: Callable | None = None

    @property
    def sources(self):
        if self.slug == ALL:
            return [source for tab in tabs() if tab.slug != ALL for source in tab.sources]
        main = [SearchSource(self.slug, self.search, self.describe, self.prepare)] if self.search else []
        return main + _extra_sources.get(self.slug, [])


_tabs: dict[str, SearchTab] = {}
_extra_sources: dict[str, list] = {}
# Page types that have a tab of their own and so stay out of the general "pages" tab.
_claimed_page_types: list = []


def register_tab(tab, page_types=()):
    _tabs[tab.slug] = tab
    _claimed_page_types.extend(page_types)
    return tab


def register_source(tab_slug, source):
    """Add a kind of result to another app's tab (e.g. method experiences to "Methods")."""
    _extra_sources.setdefault(tab_slug, []).append(source)
    return source


def tabs():
    return sorted(_tabs.values(), key=lambda tab: tab.order)


def get_tab(slug):
    return _tabs.get(slug) or tabs()[0]


class Found:
    """One source's results for one request: counted and sliced lazily, each at most once."""

    def __init__(self, source, results):
        self.source, self.results = source, results
        self._count, self._head = None, []

    def head(self, stop):
        """The first ``stop`` results (one query, reused for a shorter head). A head shorter than
        asked for is all there is: it gives the count too, without a query."""
        if stop > len(self._head) and (self._count is None or len(self._head) < self._count):
            self._head = list(self.results[:stop])
            if len(self._head) < stop:
                self._count = len(self._head)
        return self._head[:stop]

    @property
    def count(self):
        if self._count is None:
            results = self.results
            self._count = len(results) if isinstance(results, (list, tuple)) else results.count()
        return self._count


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
        if len(self.found) == 1:
            only = self.found[0]
            return [(only.source, obj) for obj in only.head(stop)[start:stop]]
        scored = []
        for order, each in enumerate(self.found):
            for position, obj in enumerate(each.head(stop)):
                scored.append((1 / (RRF_K + position + 1), order, position, each.source, obj))
        scored.sort(key=lambda item: (-item[0], item[1], item[2]))
        return [(source, obj) for _, _, _, source, obj in scored[start:stop]]


def run(tab, request, query, expect=0):
    """(Merged results of ``tab``, {tab slug: count} for every tab) for ``query``. ``expect``:
    how many of the tab's first results the page will need, fetched in one query per source.
    Every source is counted (one query each, however many it finds), so the number of queries
    of a search page does not depend on the data."""
    found = {source.slug: Found(source, source.search(request, query)) for source in _all_sources()}
    if expect:
        for source in tab.sources:
            found[source.slug].head(expect)
    counts = {}
    for each in tabs():
        counts[each.slug] = sum(found[source.slug].count for source in each.sources)
    return Merged([found[source.slug] for source in tab.sources]), counts


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
register_tab(SearchTab(slug="pages", label=_("Pages"), search=search_pages, order=0), page_types=())
