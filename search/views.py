import re

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.models import Locale, Page

from leeratelier.core.i18n import reader_url

from . import cache as results_cache
from . import tabs as search_tabs
from .suggest import suggest

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
SNIPPET_WORDS = 40
SUGGESTION = "did-you-mean"


def clean_query(raw):
    """Queries come from anyone: cut them to a sane length and drop control characters.
    Operators and SQL stay; the search backend treats them as text. Double quotes go: the SQLite
    backend (modelsearch) wraps each term in unescaped double quotes for FTS5, so one stray quote
    is a syntax error (a 500); in a plain-text search they mean nothing anyway."""
    query = re.sub(r'[\x00-\x1f\x7f"]', " ", raw or "")
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def highlight(text, query):
    """Escape ``text`` and wrap the query's words in <mark>."""
    text = escape(text)
    words = [re.escape(escape(word)) for word in query.split() if len(word) > 2][:10]
    if words:
        text = re.sub(rf"({'|'.join(words)})", r"<mark>\1</mark>", text, flags=re.IGNORECASE)
    return mark_safe(text)


def page_snippet(page):
    specific = page.specific
    text = page.search_description or getattr(specific, "intro", "") or ""
    if not text and hasattr(specific, "body"):
        text = strip_tags(str(specific.body))
    return Truncator(" ".join(text.split())).words(SNIPPET_WORDS)


def describe_page(page, query, request):
    return {
        "title": page.title,
        "url": reader_url(page, request),  # a Dutch-only page opens inside the English site
        "type": page.specific_class._meta.verbose_name if page.specific_class else "",
        "snippet": highlight(page_snippet(page), query),
        "lang": page.locale.language_code,
    }


def _page_number(raw):
    try:
        return max(1, int(raw))
    except (TypeError, ValueError):
        return 1


def describe_results(items, query, request):
    """The template's dicts for a page of (source, object) items. Pages found in the general
    tab come back as plain Page objects: their specific pages are fetched at once (one query
    per page type), not one by one."""
    generic = [obj.pk for _, obj in items if type(obj) is Page]
    specific = {}
    if generic:
        specific = {page.pk: page for page in Page.objects.filter(pk__in=generic).specific().select_related("locale")}
    pages = [obj for _, obj in items if isinstance(obj, Page) and type(obj) is not Page]
    if pages:
        # Pages of the other tabs come specific from the backend, without their locale: all
        # locales in one query, not one per result.
        locales = {locale.pk: locale for locale in Locale.objects.all()}
        for page in pages:
            page.locale = locales.get(page.locale_id)
    for source in {source.slug: source for source, _ in items if source.prepare}.values():
        source.prepare([obj for each, obj in items if each.slug == source.slug], request)
    described = []
    for source, obj in items:
        if type(obj) is Page:
            obj = specific.get(obj.pk)
            if obj is None:
                continue
        result = (source.describe or describe_page)(obj, query, request)
        if result is not None:  # a describe may find its object gone since the match
            described.append(result)
    return described


# Results fetched ahead for the page asked for: deeper pages are counted first, then fetched.
MAX_PAGE_AHEAD = 20


def search(request):
    query = clean_query(request.GET.get("q", ""))
    active_tab = search_tabs.get_tab(request.GET.get("tab", ""))
    results = page_obj = None
    counts, suggestion = {}, ""
    if query:
        number = _page_number(request.GET.get("page"))
        expect = RESULTS_PER_PAGE * min(number, MAX_PAGE_AHEAD)
        # What earlier searches of the same query by readers with the same rights kept: each
        # source's results and the "did you mean" (search/cache.py), in one round trip.
        entries = results_cache.Entries(
            request,
            query,
            [*search_tabs.entry_names(), SUGGESTION, f"shown-{active_tab.slug}-{number}-{request.get_host()}"],
        )
        merged, counts = search_tabs.run(active_tab, request, query, expect=expect, entries=entries)
        page_obj = Paginator(merged, RESULTS_PER_PAGE).get_page(number)
        # The page as shown: the same for every reader of the entries (see search/cache.py).
        shown = f"shown-{active_tab.slug}-{page_obj.number}-{request.get_host()}"
        results = entries.get(shown)
        if results is None:
            results = describe_results(list(page_obj.object_list), query, request)
            entries.put(shown, results)
            entries.save()
        if not counts.get(search_tabs.ALL):
            suggestion = entries.get(SUGGESTION)
            if suggestion is None:
                suggestion = suggest(request, query)
                entries.put(SUGGESTION, suggestion)
                entries.save()
    tabs = search_tabs.tabs()
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "tabs": tabs,
            "tab_counts": [(tab, counts.get(tab.slug, 0)) for tab in tabs],
            "active_tab": active_tab,
            "results": results,
            "page_obj": page_obj,
            "suggestion": suggestion,
        },
    )
