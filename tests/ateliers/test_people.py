"""People: a member's profile for fellow members of a shared atelier (and nobody else), the member
directory of an atelier for its members, hiding from the directory, and pseudonyms that hold.
Through real URLs, as the people concerned would use them."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from leeratelier.accounts.models import Profile, profile_of
from leeratelier.ateliers.factories import AtelierPageFactory, MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.cases import services as case_services
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import Municipality

CASE = dict(
    title="Schulden en schaamte",
    situation="Een gezin met schulden.",
    question="Hoe begin je het gesprek?",
    anonymised_confirmed=True,
)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def profile_url(user):
    return reverse("people:profile", args=[user.pk])


def directory_url(atelier):
    return reverse("people:directory", args=[atelier.pk])


@pytest.fixture
def fellow(public_atelier):
    """A member of the public atelier only, with a full profile."""
    user = UserFactory(
        username="fellow", first_name="Femke", last_name="Bakker", id=4242
    )  # an id no other number on a page has
    MembershipFactory(atelier=public_atelier, user=user)
    profile = profile_of(user)
    profile.role, profile.organisation, profile.bio = "social_worker", "Wijkteam Oost", "Ik werk in de wijk."
    profile.municipality = Municipality.objects.get_or_create(name="Lingewaard")[0]
    profile.save()
    return user


@pytest.fixture
def elsewhere(atelier_index):
    """A member of another atelier only."""
    other = AtelierPageFactory(parent=atelier_index, title="Ander Atelier")
    user = UserFactory(username="elsewhere", first_name="Eva", last_name="Anders")
    MembershipFactory(atelier=other, user=user)
    return user


# --- the profile ------------------------------------------------------------------------------


def test_a_fellow_member_sees_the_profile_with_the_ateliers_in_common(
    client, fellow, member, public_atelier, hidden_atelier
):
    client.force_login(member)
    response = client.get(profile_url(fellow))
    body = response.content.decode()
    assert response.status_code == 200
    for shown in (
        "Femke Bakker",
        "Wijkteam Oost",
        "Lingewaard",
        "Ik werk in de wijk.",
        "Sociaal werker",
        public_atelier.title,
    ):
        assert shown in body, shown
    # Only the ateliers in common: Femke is not in the hidden atelier, so it is not named.
    assert hidden_atelier.title not in body
    assert response["Cache-Control"].startswith("private")


def test_nobody_else_sees_the_profile(client, fellow, elsewhere, outsider, editor):
    for person in (elsewhere, outsider, editor):  # member of another atelier, no atelier, admin
        client.force_login(person)
        response = client.get(profile_url(fellow))
        assert response.status_code == 404
        assert "Femke" not in response.content.decode() and "Bakker" not in response.content.decode()
    client.logout()
    response = client.get(profile_url(fellow))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_id_looks_exactly_like_a_stranger(client, elsewhere, fellow):
    client.force_login(elsewhere)
    stranger, unknown = client.get(profile_url(fellow)), client.get(reverse("people:profile", args=[987654]))
    assert stranger.status_code == unknown.status_code == 404

    def page(response, asked):  # without the CSRF token and the address asked for (language switcher)
        return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode()).replace(
            f"/people/{asked}/", "/people/X/"
        )

    assert page(stranger, fellow.pk) == page(unknown, 987654)


def test_a_member_who_left_is_no_longer_visible(client, fellow, member, public_atelier):
    client.force_login(member)
    assert client.get(profile_url(fellow)).status_code == 200
    Membership.objects.filter(user=fellow).delete()
    assert client.get(profile_url(fellow)).status_code == 404


def test_my_own_profile_as_others_see_it(client, member, public_atelier, hidden_atelier):
    client.force_login(member)
    body = client.get(profile_url(member)).content.decode()
    assert "Mila Lid" in body and public_atelier.title in body and hidden_atelier.title in body
    assert reverse("accounts:profile") in body


# --- the directory ----------------------------------------------------------------------------


def test_the_directory_lists_the_members_with_links_to_their_profiles(
    client, fellow, member, coordinator, public_atelier
):
    client.force_login(member)
    body = client.get(directory_url(public_atelier)).content.decode()
    for person in (fellow, member, coordinator):
        assert f'href="{profile_url(person)}"' in body
    assert "Wijkteam Oost" in body and "Lingewaard" in body


def test_the_directory_is_for_members_only(client, fellow, outsider, elsewhere, public_atelier, hidden_atelier):
    for person in (outsider, elsewhere):
        client.force_login(person)
        for atelier in (public_atelier, hidden_atelier):
            response = client.get(directory_url(atelier))
            assert response.status_code == 404 and "Femke" not in response.content.decode()
            assert hidden_atelier.title not in response.content.decode()
    client.logout()
    assert "/accounts/login/" in client.get(directory_url(hidden_atelier))["Location"]


def test_filters_by_role_organisation_and_municipality(client, fellow, member, public_atelier):
    client.force_login(member)
    url = directory_url(public_atelier)
    municipality = profile_of(fellow).municipality
    for query in ({"role": "social_worker"}, {"organisation": "oost"}, {"municipality": municipality.pk}):
        body = client.get(url, query).content.decode()
        assert f'href="{profile_url(fellow)}"' in body and f'href="{profile_url(member)}"' not in body, query
    body = client.get(url, {"role": "policy_maker"}).content.decode()
    assert f'href="{profile_url(fellow)}"' not in body and "directory__person" not in body


def test_a_person_can_hide_from_the_directory_but_fellow_members_still_open_the_profile(
    client, fellow, member, public_atelier
):
    client.force_login(fellow)
    data = {
        "first_name": "Femke",
        "last_name": "Bakker",
        "role": "social_worker",
        "organisation": "Wijkteam Oost",
        "bio": "",
        "language": "nl",
    }  # "show me in the member directory" left unticked
    assert client.post(reverse("accounts:profile"), data).status_code == 302
    fellow.refresh_from_db()
    assert Profile.objects.get(user=fellow).listed_in_directory is False
    client.force_login(member)
    assert "Femke Bakker" not in client.get(directory_url(public_atelier)).content.decode()
    assert client.get(profile_url(fellow)).status_code == 200


def test_the_directory_paginates(client, member, public_atelier):
    for number in range(35):
        MembershipFactory(
            atelier=public_atelier, user=UserFactory(username=f"p{number:02d}", last_name=f"Zz{number:02d}")
        )
    client.force_login(member)
    first = client.get(directory_url(public_atelier)).content.decode()
    second = client.get(directory_url(public_atelier), {"page": 2}).content.decode()
    assert "Zz00" in first and "Zz34" not in first and "Zz34" in second
    assert re.search(r'class="directory__count"[^>]*>36 ', first)


@pytest.mark.parametrize("size", [5, 40])
def test_the_directory_query_count_does_not_grow(client, member, public_atelier, django_assert_max_num_queries, size):
    for number in range(size):
        person = UserFactory(username=f"q{number:02d}")
        MembershipFactory(atelier=public_atelier, user=person)
        profile = profile_of(person)
        profile.municipality = Municipality.objects.get_or_create(name=f"Gemeente {number % 7}")[0]
        profile.save()
    client.force_login(member)
    client.get(directory_url(public_atelier))  # warm the caches (session, navigation)
    with django_assert_max_num_queries(12):
        assert client.get(directory_url(public_atelier)).status_code == 200


# --- pseudonyms hold --------------------------------------------------------------------------


def test_a_pseudonymous_post_never_leads_to_the_real_profile(client, fellow, member, public_atelier):
    """Femke posts a case as "Wijkwerker". Mila reads it: no profile link, no user id, and the
    directory lists Femke by her real name only, never beside the pseudonym."""
    case = case_services.post_case(public_atelier, fellow, pseudonym_name="Wijkwerker", **CASE)
    case_services.reflect(case, fellow, "experience", "Nog een gedachte van mij.", pseudonym_name="Wijkwerker")
    client.force_login(member)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Wijkwerker" in page
    assert "Femke" not in page and "Bakker" not in page
    assert profile_url(fellow) not in page and "/people/" not in page
    assert str(fellow.pk) not in page  # no id anywhere (links, attributes)
    library = client.get(reverse("cases:library", args=[public_atelier.pk])).content.decode()
    assert "Wijkwerker" in library and profile_url(fellow) not in library
    directory = client.get(directory_url(public_atelier)).content.decode()
    assert "Femke Bakker" in directory and "Wijkwerker" not in directory
    profile = client.get(profile_url(fellow)).content.decode()
    assert "Wijkwerker" not in profile and CASE["title"] not in profile
