"""The case search finds what is there now: a new, edited, hidden or removed reflection (and case)
is found or not found at once, a reader who leaves an atelier no longer finds its cases, and a
search result leads to the page of the thread that holds the reflection, marked. On PostgreSQL
the cases' and reflections' own search documents are written in the same transaction as the
post, and the plan of the Cases tab starts from their GIN index."""

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from leeratelier.ateliers import services as atelier_services
from leeratelier.ateliers.models import Membership
from leeratelier.cases import documents, services
from leeratelier.cases.models import Case, Reflection
from leeratelier.cases.views import REFLECTIONS_PER_PAGE

from .test_views import CASE


def found(client, query):
    with translation.override("nl"):
        response = client.get(reverse("search"), {"q": query, "tab": "cases"})
    assert response.status_code == 200
    return [result["url"] for result in response.context["results"] or []]


@pytest.fixture
def case(public_atelier, member):
    return services.post_case(public_atelier, member, **{**CASE, "title": "Schulden en schaamte"})


def test_a_reflection_is_found_from_the_moment_it_is_posted_until_hidden_or_removed(client, case, member, coordinator):
    client.force_login(member)
    assert found(client, "budgetcoach") == []
    reflection = services.reflect(case, coordinator, "experience", "Wij werken met een budgetcoach.")
    at = f"/nl/case/{case.pk}/?at={reflection.pk}#reflection-{reflection.pk}"
    assert found(client, "budgetcoach") == [at]

    services.edit_reflection(reflection, coordinator, "Wij werken met een schuldhulpmaatje.")
    assert found(client, "budgetcoach") == []
    assert found(client, "schuldhulpmaatje") == [at]

    services.hide(reflection, coordinator, "Herleidbaar")
    assert found(client, "schuldhulpmaatje") == []
    services.restore(reflection, coordinator)
    assert found(client, "schuldhulpmaatje") == [at]

    services.remove_reflection(reflection, coordinator)
    assert found(client, "schuldhulpmaatje") == []


def test_a_case_is_found_by_its_new_text_once_edited_and_never_once_removed(client, case, member):
    client.force_login(member)
    assert found(client, "schaamte") == [f"/nl/case/{case.pk}/"]
    services.edit_case(case, member, title="Schulden en eenzaamheid")
    assert found(client, "schaamte") == []
    assert found(client, "eenzaamheid") == [f"/nl/case/{case.pk}/"]
    services.remove_case(case, member)
    assert found(client, "eenzaamheid") == []


def test_a_reader_who_leaves_the_atelier_no_longer_finds_its_cases(client, hidden_atelier, member):
    secret = services.post_case(hidden_atelier, member, **{**CASE, "title": "Besloten leerwerktraject"})
    client.force_login(member)
    assert found(client, "leerwerktraject") == [f"/nl/case/{secret.pk}/"]
    atelier_services.leave(Membership.objects.active().get(user=member, atelier_key=hidden_atelier.translation_key))
    assert found(client, "leerwerktraject") == []


def test_a_hit_on_a_reflection_opens_its_page_of_the_thread_with_it_marked(client, case, member, coordinator):
    reflections = [
        services.reflect(case, coordinator, "question", f"Vraag nummer {n}.") for n in range(REFLECTIONS_PER_PAGE + 2)
    ]
    target = services.reflect(case, coordinator, "theory", "Lees over de armoedeval.")
    client.force_login(member)
    (url,) = found(client, "armoedeval")
    response = client.get(url.split("#")[0])
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    content = response.content.decode()
    marked = re.search(r'<li class="[^"]*reflection--marked[^"]*" id="reflection-(\d+)" aria-current="true">', content)
    assert marked and int(marked.group(1)) == target.pk
    assert content.count("reflection--marked") == 1
    assert "Gevonden met je zoekopdracht" in content or "Found by your search" in content
    # An id of another case's reflection marks nothing; a page asked for wins.
    other = services.post_case(case_atelier(case), member, **CASE)
    stray = services.reflect(other, coordinator, "question", "Elders.")
    response = client.get(reverse("cases:detail", args=[case.pk]), {"at": stray.pk})
    assert response.context["page_obj"].number == 1 and "reflection--marked" not in response.content.decode()
    response = client.get(reverse("cases:detail", args=[case.pk]), {"at": target.pk, "page": 1})
    assert response.context["page_obj"].number == 1
    assert reflections[0].pk


def case_atelier(case):
    from leeratelier.ateliers.models import AtelierPage

    return AtelierPage.objects.filter(translation_key=case.atelier_key).first()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search documents are PostgreSQL's")
def test_the_document_is_written_with_the_post(case, coordinator):
    reflection = services.reflect(case, coordinator, "theory", "Over de armoedeval.")
    case_document = Case.objects.filter(pk=case.pk).values_list("search_document", flat=True).get()
    assert re.search(r"'schuld[a-z]*':\d+A", case_document), case_document  # the title weighs A
    document = Reflection.objects.filter(pk=reflection.pk).values_list("search_document", flat=True).get()
    assert "armoedeval" in document


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search documents are PostgreSQL's")
def test_the_cases_tab_starts_from_the_gin_indexes(public_atelier, member):
    """A few thousand rows (bulk, then their documents), ANALYZE, and the plans of the Cases
    tab's two queries for a rare word use the GIN indexes."""
    from leeratelier.cases.search import findable_cases, findable_reflections

    # Reflections of a realistic length: a table of a few pages is read whole, whatever the index.
    ordinary = " ".join(["Een gewone reflectie over de wijk, de buurtcoach en het sociaal team."] * 8)
    cases = Case.objects.bulk_create(
        [
            Case(
                atelier_key=public_atelier.translation_key,
                author=member,
                title=f"Casus {n}",
                situation="Een gewone situatie in de wijk.",
                question="Wat nu?",
                roles=[],
                tracks=[],
            )
            for n in range(2000)
        ]
    )
    Reflection.objects.bulk_create(
        [
            Reflection(
                case=cases[n % len(cases)],
                author=member,
                kind="question",
                body="Zeldzaamwoord." if n == 7 else ordinary,
            )
            for n in range(4000)
        ]
    )
    documents.refresh(Case.objects.all())
    documents.refresh(Reflection.objects.all())
    documents.refresh_threads([case.pk for case in cases])
    with connection.cursor() as cursor:
        # What autovacuum does in time: move the rows just written out of GIN's pending list.
        cursor.execute("SELECT gin_clean_pending_list('case_search_document_gin')")
        cursor.execute("SELECT gin_clean_pending_list('reflection_search_document_gin')")
        cursor.execute("SELECT gin_clean_pending_list('case_thread_document_gin')")
        cursor.execute("ANALYZE cases_case")
        cursor.execute("ANALYZE cases_reflection")
    reflections = findable_reflections(member).filter(search_document=documents.text_query("zeldzaamwoord"))
    plan = reflections.order_by("-created_at").values_list("pk", "case_id")[:200].explain()
    assert "reflection_search_document_gin" in plan, plan
    plan = documents.matching(findable_cases(member), "zeldzaamwoord").values_list("pk", flat=True)[:200].explain()
    assert "case_search_document_gin" in plan, plan
    assert len(list(reflections)) == 1
    threads = findable_cases(member).filter(thread_document=documents.text_query("zeldzaamwoord"))
    plan = threads.order_by("-created_at").values_list("pk", flat=True)[:200].explain()
    assert "case_thread_document_gin" in plan, plan
    assert list(threads.values_list("pk", flat=True)) == [cases[7].pk]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search documents are PostgreSQL's")
def test_the_thread_document_holds_the_visible_reflections_only(case, coordinator):
    """What the Cases tab matches "through a reflection": the case's thread document."""

    def thread_finds(word):
        return Case.objects.filter(pk=case.pk, thread_document=documents.text_query(word)).exists()

    first = services.reflect(case, coordinator, "experience", "Een budgetcoach hielp.")
    services.reflect(case, coordinator, "question", "Wie kent een schuldhulpmaatje?")
    assert thread_finds("budgetcoach") and thread_finds("schuldhulpmaatje")
    services.hide(first, coordinator, "Herleidbaar")
    assert not thread_finds("budgetcoach") and thread_finds("schuldhulpmaatje")
    services.restore(first, coordinator)
    assert thread_finds("budgetcoach")
    first.delete()
    assert not thread_finds("budgetcoach") and thread_finds("schuldhulpmaatje")
