"""The toolbox's page tree and what a method page shows."""

import datetime

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, StandardPage
from leeratelier.toolbox.models import MethodIndexPage, MethodPage

pytestmark = pytest.mark.django_db


def dutch(message):
    """What the Dutch site shows for a message of the catalogue."""
    with translation.override("nl"):
        return escape(gettext(message))


class TestPageTree(WagtailPageTestCase):
    def test_the_toolbox_hangs_under_the_home_page_and_holds_only_methods(self):
        self.assertCanCreateAt(HomePage, MethodIndexPage)
        self.assertCanNotCreateAt(StandardPage, MethodIndexPage)
        self.assertCanCreateAt(MethodIndexPage, MethodPage)
        self.assertCanNotCreateAt(HomePage, MethodPage)
        self.assertCanNotCreateAt(MethodIndexPage, StandardPage)
        self.assertCanNotCreateAt(MethodPage, MethodPage)
        self.assertAllowedSubpageTypes(MethodPage, {})


def test_there_is_one_toolbox_per_home_page(method_index):
    assert not MethodIndexPage.can_create_at(method_index.get_parent())


def test_index_lists_methods_with_what_they_yield(client, methods):
    calculator, circle, sroi = methods
    response = client.get(calculator.get_parent().url)
    assert response.status_code == 200
    html = response.content.decode()
    for method in methods:
        assert escape(method.title) in html and escape(method.summary) in html
    assert 'name="m" value="effectencalculator"' in html  # ticked for the compare view


def test_method_page_shows_every_structured_field(client, methods):
    calculator = methods[0]
    calculator.description = "<p>Samen rekenen aan effecten per bewoner.</p>"
    calculator.time_note = "Drie bijeenkomsten van twee uur"
    calculator.preparation = "Een training van een dag"
    calculator.method_owner = "HAN"
    calculator.method_url = "https://www.han.nl/effectencalculator"
    calculator.recognition = "well_described"
    calculator.recognition_date = datetime.date(2024, 3, 1)
    calculator.recognition_source = "https://www.movisie.nl/databank"
    calculator.steps = [
        ("step", {"title": "Nodig bewoner en professionals uit", "description": "Aan één tafel.", "tip": "Begin klein"})
    ]
    calculator.save_revision().publish()
    html = client.get(calculator.url).content.decode()
    for text in [
        "Samen rekenen aan effecten per bewoner.",
        "Drie bijeenkomsten van twee uur",
        "Een training van een dag",
        'href="https://www.han.nl/effectencalculator"',
        'href="https://www.movisie.nl/databank"',
        "2024",
        "Nodig bewoner en professionals uit",
        "Begin klein",
        "Cijfers én verhalen",
        "Vraagt een getrainde begeleider",
        dutch("Well described"),
        dutch("Account to funders"),
        dutch("Citizen or resident"),
        dutch("One case"),
    ]:
        assert text in html, text
