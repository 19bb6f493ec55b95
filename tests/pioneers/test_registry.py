"""The registry, the practice page, the working-ingredients view, the search tab and the
editor's duplicate warning. Practices are built with the factory (published pages)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from leeratelier.core.factories import UserFactory
from leeratelier.pioneers.factories import PracticePageFactory
from leeratelier.pioneers.models import PracticeIndexPage, PracticePage

from .conftest import dutch_url


def dutch(message):
    with translation.override("nl"):
        return gettext(message)


def practice(
    registry,
    title,
    *,
    municipality=None,
    werkplaats=None,
    themes=(),
    methods=(),
    roles=(),
    ingredients=(),
    live=True,
    **fields,
):
    page = PracticePageFactory(
        parent=registry,
        title=title,
        municipality=municipality,
        werkplaats=werkplaats,
        roles=list(roles),
        live=live,
        **fields,
    )
    page.themes = list(themes)
    page.methods = list(methods)
    page.ingredients.set(list(ingredients))
    page.save()
    return page


@pytest.fixture
def practices(registry, vocabulary, methods):
    lingewaard = practice(
        registry,
        "Armoede doorbreken",
        municipality=vocabulary["municipality"],
        werkplaats=vocabulary["werkplaats"],
        themes=[vocabulary["theme"]],
        methods=[methods["waardencirkel"]],
        roles=["citizen", "volunteer"],
        ingredients=["gelijkwaardigheid", "tijd om te luisteren"],
        narrative_how="Verhalen van bewoners.",
        summary="Een reeks bijeenkomsten over armoede.",
        process_description="Stap 1 <script>alert(1)</script> **samen**",
    )
    houten = practice(
        registry,
        "Werk voor statushouders",
        municipality=vocabulary["other_municipality"],
        themes=[vocabulary["other_theme"]],
        methods=[methods["effectencalculator"]],
        roles=["policy_maker"],
        ingredients=["gelijkwaardigheid"],
        values_how="Mensenrechten als waardenkompas.",
        summary="Waarom statushouders geen werk aanvaardden.",
    )
    draft = practice(
        registry, "Nog niet goedgekeurd", municipality=vocabulary["municipality"], ingredients=["geheim"], live=False
    )
    return {"lingewaard": lingewaard, "houten": houten, "draft": draft}


def titles(response):
    return [page.title for page in response.context["practices"]]


def test_the_page_tree(db):
    assert PracticeIndexPage.parent_page_types == ["home.HomePage"]
    assert PracticeIndexPage.subpage_types == ["pioneers.PracticePage"]
    assert PracticePage.parent_page_types == ["pioneers.PracticeIndexPage"]
    assert PracticeIndexPage.can_create_at(HomePage()) and not PracticePage.can_create_at(HomePage())


def test_the_registry_lists_published_practices_only(client, practices, registry):
    response = client.get(registry.url)
    assert titles(response) == ["Armoede doorbreken", "Werk voor statushouders"]
    assert "Nog niet goedgekeurd" not in response.content.decode()


@pytest.mark.parametrize(
    "query,expected",
    [
        ("theme=armoede", ["Armoede doorbreken"]),
        ("theme=jongeren", ["Werk voor statushouders"]),
        ("principle=values", ["Werk voor statushouders"]),
        ("principle=narrative", ["Armoede doorbreken"]),
        ("method=effectencalculator", ["Werk voor statushouders"]),
        ("role=volunteer", ["Armoede doorbreken"]),
        ("ingredient=gelijkwaardigheid", ["Armoede doorbreken", "Werk voor statushouders"]),
        ("maturity=evaluated", []),
        ("q=statushouders", ["Werk voor statushouders"]),
        ("q=bijeenkomsten+armoede", ["Armoede doorbreken"]),
    ],
)
def test_the_registry_filters(client, practices, registry, query, expected):
    assert titles(client.get(f"{registry.url}?{query}")) == expected


def test_the_registry_filters_by_werkplaats_and_municipality(client, practices, registry, vocabulary):
    response = client.get(f"{registry.url}?werkplaats={vocabulary['werkplaats'].pk}")
    assert titles(response) == ["Armoede doorbreken"]
    response = client.get(f"{registry.url}?municipality={vocabulary['other_municipality'].pk}")
    assert titles(response) == ["Werk voor statushouders"]
    # The municipality filter offers the places that have a published practice, not all 340.
    offered = list(response.context["filter_form"].fields["municipality"].queryset)
    assert offered == [vocabulary["other_municipality"], vocabulary["municipality"]]


def test_an_unknown_filter_value_shows_nothing_rather_than_an_error(client, practices, registry):
    response = client.get(f"{registry.url}?theme=bestaat-niet")
    assert response.status_code == 200 and titles(response) == []
    assert dutch("No practices match these filters.") in response.content.decode()


def registry_queries(client, registry):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{registry.url}?principle=narrative")
    assert response.status_code == 200
    return len(queries), len(response.context["practices"])


def test_the_registry_costs_the_same_queries_for_few_and_many_practices(client, registry, vocabulary, methods):
    def add(count, start):
        for n in range(start, start + count):
            practice(
                registry,
                f"Praktijk {n:02d}",
                municipality=vocabulary["municipality"],
                werkplaats=vocabulary["werkplaats"],
                themes=[vocabulary["theme"], vocabulary["other_theme"]],
                methods=[methods["waardencirkel"]],
                ingredients=["samen"],
                narrative_how="Verhalen.",
            )

    add(2, 0)
    client.get(registry.url)  # warm caches that are per process, not per request
    few, shown_few = registry_queries(client, registry)
    add(14, 2)
    many, shown_many = registry_queries(client, registry)
    assert (shown_few, shown_many) == (2, 12)
    assert few == many, (few, many)


def test_the_registry_is_paginated(client, registry):
    for n in range(14):
        practice(registry, f"Praktijk {n:02d}")
    second = client.get(f"{registry.url}?page=2")
    assert titles(second) == ["Praktijk 12", "Praktijk 13"]


def test_the_practice_page_shows_everything(client, practices):
    page = practices["lingewaard"]
    content = client.get(page.url).content.decode()
    for text in (
        "Armoede doorbreken",
        "Lingewaard",
        "Armoede",
        "Verhalen van bewoners.",
        "gelijkwaardigheid",
        "Waardencirkel",
        "<strong>samen</strong>",
    ):
        assert text in content, text
    assert "<script>" not in content.split("<main", 1)[-1].split("</main>", 1)[0]
    assert practices["houten"].url in content  # related: they share an ingredient
    assert practices["draft"].title not in content


def test_a_draft_practice_is_not_served(client, practices):
    assert client.get(practices["draft"].url or "/nl/praktijken/nog-niet-goedgekeurd/").status_code == 404


def test_the_ingredients_view_counts_published_practices(client, practices, registry):
    response = client.get(dutch_url("pioneers:ingredients"))
    counts = {ingredient.name: ingredient.practice_count for ingredient in response.context["ingredients"]}
    assert counts == {"gelijkwaardigheid": 2, "tijd om te luisteren": 1}
    assert f"{registry.url}?ingredient=gelijkwaardigheid" in response.content.decode()


def test_the_search_has_a_practices_tab(client, practices):
    response = client.get("/nl/search/?q=armoede&tab=practices")
    found = [result["title"] for result in response.context["results"]]
    assert found == ["Armoede doorbreken"]
    assert client.get("/nl/search/?q=goedgekeurd&tab=practices").context["results"] == []
    # Practices have their own tab, so the general one does not list them twice.
    pages = client.get("/nl/search/?q=statushouders&tab=pages").context["results"]
    assert all(result["title"] != "Werk voor statushouders" for result in pages)


def test_the_editor_is_warned_about_a_practice_with_the_same_name_and_municipality(
    client, practices, registry, vocabulary
):
    copy = practice(
        registry, "armoede DOORBREKEN", municipality=vocabulary["municipality"], live=False, slug="armoede-2"
    )
    client.force_login(UserFactory(username="beheer", is_superuser=True, is_staff=True))
    warning = dutch(
        "A practice with the same name and municipality already exists. Check whether this is the same practice before you approve it:"
    )
    response = client.get(f"/admin/pages/{copy.pk}/edit/")
    assert response.status_code == 200
    assert warning in response.content.decode()
    assert f"/admin/pages/{practices['lingewaard'].pk}/edit/" in response.content.decode()
    assert warning not in client.get(f"/admin/pages/{practices['houten'].pk}/edit/").content.decode()
