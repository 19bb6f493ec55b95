"""Reflections are found in the "Cases" tab of the site search, only on cases the reader may
see, never when hidden or removed; the result leads to the case at the reflection."""

from django.urls import reverse
from django.utils import translation

from leeratelier.cases import services

from .test_views import CASE


def titles(client, query):
    with translation.override("nl"):
        response = client.get(reverse("search"), {"q": query, "tab": "cases"})
    assert response.status_code == 200
    return [(result["title"], result["url"]) for result in response.context["results"] or []]


def test_reflection_text_finds_its_case_for_those_who_may_see_it(
    client, public_atelier, hidden_atelier, member, outsider, coordinator
):
    open_case = services.post_case(public_atelier, member, **{**CASE, "title": "Open casus"})
    secret = services.post_case(hidden_atelier, member, **{**CASE, "title": "Besloten casus"})
    visible = services.reflect(open_case, member, "theory", "Denk aan het leerwerktraject van de gemeente.")
    services.reflect(secret, member, "theory", "Ook hier een leerwerktraject.")
    client.force_login(member)
    found = titles(client, "leerwerktraject")
    assert ("Open casus", f"/nl/case/{open_case.pk}/?at={visible.pk}#reflection-{visible.pk}") in found
    assert "Besloten casus" in [title for title, _ in found]

    # A member of another atelier finds nothing of the hidden one.
    other = services.post_case(public_atelier, member, **{**CASE, "title": "Andere casus"})
    client.force_login(outsider)
    assert titles(client, "leerwerktraject") == []

    # Hidden and removed reflections are never found.
    services.hide(visible, coordinator, "Herleidbaar")
    client.force_login(member)
    assert "Open casus" not in [title for title, _ in titles(client, "leerwerktraject")]
    assert other.pk  # unused case: nothing matched it


def test_case_found_directly_is_listed_once(client, public_atelier, member):
    case = services.post_case(public_atelier, member, **{**CASE, "title": "Wijkteam en leerwerktraject"})
    services.reflect(case, member, "question", "Welk leerwerktraject bedoel je?")
    client.force_login(member)
    assert titles(client, "leerwerktraject") == [("Wijkteam en leerwerktraject", f"/nl/case/{case.pk}/")]
