"""Fixtures for the magazine import tests: the real text export and a minimal Dutch site tree."""

from pathlib import Path

import pytest
from wagtail.models import Locale, Page, Site

from home.models import HomePage

EXPORT_PATH = Path(__file__).resolve().parents[2] / "leeratelier" / "magazine" / "data" / "impact-sociaal-domein.txt"


@pytest.fixture
def export_path():
    return EXPORT_PATH


@pytest.fixture
def dutch_home(db):
    """A Dutch home page as the root of the default site, where the importer puts the magazine."""
    locale, _ = Locale.objects.get_or_create(language_code="nl")
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Leeratelier", slug="nl", locale=locale, intro="Samen werken aan impact.")
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Leeratelier"},
    )
    return home
