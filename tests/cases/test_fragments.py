"""The case page and the case library keep rendered fragments in the shared cache
(leeratelier.core.fragments): the same for every reader who may see them, and any change is
there for the very next reader (an edit, a hide, a removal, a renamed author, a new member, a new
reflection), while per-reader parts (actions, the real name behind a pseudonym) never travel
from one reader to another."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.cases import moderation, services
from leeratelier.core.factories import UserFactory
from leeratelier.core.once import new_token

pytestmark = pytest.mark.django_db

CASE = {
    "title": "Budgetcoach en de schuldhulp",
    "situation": "Een gezin met schulden wil geen hulp.",
    "question": "Hoe bouwen we vertrouwen op?",
    "done_so_far": "",
    "roles": ["citizen"],
    "tracks": ["meaning"],
    "visibility": "atelier",
    "anonymised_confirmed": True,
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        cache.clear()
        yield


@pytest.fixture
def case(hidden_atelier, member):
    return services.post_case(hidden_atelier, member, **CASE)


@pytest.fixture
def colleague(hidden_atelier):
    user = UserFactory(username="colleague", first_name="Kees", last_name="Collega")
    MembershipFactory(atelier=hidden_atelier, user=user)
    return user


def page(client, user, case):
    client.force_login(user)
    return client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def library(client, user, atelier):
    client.force_login(user)
    return client.get(reverse("cases:library", args=[atelier.pk])).content.decode()


def test_a_reflection_is_rendered_once_and_served_from_the_cache(client, case, member, colleague):
    reflection = services.reflect(case, colleague, "question", "Wat zegt het gezin zelf?")
    first = page(client, member, case)
    cached = [key for key in cache._cache if "fragment:reflection:" in key]  # locmem in the tests
    assert len(cached) == 1 and f":{reflection.pk}:" in cached[0]
    assert "Wat zegt het gezin zelf?" in first
    assert "Wat zegt het gezin zelf?" in page(client, colleague, case)


def test_an_edit_hide_restore_and_removal_are_visible_at_once(client, case, member, colleague, coordinator):
    reflection = services.reflect(case, colleague, "question", "Eerste versie van de vraag")
    assert "Eerste versie" in page(client, member, case)

    services.edit_reflection(reflection, colleague, "Tweede versie van de vraag")
    body = page(client, member, case)
    assert "Tweede versie" in body and "Eerste versie" not in body and "edited" in body

    moderation.hide(reflection, coordinator, "Te herkenbaar")
    body = page(client, member, case)
    assert "Tweede versie" not in body and "This reflection has been hidden." in body

    reflection.refresh_from_db()
    moderation.restore(reflection, coordinator)
    assert "Tweede versie" in page(client, member, case)

    reflection.refresh_from_db()
    services.remove_reflection(reflection, colleague)
    body = page(client, member, case)
    assert "Tweede versie" not in body and "This reflection has been removed." in body


def test_helpful_and_a_renamed_author_are_visible_at_once(client, case, member, colleague):
    reflection = services.reflect(case, colleague, "question", "Een goede vraag")
    assert "Kees Collega" in page(client, member, case)
    services.mark_helpful(reflection, member)
    assert 'class="reflection__helpful"' in page(client, colleague, case)
    colleague.first_name = "Karel"
    colleague.save()
    body = page(client, member, case)
    assert "Karel Collega" in body and "Kees Collega" not in body


def test_per_reader_parts_never_travel_between_readers(client, hidden_atelier, member, colleague, coordinator):
    case = services.post_case(hidden_atelier, member, **CASE)
    reflection = services.reflect(case, colleague, "experience", "Onder schuilnaam", pseudonym_name="Zonnebloem")
    # The coordinator sees who is behind the pseudonym, and is the first to fill the cache.
    assert "pseudonym of <bdi>Kees Collega</bdi>" in page(client, coordinator, case)
    body = page(client, member, case)
    assert "Zonnebloem" in body and "Kees Collega" not in body
    # The author's own actions (edit, remove) are only on the author's page; the case author's
    # "helpful" button only on theirs.
    edit = reverse("cases:edit_reflection", args=[reflection.pk])
    helpful = reverse("cases:helpful", args=[reflection.pk])
    assert edit in page(client, colleague, case) and helpful not in page(client, colleague, case)
    body = page(client, member, case)
    assert edit not in body and helpful in body


def test_a_new_member_reads_the_cached_thread_and_a_new_reflection_shows_at_once(
    client, case, member, colleague, hidden_atelier
):
    services.reflect(case, colleague, "question", "De eerste reflectie")
    page(client, member, case)
    newcomer = UserFactory(username="newcomer", first_name="Nina", last_name="Nieuw")
    client.force_login(newcomer)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404  # not yet a member
    MembershipFactory(atelier=hidden_atelier, user=newcomer)
    body = page(client, newcomer, case)
    assert "De eerste reflectie" in body
    client.post(
        reverse("cases:reflect", args=[case.pk]),
        {"kind": "question", "body": "Nina vraagt iets", "form_token": new_token()},
    )
    assert "Nina vraagt iets" in page(client, member, case)
    assert "Nina Nieuw" in page(client, colleague, case)


def test_library_rows_follow_changes_at_once(client, case, member, colleague, coordinator, hidden_atelier):
    body = library(client, member, hidden_atelier)
    assert CASE["title"] in body and "0 reflections" in body
    services.reflect(case, colleague, "question", "Een reflectie")
    assert "1 reflection" in library(client, colleague, hidden_atelier)
    services.edit_case(case, member, title="Een nieuwe titel voor de casus")
    body = library(client, colleague, hidden_atelier)
    assert "Een nieuwe titel voor de casus" in body and CASE["title"] not in body
    case.refresh_from_db()
    moderation.hide(case, coordinator, "Te herkenbaar")
    body = library(client, colleague, hidden_atelier)
    assert "Een nieuwe titel voor de casus" not in body and "Hidden case" in body
