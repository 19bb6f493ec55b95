"""Finding cases: the atelier's case library, similar cases and the "Cases" search tab. What is
tested most is who finds what: nobody finds a case they may not read, and nobody finds a hidden
or removed case."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.cases import library, services
from leeratelier.cases.models import Case, Report
from leeratelier.core import generations
from leeratelier.core.factories import ThemeFactory, UserFactory
from search import tabs as search_tabs

BASE = {
    "situation": "Een gezin in de wijk zit diep in de problemen.",
    "question": "Wat kan ik als professional doen?",
    "roles": ["social_worker"],
    "tracks": ["craft"],
    "anonymised_confirmed": True,
}


def post(atelier, author, title, **fields):
    return services.post_case(atelier, author, **{**BASE, "title": title, **fields})


@pytest.fixture
def cases(public_atelier, hidden_atelier, member):
    """Cases in the public atelier at every stage, and one in the hidden atelier."""
    poverty = post(
        public_atelier,
        member,
        "Schulden bij een alleenstaande moeder",
        situation="Een moeder met drie banen heeft schulden bij de energieleverancier.",
        question="Hoe bespreek je armoede zonder schaamte?",
        tracks=["meaning"],
        roles=["citizen"],
    )
    youth = post(
        public_atelier,
        member,
        "Jongere zonder startkwalificatie",
        situation="Een jongere van zeventien verlaat school.",
        question="Welke route naar werk past?",
        tracks=["efficiency", "craft"],
        roles=["volunteer"],
    )
    services.reflect(youth, member, "question", "Heb je met school gesproken?")
    retained = post(public_atelier, member, "Eenzaamheid in de flat", situation="Oudere buurtbewoners vereenzamen.")
    retained.stage = Case.Stage.RETAINED
    retained.save()
    secret = post(
        hidden_atelier,
        member,
        "Geheime casus over schulden",
        situation="Schulden in het besloten atelier.",
        question="Hoe bespreek je schulden?",
    )
    return {"poverty": poverty, "youth": youth, "retained": retained, "secret": secret}


def library_url(atelier, **params):
    from urllib.parse import urlencode

    url = reverse("cases:library", args=[atelier.pk])
    return f"{url}?{urlencode(params)}" if params else url


def titles(response):
    return [case.title for case in response.context["cases"]]


# --- the library ----------------------------------------------------------------------------


def test_visitor_is_sent_to_login_and_non_member_gets_404(client, public_atelier, outsider, cases):
    response = client.get(library_url(public_atelier))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(outsider)
    response = client.get(library_url(public_atelier))
    assert response.status_code == 404
    assert b"Schulden" not in response.content


def test_library_lists_the_ateliers_cases_newest_first(client, public_atelier, member, cases):
    client.force_login(member)
    response = client.get(library_url(public_atelier))
    assert response.status_code == 200
    assert titles(response) == [
        "Eenzaamheid in de flat",
        "Jongere zonder startkwalificatie",
        "Schulden bij een alleenstaande moeder",
    ]
    youth = next(c for c in response.context["cases"] if c.pk == cases["youth"].pk)
    assert youth.reflection_count == 1
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Geheime casus" not in html  # another atelier's case
    assert "<script" not in html.split("<main", 1)[-1]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"stage": "retained"}, ["Eenzaamheid in de flat"]),
        ({"stage": "reflecting"}, ["Jongere zonder startkwalificatie"]),
        ({"track": "efficiency"}, ["Jongere zonder startkwalificatie"]),
        ({"track": "meaning"}, ["Schulden bij een alleenstaande moeder"]),
        ({"role": "citizen"}, ["Schulden bij een alleenstaande moeder"]),
        ({"q": "schulden"}, ["Schulden bij een alleenstaande moeder"]),
        ({"q": "jongere"}, ["Jongere zonder startkwalificatie"]),
        ({"q": "schulden", "stage": "retained"}, []),
        ({"q": "woordkomtnergensvoor"}, []),
    ],
)
def test_filters_and_search_find_the_right_cases(client, public_atelier, member, cases, params, expected):
    client.force_login(member)
    response = client.get(library_url(public_atelier, **params))
    assert response.status_code == 200
    assert titles(response) == expected


def test_theme_filter(client, public_atelier, member, cases):
    theme = ThemeFactory(name="Armoede")
    cases["poverty"].themes.add(theme)
    client.force_login(member)
    response = client.get(library_url(public_atelier, theme=theme.slug))
    assert titles(response) == ["Schulden bij een alleenstaande moeder"]


def test_hidden_case_shows_as_placeholder_and_is_never_found(client, public_atelier, member, cases):
    colleague = UserFactory(username="colleague")
    MembershipFactory(atelier=public_atelier, user=colleague)
    services.report(cases["poverty"], colleague, Report.Reason.IDENTIFIABLE)
    client.force_login(member)
    response = client.get(library_url(public_atelier))
    html = response.content.decode()
    assert "Schulden bij een alleenstaande moeder" not in html
    assert cases["poverty"].pk in [c.pk for c in response.context["cases"]]  # the placeholder row
    assert titles(client.get(library_url(public_atelier, q="schulden"))) == []


def test_removed_case_is_never_found(client, public_atelier, member, cases):
    services.remove_case(cases["poverty"], member)
    client.force_login(member)
    assert titles(client.get(library_url(public_atelier, q="moeder"))) == []
    assert cases["poverty"].pk not in [c.pk for c in library.findable_cases(member)]


def test_library_query_count_does_not_grow(client, public_atelier, member):
    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(library_url(public_atelier))
        assert response.status_code == 200
        return len(captured)

    def rendered_and_kept():
        """The queries of the list rendered afresh (a case of the atelier changed), then kept."""
        generations.bump(library.library_generation(public_atelier.translation_key))
        return count_queries(), count_queries()

    client.force_login(member)
    for number in range(3):
        services.reflect(post(public_atelier, member, f"Casus {number}"), member, "question", "Vraag")
    client.get(library_url(public_atelier))  # warm up: session, site, locale caches
    small = rendered_and_kept()
    for number in range(3, 25):
        services.reflect(post(public_atelier, member, f"Casus {number}"), member, "experience", "Ervaring")
    client.get(library_url(public_atelier))  # publishing moved the navigation cache on: warm it again
    assert rendered_and_kept() == small
    assert small[1] < small[0]


# --- visibility "members" and the search tab -------------------------------------------------


def search_tab(client, query):
    return client.get(reverse("search"), {"q": query, "tab": "cases"})


def result_titles(response):
    return [result["title"] for result in response.context["results"] or []]


def test_search_tab_finds_only_what_the_reader_may_see(client, member, outsider, cases):
    assert search_tabs.get_tab("cases").slug == "cases"
    client.force_login(member)
    assert sorted(result_titles(search_tab(client, "schulden"))) == [
        "Geheime casus over schulden",
        "Schulden bij een alleenstaande moeder",
    ]
    client.force_login(outsider)
    response = search_tab(client, "schulden")
    assert response.status_code == 200
    assert result_titles(response) == []
    assert b"Geheime casus" not in response.content


def test_visitor_finds_no_cases(client, cases):
    response = search_tab(client, "schulden")
    assert response.status_code == 200
    assert result_titles(response) == []


def test_members_visibility_is_found_by_every_signed_in_member(client, public_atelier, member, outsider):
    post(public_atelier, member, "Open voor iedereen: wachtlijst schuldhulp", visibility=Case.Visibility.MEMBERS)
    client.force_login(outsider)
    assert result_titles(search_tab(client, "wachtlijst")) == ["Open voor iedereen: wachtlijst schuldhulp"]


def test_search_snippet_is_sanitised_text(client, public_atelier, member):
    post(
        public_atelier,
        member,
        "Casus met opmaak",
        situation="Een **vette** zin <script>alert(1)</script> over wachtlijsten.",
    )
    client.force_login(member)
    response = search_tab(client, "opmaak")
    snippet = str(response.context["results"][0]["snippet"])
    assert "<script" not in snippet and "<strong" not in snippet and "vette" in snippet


def test_search_tab_never_finds_hidden_or_removed(client, public_atelier, member, coordinator, cases):
    services.report(cases["youth"], coordinator, Report.Reason.IDENTIFIABLE)
    services.remove_case(cases["poverty"], member)
    client.force_login(member)
    assert result_titles(search_tab(client, "jongere")) == []
    assert result_titles(search_tab(client, "moeder")) == []


# --- similar cases ---------------------------------------------------------------------------


def test_similar_cases_exclude_the_case_and_what_the_reader_may_not_see(public_atelier, member, outsider, cases):
    similar = library.similar_cases(cases["poverty"], member)
    assert cases["poverty"] not in similar
    assert cases["secret"] in similar  # member of both ateliers
    assert library.similar_cases(cases["poverty"], outsider) == []
    assert library.similar_cases(cases["poverty"], AnonymousUser()) == []


def test_similar_cases_for_a_non_member_of_the_other_atelier(public_atelier, member, cases):
    reader = UserFactory(username="reader")
    MembershipFactory(atelier=public_atelier, user=reader)
    similar = library.similar_cases(cases["poverty"], reader)
    assert cases["secret"] not in similar


def test_similar_endpoint(client, public_atelier, hidden_atelier, member, outsider, cases):
    url = reverse("cases:similar")
    assert client.get(url, {"atelier": public_atelier.pk, "q": "schulden"}).status_code == 302
    client.force_login(outsider)
    assert client.get(url, {"atelier": public_atelier.pk, "q": "schulden"}).status_code == 404
    client.force_login(member)
    page = client.get(url, {"atelier": public_atelier.pk, "q": "schulden armoede"})
    assert page.status_code == 200 and b"<h1" in page.content
    assert "Schulden bij een alleenstaande moeder" in page.content.decode()
    fragment = client.get(url, {"atelier": public_atelier.pk, "q": "schulden", "partial": "1"})
    assert b"<h1" not in fragment.content and b"similar-cases" in fragment.content
    assert client.get(url, {"atelier": "x"}).status_code == 404


def test_library_paginates_by_twenty(client, public_atelier, member):
    for number in range(22):
        post(public_atelier, member, f"Casus {number}")
    client.force_login(member)
    first = client.get(library_url(public_atelier))
    assert len(first.context["cases"]) == 20
    assert 'aria-current="page"' in first.content.decode()
    second = client.get(library_url(public_atelier, page=2))
    assert [case.title for case in second.context["cases"]] == ["Casus 1", "Casus 0"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Dutch stemming needs PostgreSQL")
@pytest.mark.postgres
def test_dutch_stemming_finds_inflected_forms(client, public_atelier, member, cases):
    client.force_login(member)
    # The case says "schulden" and "banen"; the singular shares the stem.
    assert titles(client.get(library_url(public_atelier, q="schuld"))) == ["Schulden bij een alleenstaande moeder"]
    assert titles(client.get(library_url(public_atelier, q="baan"))) == ["Schulden bij een alleenstaande moeder"]
