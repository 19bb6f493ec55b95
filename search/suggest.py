""" "Did you mean": a misspelt query that finds nothing ("armode") gets the nearest words of the
site's own vocabulary ("armoede"): the titles of the pages the reader may see and the names of
the themes, in the reader's language.

On PostgreSQL the candidates come from ``pg_trgm`` (``TrigramWordSimilarity``: the title or name
that holds a word most like the typed one; the extension and its indexes come with
search/migrations/0002); on SQLite the words of the same titles and names are compared with
``difflib.get_close_matches``. Either way the last step picks the closest single word with
difflib, so both databases suggest the same word.

Only what the reader may see is a candidate (``access.visible_pages``): a suggestion must never
spell out a word from a hidden atelier's title."""

import difflib
import re

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from wagtail.models import Page

from leeratelier.core import access
from leeratelier.core.i18n import active_language_code, pages_in_active_language
from leeratelier.core.models import Theme

MIN_WORD = 4  # shorter words are too often right already, and too easy to "correct" wrongly
MAX_WORDS = 3  # the words of a query that are checked (each costs a query on PostgreSQL)
CUTOFF = 0.75  # difflib's ratio: "armode" / "armoede" is 0.92
TRIGRAM_THRESHOLD = 0.3
CANDIDATES = 20
WORD = re.compile(r"[^\W\d_]+")


def _words(texts):
    return {word.lower() for text in texts for word in WORD.findall(text or "") if len(word) >= MIN_WORD}


def _pages(request):
    pages = access.visible_pages(request.user, Page.objects.live().public().exclude(depth__lte=1))
    return pages_in_active_language(pages)


def _themes():
    return Theme.objects.filter(locale__language_code=active_language_code())


def _candidates_trigram(request, word):
    """Titles and theme names holding a word like ``word`` (PostgreSQL, pg_trgm)."""
    texts = []
    for queryset, column in ((_pages(request), "title"), (_themes(), "name")):
        texts += list(
            queryset.annotate(likeness=TrigramWordSimilarity(word, column))
            .filter(likeness__gt=TRIGRAM_THRESHOLD)
            .order_by("-likeness")
            .values_list(column, flat=True)[:CANDIDATES]
        )
    return _words(texts)


def _vocabulary(request):
    """Every word of the visible titles and theme names (SQLite: two queries per search that
    found nothing)."""
    return _words(
        list(_pages(request).values_list("title", flat=True)) + list(_themes().values_list("name", flat=True))
    )


def suggest(request, query):
    """A corrected query, or "" when nothing better is known."""
    words = query.split()
    checked = [index for index, word in enumerate(words) if len(word) >= MIN_WORD and WORD.fullmatch(word)][:MAX_WORDS]
    if not checked:
        return ""
    trigram = connection.vendor == "postgresql"
    vocabulary = None if trigram else _vocabulary(request)
    corrected = list(words)
    for index in checked:
        word = words[index].lower()
        candidates = _candidates_trigram(request, word) if trigram else vocabulary
        if word in candidates:
            continue
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=CUTOFF)
        if close:
            corrected[index] = close[0]
    suggestion = " ".join(corrected)
    return suggestion if suggestion.lower() != query.lower() else ""
