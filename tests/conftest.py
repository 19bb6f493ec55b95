"""Fixtures shared by every test package: the site tree in Dutch and English."""

import pytest
from wagtail.models import Collection, Locale, Page, Site

from home.factories import HomePageFactory
from leeratelier.magazine.factories import ChapterPageFactory, MagazinePageFactory


def ensure_roots():
    """The root page and root collection the migrations make. A transactional test flushes the
    database, those rows included; the tests that run after it (pytest-django runs them last)
    would find no root page or root collection."""
    nl = Locale.objects.get_or_create(language_code="nl")[0]
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=nl))


def build_site_tree():
    """A Dutch home page as the default site root, with an English translation."""
    root = ensure_roots()
    nl = Locale.objects.get(language_code="nl")
    en = Locale.objects.get_or_create(language_code="en")[0]
    Page.objects.filter(depth=2).exclude(content_type__model="homepage").delete()
    home = HomePageFactory(parent=root, locale=nl, intro="Samen werken aan impact in het sociaal domein.")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Leeratelier"},
    )
    home_en = home.copy_for_translation(en)
    home_en.title = "Leeratelier"
    home_en.intro = "Working on impact in the social domain, together."
    home_en.save_revision().publish()
    return home, home_en.specific


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: the navigation and page caches are keyed by a
    generation that a rolled-back test never moved on, so an earlier test's entries would show."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def home_page(home_pages):
    return home_pages[0]


@pytest.fixture
def home_pages(db):
    """(Dutch home, English home)."""
    return build_site_tree()


@pytest.fixture
def magazine(home_page):
    """A magazine with three published chapters (built by factories, not the importer)."""
    magazine = MagazinePageFactory(parent=home_page)
    chapters = [
        ChapterPageFactory(parent=magazine, number=n, title=title)
        for n, title in enumerate(["Inleiding", "Anders kijken naar impact", "Drie sporen van impact"], 1)
    ]
    return magazine, chapters
