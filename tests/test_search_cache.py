"""What a search found is kept for the next reader with the same query, language and rights
(search/cache.py): readers alike share it, and every change a reader could notice (a post, a
hide, a publication, a membership) shows in the next search at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from leeratelier.ateliers import services as atelier_services
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.cases import services as case_services
from leeratelier.core.factories import UserFactory
from search import cache as results_cache
from tests.ateliers.conftest import *  # noqa: F403  (atelier fixtures)
from tests.hardening.conftest import CASE

WORD = "zoekkompas"


def found(client, **params):
    with translation.override("nl"):
        response = client.get(reverse("search"), {"q": WORD, **params})
    assert response.status_code == 200
    return [result["url"] for result in response.context["results"] or []]


def queries_of(client, **params):
    with CaptureQueriesContext(connection) as captured:
        found(client, **params)
    return len(captured)


@pytest.fixture
def hidden_case(hidden_atelier, member):
    """A case only the hidden atelier's members may read, with the word in its title."""
    return case_services.post_case(hidden_atelier, member, **{**CASE, "title": f"Casus {WORD}"})


def case_url(case):
    return reverse("cases:detail", args=[case.pk])


def test_readers_alike_share_what_a_search_found(client, public_atelier, hidden_atelier, member, hidden_case):
    twin = UserFactory(username="twin")
    for atelier in (public_atelier, hidden_atelier):
        MembershipFactory(atelier=atelier, user=twin)
    client.force_login(member)
    first = queries_of(client, tab="cases")
    client.force_login(twin)
    assert found(client, tab="cases") == [case_url(hidden_case)]
    assert queries_of(client, tab="cases") < first


def test_a_reader_with_other_rights_never_gets_what_another_found(client, public_atelier, member, hidden_case):
    outsider_member = UserFactory(username="buur")
    MembershipFactory(atelier=public_atelier, user=outsider_member)
    client.force_login(member)
    assert case_url(hidden_case) in found(client, tab="cases")
    assert case_url(hidden_case) in found(client)
    client.force_login(outsider_member)
    assert found(client, tab="cases") == []
    assert found(client) == []


def test_joining_and_leaving_an_atelier_show_at_once(client, hidden_atelier, public_atelier, hidden_case):
    reader = UserFactory(username="nieuwkomer")
    MembershipFactory(atelier=public_atelier, user=reader)
    client.force_login(reader)
    assert found(client, tab="cases") == []
    membership = MembershipFactory(atelier=hidden_atelier, user=reader)
    assert found(client, tab="cases") == [case_url(hidden_case)]
    atelier_services.leave(Membership.objects.get(pk=membership.pk))
    assert found(client, tab="cases") == []


def test_a_reflection_posted_hidden_and_restored_shows_at_once(
    client, public_atelier, member, coordinator, django_capture_on_commit_callbacks
):
    case = case_services.post_case(public_atelier, member, **{**CASE, "title": "Een gewone casus"})
    client.force_login(member)
    assert found(client, tab="cases") == []
    with django_capture_on_commit_callbacks(execute=True):
        reflection = case_services.reflect(case, coordinator, "theory", f"Denk aan het {WORD}.")
    shown = found(client, tab="cases")
    assert len(shown) == 1 and shown[0].startswith(case_url(case))
    with django_capture_on_commit_callbacks(execute=True):
        case_services.hide(reflection, coordinator, "Niet passend")
    assert found(client, tab="cases") == []
    with django_capture_on_commit_callbacks(execute=True):
        case_services.restore(reflection, coordinator)
    assert len(found(client, tab="cases")) == 1


def test_a_new_title_shows_in_the_next_search(client, public_atelier, member, django_capture_on_commit_callbacks):
    client.force_login(member)
    public_atelier.title = f"Atelier {WORD}"
    with django_capture_on_commit_callbacks(execute=True):
        public_atelier.save_revision().publish()
    with translation.override("nl"):
        response = client.get(reverse("search"), {"q": WORD})
    assert [result["title"] for result in response.context["results"]] == [f"Atelier {WORD}"]
    public_atelier.title = f"Ander atelier {WORD}"
    with django_capture_on_commit_callbacks(execute=True):
        public_atelier.save_revision().publish()
    with translation.override("nl"):
        response = client.get(reverse("search"), {"q": WORD})
    assert [result["title"] for result in response.context["results"]] == [f"Ander atelier {WORD}"]


def test_the_audience_names_only_what_the_filters_read(db, public_atelier, hidden_atelier):
    one, two, other = (UserFactory(username=name) for name in ("een", "twee", "ander"))
    for user in (one, two):
        MembershipFactory(atelier=hidden_atelier, user=user, role=Membership.Role.MEMBER)
    MembershipFactory(atelier=public_atelier, user=other)
    admin = UserFactory(username="beheer", is_superuser=True)
    assert results_cache.audience(one) == results_cache.audience(two)
    assert len({results_cache.audience(user) for user in (one, other, admin, None)}) == 4
