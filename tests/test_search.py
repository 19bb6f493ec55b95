"""The site search: finds chapters by their words (with Dutch stemming on PostgreSQL), pages
through results, shows the English site English pages and untranslated Dutch ones marked as
Dutch, survives whatever anyone types, and never shows an unpublished or private page."""

import re

import pytest
from django.db import connection
from wagtail.models import Locale, Page, PageViewRestriction

from home.factories import StandardPageFactory
from leeratelier.magazine.factories import ChapterPageFactory
from search.views import MAX_QUERY_LENGTH, RESULTS_PER_PAGE


def search(client, language="nl", **params):
    response = client.get(f"/{language}/search/", params)
    assert response.status_code == 200, response.status_code
    return response


def result_urls(response):
    return [result["url"] for result in response.context["results"] or []]


def result_links(response):
    """(href, rest of the <a> tag) of every result title link."""
    return re.findall(r'<h3><a href="([^"]+)"([^>]*)>', response.content.decode())


@pytest.fixture
def chapter(magazine):
    """A fourth chapter with words of its own."""
    return ChapterPageFactory(
        parent=magazine[0],
        title="Narratief verantwoorden",
        intro="Hilversum legt verantwoording af met verhalen in plaats van alleen cijfers.",
        body=[("paragraph", "<p>De waardencirkel vertaalt plan-do-check-act naar waarden.</p>")],
    )


class TestFinding:
    def test_a_word_from_the_body_finds_the_chapter(self, client, chapter):
        response = search(client, q="waardencirkel")
        assert result_urls(response) == [chapter.url]
        assert f'<a href="{chapter.url}">{chapter.title}</a>' in response.content.decode()

    def test_a_word_from_the_title_finds_the_chapter(self, client, chapter):
        assert result_urls(search(client, q="narratief")) == [chapter.url]

    def test_all_words_must_match(self, client, chapter):
        assert result_urls(search(client, q="waardencirkel hilversum")) == [chapter.url]
        assert result_urls(search(client, q="waardencirkel zeppelin")) == []

    def test_the_query_is_highlighted_in_the_snippet(self, client, chapter):
        content = search(client, q="hilversum").content.decode()
        assert "<mark>Hilversum</mark>" in content

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="Dutch stemming needs PostgreSQL")
    @pytest.mark.postgres
    def test_dutch_stemming_finds_inflected_forms(self, client, chapter):
        # The intro says "verantwoording"; the plural and the verb share its stem. (The
        # magazine's subtitle says "verantwoording" too, so "hilversum" narrows it down.)
        assert chapter.url in result_urls(search(client, q="verantwoordingen"))
        assert result_urls(search(client, q="verantwoordingen hilversum")) == [chapter.url]
        assert result_urls(search(client, q="verantwoorden hilversum")) == [chapter.url]
        assert result_urls(search(client, q="cijfer hilversum")) == [chapter.url]  # "cijfers"

    def test_nothing_found_is_a_normal_page(self, client, chapter):
        response = search(client, q="zeppelin")
        assert response.context["results"] == []
        assert response.context["page_obj"].paginator.count == 0


class TestPagination:
    @pytest.fixture
    def many_pages(self, home_page):
        return [
            StandardPageFactory(parent=home_page, title=f"Leerateliers in regio {n}", intro="Over de Werkplaats.")
            for n in range(RESULTS_PER_PAGE + 3)
        ]

    def test_results_are_paginated(self, client, many_pages):
        first = search(client, q="werkplaats")
        assert first.context["page_obj"].paginator.count == len(many_pages)
        assert len(first.context["results"]) == RESULTS_PER_PAGE
        content = first.content.decode()
        assert content.count('class="search-result"') == RESULTS_PER_PAGE
        assert re.search(r'<a href="\?q=werkplaats&amp;page=2" rel="next">', content)

        second = search(client, q="werkplaats", page=2)
        assert len(second.context["results"]) == 3
        assert 'rel="prev"' in second.content.decode() and 'rel="next"' not in second.content.decode()
        assert '<ol class="search-results" start="11">' in second.content.decode()
        # Together the pages show every match once.
        urls = result_urls(first) + result_urls(second)
        assert sorted(urls) == sorted(page.url for page in many_pages)


class TestLanguages:
    @pytest.fixture
    def pages(self, home_page):
        en = Locale.objects.get(language_code="en")
        translated_nl = StandardPageFactory(
            parent=home_page, title="De Effectencalculator", intro="Effecten per bewoner en de kosten."
        )
        translated = translated_nl.copy_for_translation(en)
        translated.title = "The Effectencalculator"
        translated.intro = "Effects per resident and the cost of the support."
        translated.save_revision().publish()
        translated_en = Page.objects.get(pk=translated.pk)
        dutch_only = StandardPageFactory(
            parent=home_page, title="Effectencalculator voor vrijwilligers", intro="Vrijwilligers rekenen mee."
        )
        return translated_nl, translated_en, dutch_only

    def test_english_search_shows_english_pages_and_marks_dutch_ones(self, client, pages):
        translated_nl, translated_en, dutch_only = pages
        response = search(client, "en", q="effectencalculator")
        assert response.context["LANGUAGE_CODE"] == "en"
        # The Dutch-only page opens on the English site (inside the English interface).
        dutch_on_english_site = dutch_only.url.replace("/nl/", "/en/", 1)
        assert sorted(result_urls(response)) == sorted([translated_en.url, dutch_on_english_site])
        links = dict(result_links(response))
        assert links[translated_en.url] == ""
        assert 'lang="nl"' in links[dutch_on_english_site] and 'hreflang="nl"' in links[dutch_on_english_site]
        # The snippet of the Dutch page is marked Dutch too.
        assert '<p lang="nl">Vrijwilligers rekenen mee.</p>' in response.content.decode()

    def test_dutch_search_shows_dutch_pages_only(self, client, pages):
        translated_nl, translated_en, dutch_only = pages
        response = search(client, "nl", q="effectencalculator")
        assert sorted(result_urls(response)) == sorted([translated_nl.url, dutch_only.url])
        assert all(rest == "" for _, rest in result_links(response))


HOSTILE_QUERIES = [
    "",
    " ",
    "x" * 10_000,
    "waardencirkel " * 1_000,
    """'"; DROP TABLE wagtailcore_page; -- AND OR NOT ( ) * : & | ! <script>alert(1)</script>""",
    '"waardencirkel',
    'waardencirkel"',
    "waardencirkel AND",
    "OR",
    "NOT waardencirkel",
    "waard*",
    "(waardencirkel",
    "title:waardencirkel",
    "waardencirkel -hilversum +cijfers",
    "^waardencirkel NEAR(a b)",
    "a & b | !c <-> d",
    "\x00",
    "waarden\x00cirkel",
    "\x01\x02\x1b[31m\x7f",
    "\r\n\t",
    "🙂 ‮ \u200b ﷽",
    "%",
    "_",
    "\\",
    "' OR 1=1 --",
]


class TestHostileInput:
    @pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=lambda query: repr(query[:30]))
    def test_any_query_gives_a_normal_page(self, client, chapter, query):
        response = search(client, q=query)
        assert "<h1>" in response.content.decode()
        assert len(response.context["search_query"]) <= MAX_QUERY_LENGTH
        assert not re.search(r"[\x00-\x1f\x7f]", response.context["search_query"])

    def test_the_english_search_survives_too(self, client, chapter):
        for query in HOSTILE_QUERIES:
            search(client, "en", q=query)

    def test_the_database_is_intact_afterwards(self, client, chapter):
        search(client, q=HOSTILE_QUERIES[4])
        assert Page.objects.filter(pk=chapter.pk).exists()
        assert result_urls(search(client, q="waardencirkel")) == [chapter.url]

    def test_the_query_is_escaped_in_the_output(self, client, chapter):
        query = "waardencirkel <script>alert(1)</script> \"'><img src=x onerror=alert(1)>"
        content = search(client, q=query).content.decode()
        assert "<script>alert(1)</script>" not in content
        # The only scripts on the page are the site's own files (no inline script at all).
        import re

        assert content.count("<script") == len(
            re.findall(r'<script src="/static/js/[a-z]+\.js" defer></script>', content)
        )
        assert "<img src=x" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content

    def test_markup_in_page_text_is_escaped_in_the_snippet(self, client, home_page):
        StandardPageFactory(parent=home_page, title="Veilig", intro="Zoekwoord <script>alert(1)</script>")
        content = search(client, q="zoekwoord").content.decode()
        assert "<script>" not in content
        assert "<mark>Zoekwoord</mark> &lt;script&gt;alert(1)&lt;/script&gt;" in content

    @pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "99999", "9" * 50, "", "%00", "1;DROP"])
    def test_any_page_number_gives_a_normal_page(self, client, chapter, page):
        response = search(client, q="waardencirkel", page=page)
        assert result_urls(response) == [chapter.url]

    @pytest.mark.parametrize("page", ["abc", "99999"])
    def test_page_number_without_results(self, client, chapter, page):
        response = search(client, q="zeppelin", page=page)
        assert response.context["results"] == []

    @pytest.mark.parametrize("tab", ["nope", "", "<script>", "../pages", "pages" * 100])
    def test_an_unknown_tab_falls_back_to_the_first(self, client, chapter, tab):
        response = search(client, q="waardencirkel", tab=tab)
        assert response.context["active_tab"].slug == "all"  # the header box lands there
        assert result_urls(response) == [chapter.url]
        assert "<script>" not in response.content.decode()

    def test_repeated_parameters(self, client, chapter):
        response = client.get("/nl/search/?q=zeppelin&q=waardencirkel&page=1&page=x")
        assert response.status_code == 200


class TestOnlyPublishedPublicPages:
    def test_a_draft_page_is_not_found(self, client, home_page):
        StandardPageFactory(parent=home_page, title="Concept over de waardencirkel", live=False)
        assert result_urls(search(client, q="waardencirkel")) == []

    def test_an_unpublished_page_is_not_found(self, client, chapter):
        chapter.unpublish()
        assert result_urls(search(client, q="waardencirkel")) == []

    def test_draft_changes_of_a_live_page_are_not_found(self, client, chapter):
        chapter.title = "Geheime werktitel zeppelin"
        chapter.save_revision()  # a draft: the live page keeps its title
        assert result_urls(search(client, q="zeppelin")) == []
        assert result_urls(search(client, q="narratief")) == [chapter.url]

    def test_a_private_page_is_not_found(self, client, chapter):
        PageViewRestriction.objects.create(
            page=chapter, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
        )
        assert result_urls(search(client, q="waardencirkel")) == []

    def test_a_page_below_a_private_page_is_not_found(self, client, magazine, chapter):
        PageViewRestriction.objects.create(page=magazine[0], restriction_type=PageViewRestriction.LOGIN)
        assert result_urls(search(client, q="waardencirkel")) == []


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
@pytest.mark.django_db
def test_the_whole_search_document_has_a_full_text_index():
    """search/migrations/0001: the backend matches (title || body), so that expression is indexed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'lt_indexentry_document_gin'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "(title || body)" in definition
