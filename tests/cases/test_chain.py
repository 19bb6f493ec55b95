"""The chain case - method - practice, and the reasoning cycle on the case page.

A case names the methods tried and the practices it relates to (only published ones, a stale or
forged choice is dropped with a message); method and practice pages count those cases (never one
of a hidden atelier for someone who may not see it) and name them only to readers of the case;
the similar-cases panel weighs shared methods and themes and offers a retained lesson for reuse;
the case page says where the case stands in retrieve, reuse, revise and retain. Query counts of
the method page and the case page do not grow with the number of linked cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.cases import services
from leeratelier.cases.models import Case, Reflection, SimilarCaseOpened
from leeratelier.core.factories import UserFactory
from leeratelier.core.once import new_token
from leeratelier.pioneers.factories import PracticeIndexPageFactory, PracticePageFactory
from leeratelier.toolbox.factories import MethodIndexPageFactory, MethodPageFactory

CASE = {
    "title": "Een moeder met schulden en drie banen",
    "situation": "Een alleenstaande moeder werkt in drie banen en heeft toch schulden.",
    "question": "Hoe bespreek je armoede zonder dat het beschamend voelt?",
    "roles": ["citizen"],
    "tracks": ["meaning"],
    "anonymised_confirmed": True,
}
HIDDEN_TITLE = "Geheime casus over een jongere"
PUBLIC_TITLE = "Casus uit het open atelier"
LESSON = "Vraag eerst wat de bewoner zelf wil.\n\nDan pas wat de regels zeggen."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def method(home_page):
    index = MethodIndexPageFactory(parent=home_page)
    return MethodPageFactory(parent=index, title="Waardencirkel", slug="waardencirkel")


@pytest.fixture
def draft_method(method):
    return MethodPageFactory(parent=method.get_parent(), title="Nog niet klaar", slug="concept", live=False)


@pytest.fixture
def practice(home_page):
    registry = PracticeIndexPageFactory(parent=home_page)
    return PracticePageFactory(parent=registry, title="Buurtkamer")


@pytest.fixture
def public_member(public_atelier):
    """A member of the public atelier only."""
    user = UserFactory(username="open", first_name="Otto", last_name="Open")
    MembershipFactory(atelier=public_atelier, user=user)
    return user


def case_in(atelier, author, title, methods=(), practices=(), **fields):
    return services.post_case(
        atelier,
        author,
        **{**CASE, "title": title, **fields},
        methods=[m.pk for m in methods],
        practices=[p.pk for p in practices],
    )


def form_data(client, atelier, **changes):
    response = client.get(reverse("cases:new", args=[atelier.pk]))
    assert response.status_code == 200
    data = {
        "title": CASE["title"],
        "situation": CASE["situation"],
        "question": CASE["question"],
        "visibility": "atelier",
        "anonymised_confirmed": "on",
        "form_token": response.context["form"].initial["form_token"],
    }
    data.update(changes)
    return data


# --- linking, and what cannot be linked ---------------------------------------------------------


def test_the_case_form_offers_published_methods_only_and_drops_others_with_a_message(
    client, member, hidden_atelier, method, draft_method, practice
):
    client.force_login(member)
    page = client.get(reverse("cases:new", args=[hidden_atelier.pk])).content.decode()
    assert "Waardencirkel" in page and "Buurtkamer" in page and "Nog niet klaar" not in page
    data = form_data(
        client,
        hidden_atelier,
        methods=[str(method.pk), str(draft_method.pk), "999999", "x"],
        practices=[str(practice.pk)],
    )
    response = client.post(reverse("cases:new", args=[hidden_atelier.pk]), data, follow=True)
    assert response.status_code == 200
    case = Case.objects.get()
    assert list(case.methods.all()) == [method] and list(case.practices.all()) == [practice]
    body = response.content.decode()
    assert "3 methods or practices you chose are not published (any more), so they were left out." in body
    assert 'href="%s"' % method.url in body  # the case page names the method it tried


def test_the_author_links_a_method_later_and_an_unpublished_one_is_dropped(
    client, member, hidden_atelier, method, draft_method
):
    case = case_in(hidden_atelier, member, "Zonder methode")
    client.force_login(member)
    url = reverse("cases:edit", args=[case.pk])
    data = {
        "title": case.title,
        "situation": case.situation,
        "question": case.question,
        "done_so_far": "",
        "methods": [str(method.pk), str(draft_method.pk)],
    }
    response = client.post(url, data, follow=True)
    assert (
        "A method or practice you chose is not published (any more), so it was left out." in response.content.decode()
    )
    assert list(case.methods.all()) == [method]
    # Unpublished afterwards: no longer shown on the case, and no longer counted on its page.
    method.unpublish()
    assert 'href="%s"' % method.url not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


# --- method and practice pages ------------------------------------------------------------------


def named(count):
    """What a method or practice page (a Dutch page: the tree's pages are Dutch) says."""
    with translation.override("nl"):
        if not count:
            return translation.gettext("No case in the ateliers names it yet.")
        return translation.ngettext(
            "%(counter)s case in the ateliers names it.", "%(counter)s cases in the ateliers name it.", count
        ) % {"counter": count}


def test_the_method_page_counts_and_names_cases_only_as_the_access_function_allows(
    client, member, coordinator, public_member, outsider, hidden_atelier, public_atelier, method, practice
):
    case_in(hidden_atelier, coordinator, HIDDEN_TITLE, methods=[method], practices=[practice])
    case_in(public_atelier, coordinator, PUBLIC_TITLE, methods=[method], practices=[practice])
    removed = case_in(public_atelier, coordinator, "Weggehaald", methods=[method], practices=[practice])
    services.remove_case(removed, coordinator)
    for page in (method, practice):
        # A visitor: the public atelier's case counts, the hidden atelier's does not; no title.
        client.logout()
        body = client.get(page.url).content.decode()
        assert named(1) in body
        assert HIDDEN_TITLE not in body and PUBLIC_TITLE not in body
        # Signed in, member of nothing: the same number, still no title (the case is for its atelier).
        client.force_login(outsider)
        body = client.get(page.url).content.decode()
        assert named(1) in body and HIDDEN_TITLE not in body and PUBLIC_TITLE not in body
        # A member of the public atelier only: counts and names that case.
        client.force_login(public_member)
        body = client.get(page.url).content.decode()
        assert named(1) in body and PUBLIC_TITLE in body and HIDDEN_TITLE not in body
        # A member of both: both, linked.
        client.force_login(member)
        body = client.get(page.url).content.decode()
        assert named(2) in body and HIDDEN_TITLE in body and PUBLIC_TITLE in body
        hidden = Case.objects.get(title=HIDDEN_TITLE)
        assert reverse("cases:detail", args=[hidden.pk]) in body


def test_a_case_for_all_members_of_a_hidden_atelier_is_named_to_every_signed_in_member(
    client, coordinator, outsider, hidden_atelier, method
):
    case_in(hidden_atelier, coordinator, HIDDEN_TITLE, methods=[method], visibility="members")
    body = client.get(method.url).content.decode()
    assert named(0) in body and HIDDEN_TITLE not in body  # visitor
    client.force_login(outsider)
    body = client.get(method.url).content.decode()
    assert named(1) in body and HIDDEN_TITLE in body  # the table: "all members" may read


def test_query_counts_of_the_method_page_and_case_page_do_not_grow(
    client, member, coordinator, hidden_atelier, public_atelier, method, practice, django_assert_max_num_queries
):
    client.force_login(member)
    main = case_in(hidden_atelier, member, CASE["title"], methods=[method], practices=[practice])

    def grow(count):
        for n in range(count):
            other = case_in(
                public_atelier if n % 2 else hidden_atelier,
                coordinator,
                f"Schulden en armoede {n}",
                methods=[method],
                practices=[practice],
            )
            services.retain_lesson(other, coordinator, LESSON, "")
            services.reflect(main, coordinator, "alternative", f"Probeer het anders {n}")
            SimilarCaseOpened.objects.create(from_case=main, opened_case=other, user=member)

    def measure():
        counts = {}
        for name, url in (
            ("method", method.url),
            ("practice", practice.url),
            ("case", reverse("cases:detail", args=[main.pk])),
        ):
            client.get(url)  # warm the per-process caches (locales, site root)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts[name] = len(captured)
        return counts

    grow(1)
    small = measure()
    grow(6)
    large = measure()
    assert large == small, (small, large)
    with django_assert_max_num_queries(small["case"]):
        client.get(reverse("cases:detail", args=[main.pk]))


# --- similar cases, reuse and the reasoning cycle ------------------------------------------------


def test_similar_cases_weigh_a_shared_method_and_show_the_retained_lesson(
    client, member, coordinator, hidden_atelier, method
):
    case = case_in(hidden_atelier, member, "Bewonersavond", methods=[method], question="Wie komt er op af?")
    other = case_in(hidden_atelier, coordinator, "Straatinterview", methods=[method], question="Geen woord gelijk?")
    services.retain_lesson(other, coordinator, LESSON, "")
    client.force_login(member)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    panel = body.split('id="similar-cases-heading"')[1].split("</section>")[0]
    assert "Straatinterview" in panel and "1 method in common" in panel
    assert "Vraag eerst wat de bewoner zelf wil." in panel
    assert f"?reuse={other.pk}#reflect" in panel and f"?from={case.pk}" in panel


def test_reuse_a_lesson_in_one_click_and_the_cycle_says_where_the_case_stands(
    client, member, coordinator, hidden_atelier, public_atelier
):
    case = case_in(hidden_atelier, member, "Bewonersavond")
    source = case_in(hidden_atelier, coordinator, HIDDEN_TITLE)
    services.retain_lesson(source, coordinator, LESSON, "")
    client.force_login(member)
    # Retrieve: opening the similar case from this case's panel is recorded (once).
    for _ in range(2):
        client.get(reverse("cases:detail", args=[source.pk]) + f"?from={case.pk}")
    assert SimilarCaseOpened.objects.filter(from_case=case, opened_case=source, user=member).count() == 1
    # Reuse: the form starts with the lesson as a quote and a link to the source case.
    response = client.get(reverse("cases:detail", args=[case.pk]) + f"?reuse={source.pk}")
    form = response.context["reflect_form"]
    body_text = form.initial["body"]
    assert body_text.startswith("> Vraag eerst wat de bewoner zelf wil.\n>\n> Dan pas")
    assert f"]({reverse('cases:detail', args=[source.pk])})" in body_text
    assert HIDDEN_TITLE not in body_text  # the link names no title: readers of this thread may not see it
    assert form.initial["reuses"] == source.pk
    client.post(
        reverse("cases:reflect", args=[case.pk]),
        {
            "kind": "experience",
            "body": body_text + "Dat past hier ook.",
            "reuses": str(source.pk),
            "form_token": new_token(),
        },
    )
    reflection = Reflection.objects.get(case=case)
    assert reflection.reuses_lesson_of == source
    assert f'href="{reverse("cases:detail", args=[source.pk])}"' in reflection.body_html
    # Revise: an alternative approach; Retain: the lesson of this case.
    services.reflect(case, coordinator, "alternative", "Nodig ze thuis uit.")
    services.retain_lesson(case, member, "Thuis werkt beter.", "")
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    cycle = body.split('id="cycle-heading"')[1].split("</section>")[0]
    assert "Retrieve:</strong>" in cycle and "1 similar case opened" in cycle and HIDDEN_TITLE in cycle
    assert "Reuse:</strong>" in cycle and "1 lesson reused" in cycle
    assert "Revise:</strong>" in cycle and "1 alternative proposed" in cycle
    date = timezone.localtime(Case.objects.get(pk=case.pk).retained_at).strftime("%-d %B %Y")
    assert "Retain:</strong>" in cycle and f"lesson retained on {date}" in cycle


def test_a_lesson_the_reader_may_not_see_cannot_be_reused_or_recorded(
    client, public_member, coordinator, public_atelier, hidden_atelier
):
    case = case_in(public_atelier, public_member, "Open casus")
    secret = case_in(hidden_atelier, coordinator, HIDDEN_TITLE)
    services.retain_lesson(secret, coordinator, LESSON, "")
    client.force_login(public_member)
    response = client.get(reverse("cases:detail", args=[case.pk]) + f"?reuse={secret.pk}")
    assert not response.context["reflect_form"].initial.get("body")
    assert "Vraag eerst" not in response.content.decode() and HIDDEN_TITLE not in response.content.decode()
    client.post(
        reverse("cases:reflect", args=[case.pk]),
        {
            "kind": "experience",
            "body": "Mijn eigen tekst.",
            "reuses": str(secret.pk),
            "form_token": new_token(),
        },
    )
    assert Reflection.objects.get(case=case).reuses_lesson_of is None
    # The hidden case's page is a 404 for them, and following it "from" records nothing.
    assert client.get(reverse("cases:detail", args=[secret.pk]) + f"?from={case.pk}").status_code == 404
    assert not SimilarCaseOpened.objects.exists()
