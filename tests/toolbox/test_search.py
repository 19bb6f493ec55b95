"""The "Methods" tab of the site search."""

import pytest
from django.urls import reverse
from django.utils import translation

from leeratelier.toolbox.factories import MethodPageFactory

pytestmark = pytest.mark.django_db


def search(client, query, tab):
    with translation.override("nl"):
        url = reverse("search")
    return client.get(url, {"q": query, "tab": tab}).content.decode()


def test_methods_have_their_own_tab_with_what_they_yield(client, method_index, methods):
    html = search(client, "waardencirkel", "methods")
    assert 'tab=methods" aria-current="page"' in html
    assert "Waardencirkel" in html and "Plan-do-check-act" in html
    assert "Effectencalculator" not in html


def test_methods_stay_out_of_the_pages_tab(client, method_index, methods):
    assert "Waardencirkel</a>" not in search(client, "waardencirkel", "pages")


def test_draft_methods_are_not_found(client, method_index, methods):
    MethodPageFactory(parent=method_index, title="Geheime waardenmethode", slug="geheim", live=False)
    assert "Geheime waardenmethode" not in search(client, "waardenmethode", "methods")
