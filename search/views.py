import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.models import Page

from leeratelier.core.i18n import reader_url

from . import tabs as search_tabs

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
SNIPPET_WORDS = 40


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


def search(request):
    query = clean_query(request.GET.get("q", ""))
    active_tab = search_tabs.get_tab(request.GET.get("tab", ""))
    results = page_obj = None
    if query:
        found = active_tab.search(request, query)
        paginator = Paginator(found, RESULTS_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        objects = list(page_obj.object_list)
        if objects and isinstance(objects[0], Page):
            objects = Page.objects.filter(pk__in=[p.pk for p in objects]).specific().select_related("locale")
            by_pk = {p.pk: p for p in objects}
            objects = [by_pk[p.pk] for p in page_obj.object_list if p.pk in by_pk]
        describe = active_tab.describe or describe_page
        results = [describe(obj, query, request) for obj in objects]
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "tabs": search_tabs.tabs(),
            "active_tab": active_tab,
            "results": results,
            "page_obj": page_obj,
        },
    )
