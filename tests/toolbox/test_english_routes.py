"""The tool finder and compare view have routes in the words of their page's language:
/nl/…/keuzehulp/ and /nl/…/vergelijk/ on the Dutch site, /en/…/finder/ and /en/…/compare/ on the
English one, whatever language is active when the address is made; an old English address with
the Dutch words moves (301) to the English one, query string kept."""

import pytest
from django.utils import translation
from wagtail.models import Locale

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_en(home_pages, method_index):
    index = method_index.copy_for_translation(Locale.objects.get(language_code="en"))
    index.slug = "methods"
    index.save()
    index.save_revision().publish()
    return type(index).objects.get(pk=index.pk)


@pytest.mark.parametrize("active", ["nl", "en"])
def test_each_language_reverses_to_its_own_words(method_index, index_en, active):
    with translation.override(active):
        assert method_index.finder_url == "/nl/methoden/keuzehulp/"
        assert method_index.compare_url == "/nl/methoden/vergelijk/"
        assert index_en.finder_url == "/en/methods/finder/"
        assert index_en.compare_url == "/en/methods/compare/"


def test_the_english_routes_serve_the_english_interface(client, method_index, index_en, methods):
    finder = client.get("/en/methods/finder/")
    assert finder.status_code == 200 and '<html lang="en">' in finder.content.decode()
    assert client.get("/en/methods/compare/?m=waardencirkel").status_code == 200
    assert client.get("/nl/methoden/keuzehulp/").status_code == 200
    assert client.get("/nl/methoden/vergelijk/?m=waardencirkel").status_code == 200
    # The other language's words are not a route of the Dutch page.
    assert client.get("/nl/methoden/finder/").status_code in (301, 404)


def test_old_english_addresses_with_dutch_words_move_permanently(client, method_index, index_en, methods):
    response = client.get("/en/methods/keuzehulp/?purposes=learn")
    assert response.status_code == 301 and response["Location"] == "/en/methods/finder/?purposes=learn"
    response = client.get("/en/methods/vergelijk/?m=waardencirkel")
    assert response.status_code == 301 and response["Location"] == "/en/methods/compare/?m=waardencirkel"


def test_the_switcher_on_the_finder_leads_to_the_other_languages_finder(client, method_index, index_en, methods):
    html = client.get("/nl/methoden/keuzehulp/").content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/en/methods/finder/"' in switcher, switcher
    html = client.get("/en/methods/compare/").content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/nl/methoden/vergelijk/"' in switcher, switcher
