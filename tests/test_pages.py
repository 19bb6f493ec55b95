"""The public pages: every page type renders in both languages, the page tree is explicit, the
chapters link to each other, the language switcher and hreflang point at real translations, and
the error pages are styled."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.views.defaults import server_error
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase

from home.factories import StandardPageFactory
from home.models import HomePage, StandardPage
from leeratelier.ateliers.models import AtelierIndexPage
from leeratelier.magazine.models import ChapterPage, MagazinePage
from leeratelier.pioneers.models import PracticeIndexPage
from leeratelier.toolbox.models import MethodIndexPage
from tests.conftest import build_site_tree


def publish_translation(page, language, **fields):
    """Translate ``page`` (its parent must be translated already), set ``fields`` and publish."""
    translation = page.copy_for_translation(Locale.objects.get(language_code=language))
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return Page.objects.get(pk=translation.pk).specific


def html_lang(response):
    match = re.search(r'<html lang="([^"]*)"', response.content.decode())
    return match and match.group(1)


def alternate_links(response):
    """{hreflang: href} of the <link rel="alternate"> elements."""
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.content.decode()))


@pytest.fixture
def home_en(home_page):
    """The English home page. (Not the ``home_pages`` fixture: it builds a second site tree when a
    test also uses ``magazine``, which builds on ``home_page``.)"""
    return home_page.get_translation(Locale.objects.get(language_code="en")).specific


@pytest.fixture
def english_magazine(home_en, magazine):
    """The magazine and its first two chapters in English; chapter 3 stays Dutch only."""
    magazine_nl, chapters_nl = magazine
    magazine_en = publish_translation(magazine_nl, "en", title="Impact in the social domain")
    chapters_en = [
        publish_translation(chapters_nl[0], "en", title="Introduction"),
        publish_translation(chapters_nl[1], "en", title="Looking at impact differently"),
    ]
    return magazine_en, chapters_en


class TestEveryPageTypeRenders:
    @pytest.fixture
    def pages(self, home_page, home_en, magazine, english_magazine):
        home_nl = home_page
        standard_nl = StandardPageFactory(parent=home_nl, title="Over ons")
        standard_en = publish_translation(standard_nl, "en", title="About us")
        magazine_nl, chapters_nl = magazine
        magazine_en, chapters_en = english_magazine
        return {
            "nl": [home_nl, standard_nl, magazine_nl, chapters_nl[0]],
            "en": [home_en, standard_en, magazine_en, chapters_en[0]],
        }

    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_status_200_and_html_lang(self, client, pages, language):
        types = set()
        for page in pages[language]:
            assert page.locale.language_code == language
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            assert html_lang(response) == language, page.url
            assert f"<h1>{page.title}</h1>" in response.content.decode()
            types.add(type(page))
        assert types == {HomePage, StandardPage, MagazinePage, ChapterPage}

    def test_urls_carry_the_language_prefix(self, pages):
        assert pages["nl"][0].url == "/nl/"
        assert pages["en"][0].url == "/en/"
        assert all(page.url.startswith("/nl/") for page in pages["nl"])
        assert all(page.url.startswith("/en/") for page in pages["en"])


class TestPageTree(WagtailPageTestCase):
    """Every page type says where it may live (STYLE: an explicit page tree)."""

    def test_home_page(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, MagazinePage, AtelierIndexPage, PracticeIndexPage, MethodIndexPage}
        )
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(MagazinePage, HomePage)

    def test_standard_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)
        self.assertCanNotCreateAt(MagazinePage, StandardPage)
        self.assertCanNotCreateAt(ChapterPage, StandardPage)

    def test_magazine_page(self):
        self.assertAllowedParentPageTypes(MagazinePage, {HomePage})
        self.assertAllowedSubpageTypes(MagazinePage, {ChapterPage})
        self.assertCanCreateAt(HomePage, MagazinePage)
        self.assertCanNotCreateAt(Page, MagazinePage)
        self.assertCanNotCreateAt(StandardPage, MagazinePage)
        self.assertCanNotCreateAt(MagazinePage, MagazinePage)

    def test_chapter_page(self):
        self.assertAllowedParentPageTypes(ChapterPage, {MagazinePage})
        self.assertAllowedSubpageTypes(ChapterPage, set())
        self.assertCanCreateAt(MagazinePage, ChapterPage)
        self.assertCanNotCreateAt(HomePage, ChapterPage)
        self.assertCanNotCreateAt(StandardPage, ChapterPage)
        self.assertCanNotCreateAt(ChapterPage, ChapterPage)

    def test_one_home_page_per_language_root(self):
        home_nl, home_en = build_site_tree()
        root = Page.get_first_root_node()
        # Each language tree has its own home page directly below the root ...
        self.assertEqual(set(root.get_children().type(HomePage)), {home_nl.page_ptr, home_en.page_ptr})
        # ... and a home page never holds a second one.
        self.assertFalse(HomePage.can_create_at(home_nl))


class TestChapterNavigation:
    def links(self, client, chapter):
        content = client.get(chapter.url).content.decode()
        prev = re.search(r'<a href="([^"]+)" rel="prev">', content)
        next_ = re.search(r'<a href="([^"]+)" rel="next">', content)
        return prev and prev.group(1), next_ and next_.group(1)

    def test_previous_and_next_follow_the_reading_order(self, client, magazine):
        _, (first, second, third) = magazine
        assert self.links(client, first) == (None, second.url)
        assert self.links(client, second) == (first.url, third.url)
        assert self.links(client, third) == (second.url, None)

    def test_an_unpublished_chapter_is_skipped(self, client, magazine):
        _, (first, second, third) = magazine
        second.unpublish()
        assert self.links(client, first) == (None, third.url)
        assert self.links(client, third) == (first.url, None)

    def test_english_chapters_link_to_english_chapters(self, client, magazine, english_magazine):
        _, (first_en, second_en) = english_magazine
        untranslated = magazine[1][2]
        assert self.links(client, first_en) == (None, second_en.url)
        previous, next_ = self.links(client, second_en)
        assert previous == first_en.url
        # After the last English chapter: nothing, or the untranslated chapter in Dutch, marked so,
        # read on the English site (inside the English interface, with a notice).
        assert next_ in (None, untranslated.url.replace("/nl/", "/en/", 1))
        if next_:
            content = client.get(second_en.url).content.decode()
            link = re.search(r'<a href="[^"]+" rel="next">.*?</a>', content).group(0)
            assert 'lang="nl"' in link


class TestLanguages:
    def test_switcher_links_to_the_translation(self, client, magazine, english_magazine):
        chapter_nl = magazine[1][0]
        chapter_en = english_magazine[1][0]
        content = client.get(chapter_nl.url).content.decode()
        assert f'<a href="{chapter_en.url}" hreflang="en" lang="en">English</a>' in content
        content = client.get(chapter_en.url).content.decode()
        assert f'<a href="{chapter_nl.url}" hreflang="nl" lang="nl">Nederlands</a>' in content

    def test_hreflang_alternates_for_a_translated_page(self, client, magazine, english_magazine):
        chapter_nl = magazine[1][0]
        chapter_en = english_magazine[1][0]
        for page in (chapter_nl, chapter_en):
            assert alternate_links(client.get(page.url)) == {
                "nl": f"http://testserver{chapter_nl.url}",
                "en": f"http://testserver{chapter_en.url}",
            }

    def test_untranslated_page_has_no_english_alternate(self, client, home_en, magazine, english_magazine):
        untranslated = magazine[1][2]
        response = client.get(untranslated.url)
        assert "en" not in alternate_links(response)
        # The switcher still offers English: the nearest English page above it (the English
        # magazine), not a translation and not silently the home page.
        magazine_en = english_magazine[0]
        assert f'<a href="{magazine_en.url}" hreflang="en" lang="en">English</a>' in response.content.decode()

    def test_english_table_of_contents_lists_the_english_chapters(self, client, magazine, english_magazine):
        magazine_en, chapters_en = english_magazine
        chapters_nl = magazine[1]
        content = client.get(magazine_en.url).content.decode()
        toc = content[content.index('<nav aria-labelledby="toc-heading"') :]
        toc = toc[: toc.index("</nav>")]
        for chapter in chapters_en:
            assert f'<a href="{chapter.url}">{chapter.title}</a>' in toc
        # Never the Dutch version of a chapter that has an English one ...
        for chapter in chapters_nl[:2]:
            assert chapter.url not in toc
        # ... and the untranslated chapter, if the list shows it at all, is marked as Dutch.
        untranslated = chapters_nl[2]
        if untranslated.url in toc:
            item = re.search(rf'<li[^>]*>\s*<a href="{re.escape(untranslated.url)}"[^>]*>', toc).group(0)
            assert 'lang="nl"' in item

    def test_english_menus_mark_untranslated_pages_as_dutch(self, client, home_page, home_en):
        translated_nl = StandardPageFactory(parent=home_page, title="Over ons", show_in_menus=True)
        translated_en = publish_translation(translated_nl, "en", title="About us")
        dutch_only = StandardPageFactory(parent=home_page, title="Privacyverklaring", show_in_menus=True)
        content = client.get(home_en.url).content.decode()
        footer = content[content.index('<footer class="site-footer">') :]
        assert f'<a href="{translated_en.url}">About us</a>' in footer
        assert translated_nl.url not in footer
        assert f'<a href="{dutch_only.url}" lang="nl">Privacyverklaring</a>' in footer
        header = content[: content.index("</header>")]
        assert re.search(rf'<a href="{re.escape(translated_en.url)}"[^>]*>About us</a>', header)
        assert re.search(rf'<a href="{re.escape(dutch_only.url)}"[^>]* lang="nl">Privacyverklaring</a>', header)

    def test_dutch_table_of_contents_lists_the_dutch_chapters_only(self, client, magazine, english_magazine):
        magazine_nl, chapters_nl = magazine
        content = client.get(magazine_nl.url).content.decode()
        for chapter in chapters_nl:
            assert f'<a href="{chapter.url}">{chapter.title}</a>' in content
        for chapter in english_magazine[1]:
            assert chapter.url not in content


class TestErrorPages:
    @pytest.mark.parametrize("path", ["/nl/bestaat-niet/", "/en/does-not-exist/", "/nl/search/nope/"])
    def test_unknown_page_is_a_styled_404(self, client, home_pages, path):
        response = client.get(path)
        assert response.status_code == 404
        assert "404.html" in [template.name for template in response.templates]
        content = response.content.decode()
        assert re.search(r"<h1>[^<]+</h1>", content)
        assert html_lang(response) == path.split("/")[1]
        assert '<link rel="stylesheet"' in content

    @pytest.mark.parametrize("path", ["/de/", "/de/over-ons/", "/fr-be/"])
    def test_unknown_language_prefix_is_a_styled_404(self, client, home_pages, path):
        # Not a redirect to /nl/de/: that address would only be a second 404.
        response = client.get(path)
        assert response.status_code == 404
        assert "404.html" in [template.name for template in response.templates]
        assert re.search(r"<h1>[^<]+</h1>", response.content.decode())

    def test_500_template_renders_standalone(self):
        content = render_to_string("500.html")
        assert "{%" not in content and "{{" not in content
        assert '<html lang="nl">' in content
        assert re.search(r"<h1>[^<]+</h1>", content)
        # Both languages, the English part marked as such.
        assert 'lang="en"' in content

    def test_500_view_uses_the_template_without_a_database(self):
        # Django renders 500.html with an empty context: no context processors, no queries.
        response = server_error(RequestFactory().get("/nl/"))
        assert response.status_code == 500
        assert '<html lang="nl">' in response.content.decode()
