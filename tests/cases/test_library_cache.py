"""The case library keeps its list in the cache per atelier, audience, language and page
(cases.library, core.generations): a kept page makes no query of its own, every change a reader
could notice in it is there for the very next reader, and a reader who may see other cases (an
admin outside the atelier) or no cases at all (a member of another atelier) never gets it."""

import pytest
from django.contrib.auth.models import update_last_login
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from leeratelier.ateliers.factories import AtelierPageFactory, MembershipFactory
from leeratelier.cases import moderation, services
from leeratelier.cases.models import Case, Pseudonym, Reflection
from leeratelier.core.factories import ThemeFactory, UserFactory
from leeratelier.core.privacy import erase_account

pytestmark = pytest.mark.django_db

CASE = {
    "situation": "Een gezin met schulden wil geen hulp.",
    "question": "Hoe bouwen we vertrouwen op?",
    "roles": ["citizen"],
    "tracks": ["meaning"],
    "anonymised_confirmed": True,
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        cache.clear()
        yield


@pytest.fixture
def colleague(public_atelier):
    user = UserFactory(username="colleague", first_name="Kees", last_name="Collega")
    MembershipFactory(atelier=public_atelier, user=user)
    return user


@pytest.fixture
def case(public_atelier, member):
    return services.post_case(public_atelier, member, title="Budgetcoach en de schuldhulp", **CASE)


def library(client, user, atelier, **params):
    client.force_login(user)
    response = client.get(reverse("cases:library", args=[atelier.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def listing(body):
    return body[body.index('<ol class="case-list">') : body.index("</main>")]


def queries(client, atelier, **params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("cases:library", args=[atelier.pk]), params).status_code == 200
    return [query["sql"] for query in captured]


def test_a_kept_page_reads_no_case(client, public_atelier, member, colleague, case):
    library(client, member, public_atelier)
    client.force_login(colleague)  # another member of the atelier: the same list
    client.get(reverse("ateliers:my_page"))  # the header's own caches
    kept = queries(client, public_atelier)
    assert not [sql for sql in kept if "cases_case" in sql or "core_theme" in sql or "ateliers_atelierpage" in sql]
    assert "Budgetcoach en de schuldhulp" in library(client, colleague, public_atelier)


def test_new_edited_hidden_restored_and_removed_cases_show_at_once(client, public_atelier, member, colleague, case):
    coordinator = UserFactory(username="cor")
    MembershipFactory(atelier=public_atelier, user=coordinator, role="coordinator")
    assert "Budgetcoach" in library(client, colleague, public_atelier)

    services.post_case(public_atelier, member, title="Een tweede casus over wonen", **CASE)
    assert "Een tweede casus over wonen" in library(client, colleague, public_atelier)

    services.edit_case(case, member, title="Een nieuwe titel", tracks=["craft", "efficiency"])
    body = library(client, colleague, public_atelier)
    assert "Een nieuwe titel" in body and "Budgetcoach" not in body and "Efficiency" in body

    case.refresh_from_db()
    moderation.hide(case, coordinator, "Te herkenbaar")
    body = library(client, colleague, public_atelier)
    assert "Een nieuwe titel" not in body and "Hidden case" in body

    case.refresh_from_db()
    moderation.restore(case, coordinator)
    assert "Een nieuwe titel" in library(client, colleague, public_atelier)

    case.refresh_from_db()
    services.remove_case(case, member)
    assert "Een nieuwe titel" not in library(client, colleague, public_atelier)

    Case.objects.get(title="Een tweede casus over wonen").delete()
    assert "This atelier has no cases yet." in library(client, colleague, public_atelier)


def test_reflections_and_the_stage_they_move_show_at_once(client, public_atelier, member, colleague, case):
    coordinator = UserFactory(username="cor")
    MembershipFactory(atelier=public_atelier, user=coordinator, role="coordinator")
    body = library(client, colleague, public_atelier)
    assert "0 reflections" in body and "badge--open" in body

    reflection = services.reflect(case, colleague, "question", "Wat zegt het gezin zelf?")
    body = library(client, colleague, public_atelier)
    assert "1 reflection<" in body and "badge--reflecting" in body  # the first moves it to "reflecting"

    services.reflect(case, member, "experience", "Bij ons hielp een vast gezicht.")
    assert "2 reflections" in library(client, colleague, public_atelier)

    moderation.hide(reflection, coordinator, "Te herkenbaar")
    assert "1 reflection<" in library(client, colleague, public_atelier)

    Reflection.objects.filter(body__startswith="Bij ons").get().delete()
    assert "0 reflections" in library(client, colleague, public_atelier)


def test_names_show_at_once_a_rename_a_pseudonym_and_a_deleted_account(client, public_atelier, member, colleague):
    services.post_case(public_atelier, colleague, title="Casus van Kees", **CASE)
    services.post_case(public_atelier, member, title="Casus onder schuilnaam", pseudonym_name="Zonnebloem", **CASE)
    body = library(client, member, public_atelier)
    assert "Kees Collega" in body and "Zonnebloem" in body

    colleague.first_name = "Karel"
    colleague.save()
    body = library(client, member, public_atelier)
    assert "Karel Collega" in body and "Kees Collega" not in body

    Pseudonym.objects.filter(name="Zonnebloem").update(name="Madeliefje")  # no signal: not seen ...
    pseudonym = Pseudonym.objects.get(name="Madeliefje")
    pseudonym.save()  # ... until it is saved
    body = library(client, member, public_atelier)
    assert "Madeliefje" in body and "Zonnebloem" not in body

    erase_account(colleague, keep_contributions=True)
    body = library(client, member, public_atelier)
    assert "Karel Collega" not in body and "a former member" in body


def test_signing_in_changes_no_name_and_keeps_the_list(client, public_atelier, member, colleague, case):
    library(client, member, public_atelier)
    update_last_login(None, colleague)  # what signing in saves
    client.force_login(colleague)
    assert not [sql for sql in queries(client, public_atelier) if "cases_case" in sql]


def test_a_renamed_atelier_and_a_renamed_theme_show_at_once(client, public_atelier, member, case):
    with translation.override("nl"):  # the theme's language
        theme = ThemeFactory(name="Armoede en schulden")
        assert "Armoede en schulden" in library(client, member, public_atelier)
        theme.name = "Bestaanszekerheid"
        theme.save()
        body = library(client, member, public_atelier)
        assert "Bestaanszekerheid" in body and "Armoede en schulden" not in body

    public_atelier.title = "Leeratelier Bestaanszekerheid"
    public_atelier.save_revision().publish()
    assert "Leeratelier Bestaanszekerheid" in library(client, member, public_atelier)
    public_atelier.unpublish()
    client.force_login(member)
    assert client.get(reverse("cases:library", args=[public_atelier.pk])).status_code == 404


def test_pages_filters_and_the_search_are_each_their_own(client, public_atelier, member):
    for number in range(25):
        services.post_case(public_atelier, member, title=f"Casus nummer {number}", **CASE)
    services.post_case(public_atelier, member, title="Een open casus in fase twee", **{**CASE, "tracks": ["craft"]})
    first = library(client, member, public_atelier)
    second = library(client, member, public_atelier, page=2)
    assert "Een open casus in fase twee" in first and "Casus nummer 0" not in first
    assert "Casus nummer 0" in second and "Een open casus in fase twee" not in second
    assert listing(library(client, member, public_atelier, page=2)) == listing(second)
    filtered = library(client, member, public_atelier, track="craft")
    assert "Een open casus in fase twee" in filtered and "Casus nummer 1<" not in filtered
    assert 'value="craft" selected' in filtered
    assert 'value="craft" selected' not in library(client, member, public_atelier)
    assert "Casus nummer 7" in library(client, member, public_atelier, q="nummer 7")


def test_the_coordinators_links_stay_with_the_coordinator(client, public_atelier, member, case):
    coordinator = UserFactory(username="cor")
    MembershipFactory(atelier=public_atelier, user=coordinator, role="coordinator")
    reports = reverse("cases:reports", args=[public_atelier.pk])
    assert reports in library(client, coordinator, public_atelier)
    assert reports not in library(client, member, public_atelier)


def test_a_reader_of_another_atelier_never_gets_this_list(client, public_atelier, atelier_index, member, case):
    other = AtelierPageFactory(parent=atelier_index, title="Ander atelier")
    stranger = UserFactory(username="stranger")
    MembershipFactory(atelier=other, user=stranger)
    services.post_case(other, stranger, title="Casus van het andere atelier", **CASE)
    assert "Budgetcoach" in library(client, member, public_atelier)
    body = library(client, stranger, other)
    assert "Casus van het andere atelier" in body and "Budgetcoach" not in body
    client.force_login(stranger)
    assert client.get(reverse("cases:library", args=[public_atelier.pk])).status_code == 404


def test_an_admin_outside_the_atelier_sees_only_cases_open_to_all_members(client, public_atelier, member, editor, case):
    services.post_case(public_atelier, member, title="Open voor alle leden", **{**CASE, "visibility": "members"})
    body = library(client, member, public_atelier)
    assert "Budgetcoach" in body and "Open voor alle leden" in body
    body = library(client, editor, public_atelier)
    assert "Open voor alle leden" in body and "Budgetcoach" not in body
    # ... and a member after the admin still gets the whole list
    assert "Budgetcoach" in library(client, member, public_atelier)
    case.visibility = "members"
    case.save()
    assert "Budgetcoach" in library(client, editor, public_atelier)


def test_a_new_member_gets_the_kept_list_and_one_who_left_gets_nothing(client, public_atelier, member, colleague, case):
    library(client, member, public_atelier)
    newcomer = UserFactory(username="newcomer")
    client.force_login(newcomer)
    assert client.get(reverse("cases:library", args=[public_atelier.pk])).status_code == 404
    MembershipFactory(atelier=public_atelier, user=newcomer)
    assert "Budgetcoach" in library(client, newcomer, public_atelier)
    from leeratelier.ateliers.models import Membership
    from leeratelier.ateliers.services import leave

    leave(Membership.objects.get(user=colleague))
    client.force_login(colleague)
    assert client.get(reverse("cases:library", args=[public_atelier.pk])).status_code == 404
