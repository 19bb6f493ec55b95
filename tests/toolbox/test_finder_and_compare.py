"""The tool finder and compare pages: GET forms with shareable addresses, ranked results with
reasons, the compare table and its errors, and query counts that do not grow with the methods."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Locale

from leeratelier.toolbox.factories import MethodPageFactory

pytestmark = pytest.mark.django_db


def dutch(message):
    with translation.override("nl"):
        return escape(gettext(message))


def finder_url(index, **answers):
    return index.finder_url + ("?" + urlencode(answers, doseq=True) if answers else "")


def compare_url(index, *slugs):
    return index.compare_url + "?" + urlencode([("m", slug) for slug in slugs])


def titles_in_order(html, titles):
    return sorted(titles, key=html.index)


# --- finder -------------------------------------------------------------------------------------


def test_the_finder_asks_four_questions_in_fieldsets_without_results_yet(client, method_index, methods):
    response = client.get(finder_url(method_index))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<fieldset") == 4
    for question in [
        "What do you want to achieve?",
        "Who is at the table?",
        "Do you need numbers or stories?",
        "How much time do you have?",
    ]:
        assert dutch(question) in html
    assert 'method="get"' in html
    assert "finder-result" not in html


def test_the_answers_are_the_address_and_the_methods_come_ranked_with_reasons(client, method_index, methods):
    calculator, circle, sroi = methods
    url = finder_url(method_index, purposes=["account"], evidence="numbers", time="session", roles=["citizen"])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    # Effectencalculator 3+3+2+1, SROI 3+3-3, Waardencirkel 3+0-3
    assert titles_in_order(html.split('class="finder-result"')[1], [m.title for m in methods]) == [
        "Effectencalculator",
        "Social Return on Investment",
        "Waardencirkel",
    ]
    result = html.split('class="finder-result"')[1]
    assert dutch("Why it fits") in result and dutch("What it would not give you") in result
    with translation.override("nl"):
        assert escape(gettext("It yields {}.").format(gettext("numbers and stories"))) in result
    # The form shows the answers again, so the visitor can adjust them.
    assert 'value="account" id="id_purposes_0" checked' in html or 'value="account" checked' in html
    # Shared: the same address gives the same result to someone else.
    assert client.get(url).content.decode().count("finder-match") == html.count("finder-match")


def test_all_questions_left_open_shows_every_method(client, method_index, methods):
    html = client.get(finder_url(method_index, evidence="", time="")).content.decode()
    assert dutch("You left every question open, so here are all methods.") in html
    assert html.count('class="card finder-match"') == 3


def test_a_tampered_answer_is_an_error_in_the_form_not_a_crash(client, method_index, methods):
    response = client.get(finder_url(method_index, evidence="gold", purposes=["world_peace"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html and "finder-result" not in html


def test_the_english_finder_shows_dutch_methods_marked_as_dutch(client, home_pages, method_index, methods):
    home_en = home_pages[1]
    index_en = method_index.copy_for_translation(Locale.objects.get(language_code="en"))
    index_en.save_revision().publish()
    html = client.get(finder_url(index_en, purposes=["dialogue"])).content.decode()
    assert html.count('class="card finder-match"') == 3
    assert 'lang="nl"' in html and "Why it fits" in html
    assert index_en.url.startswith("/en/") and home_en.url == "/en/"


# --- compare ------------------------------------------------------------------------------------


def test_two_methods_side_by_side_field_by_field(client, method_index, methods):
    calculator, circle, sroi = methods
    response = client.get(compare_url(method_index, "effectencalculator", "waardencirkel"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<table" in html and "<caption" in html
    assert html.count('<th scope="col">') == 2
    for row in [
        "What it is for",
        "What it yields",
        "Who takes part",
        "Time it takes",
        "Cost",
        "Strengths",
        "Limitations",
    ]:
        assert f'<th scope="row">{dutch(row)}</th>' in html, row
    table = html.split("<table")[1].split("</table>")[0]
    assert titles_in_order(table, ["Waardencirkel", "Effectencalculator"]) == ["Effectencalculator", "Waardencirkel"]
    assert dutch("Numbers and stories") in table and dutch("Stories") in table
    assert "Cijfers én verhalen" in table


def test_four_methods_is_the_most(client, method_index, methods):
    MethodPageFactory(parent=method_index, title="Deep democracy", slug="deep-democracy")
    MethodPageFactory(parent=method_index, title="Storytelling", slug="storytelling")
    four = client.get(compare_url(method_index, "effectencalculator", "waardencirkel", "sroi", "deep-democracy"))
    assert four.status_code == 200 and four.content.decode().count('<th scope="col">') == 4
    five = client.get(
        compare_url(method_index, "effectencalculator", "waardencirkel", "sroi", "deep-democracy", "storytelling")
    )
    html = five.content.decode()
    assert five.status_code == 200
    assert "<table" not in html and 'role="alert"' in html
    with translation.override("nl"):
        from django.utils.translation import ngettext

        expected = ngettext(
            "You can compare at most %(count)d method at a time; you chose %(chosen)d.",
            "You can compare at most %(count)d methods at a time; you chose %(chosen)d.",
            4,
        ) % {"count": 4, "chosen": 5}
    assert escape(expected) in html
    # The five stay ticked, so the visitor can untick one.
    assert html.count(" checked>") == 5


def test_fewer_than_two_is_an_error(client, method_index, methods):
    response = client.get(compare_url(method_index, "waardencirkel"))
    assert response.status_code == 200
    assert dutch("Choose at least two methods to compare.") in response.content.decode()
    # The same method twice is still one method.
    twice = client.get(compare_url(method_index, "waardencirkel", "waardencirkel")).content.decode()
    assert dutch("Choose at least two methods to compare.") in twice and "<table" not in twice


def test_an_unknown_method_is_named_in_the_error(client, method_index, methods):
    response = client.get(compare_url(method_index, "waardencirkel", "<b>toverstaf</b>"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;b&gt;toverstaf&lt;/b&gt;" in html and "<b>toverstaf</b>" not in html
    assert "<table" not in html


def test_a_draft_method_cannot_be_compared(client, method_index, methods):
    draft = MethodPageFactory(parent=method_index, title="Geheim concept", slug="concept", live=False)
    response = client.get(compare_url(method_index, "waardencirkel", draft.slug))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geheim concept" not in html and "<table" not in html and 'role="alert"' in html


def test_without_a_choice_the_compare_page_offers_every_method(client, method_index, methods):
    response = client.get(method_index.compare_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<table" not in html and 'role="alert"' not in html
    assert html.count('type="checkbox" name="m"') == 3


def test_compare_works_with_slugs_of_either_language(client, home_pages, method_index, methods):
    en = Locale.objects.get(language_code="en")
    index_en = method_index.copy_for_translation(en)
    index_en.save_revision().publish()
    calculator_en = methods[0].copy_for_translation(en, copy_parents=False)
    calculator_en.title, calculator_en.slug = "Effect calculator", "effect-calculator"
    calculator_en.save_revision().publish()
    html = client.get(compare_url(index_en, "effect-calculator", "waardencirkel")).content.decode()
    assert "Effect calculator" in html and '<a href="/en/methoden/waardencirkel/" lang="nl">Waardencirkel</a>' in html
    # The Dutch slug on the English site shows the English page.
    html = client.get(compare_url(index_en, "effectencalculator", "waardencirkel")).content.decode()
    assert "Effect calculator" in html


# --- query counts -------------------------------------------------------------------------------


def add_methods(index, count):
    for number in range(count):
        MethodPageFactory(
            parent=index, title=f"Extra methode {number}", slug=f"extra-{number}", strengths="Sterk\nSnel"
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["index", "finder", "compare"])
def test_query_counts_do_not_grow_with_the_number_of_methods(
    client, method_index, methods, page, django_assert_max_num_queries
):
    def url():
        if page == "index":
            return method_index.url
        if page == "finder":
            return finder_url(
                method_index, purposes=["account", "learn"], evidence="both", time="weeks", roles=["citizen"]
            )
        return compare_url(method_index, "effectencalculator", "waardencirkel", "sroi", "extra-0" if extra else "sroi")

    extra = False
    client.get(url())  # warm caches (site root, locales)
    small = count_queries(client, url())
    add_methods(method_index, 12)
    extra = True
    client.get(url())
    large = count_queries(client, url())
    assert large == small, f"{page}: {small} queries with 3 methods, {large} with 15"
    with django_assert_max_num_queries(small):
        client.get(url())
