"""Cycle URLs follow the visibility table: a visitor goes to the login page, a signed-in
non-member (and a site editor) gets a plain 404 that names nothing, members read, participants
contribute, the facilitator and coordinators facilitate."""

import pytest
from django.urls import reverse

from cycles import policy as cycle_policy
from cycles import services
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.core import access
from leeratelier.core.factories import UserFactory
from leeratelier.core.once import new_token

from .conftest import current_phase, start

QUESTION = "Hoe laten we bewoners meebeslissen over het armoedebeleid?"


def cycle_urls(cycle):
    phase = current_phase(cycle)
    return [
        reverse("cycles:cycle", args=[cycle.pk]),
        reverse("cycles:phase", args=[phase.pk]),
        reverse("cycles:compass", args=[cycle.pk]),
        reverse("cycles:export_csv", args=[cycle.pk]),
        reverse("cycles:export_json", args=[cycle.pk]),
        reverse("cycles:score", args=[phase.loop_id]),
    ]


def test_a_visitor_is_sent_to_the_login_page(client, cycle):
    for url in cycle_urls(cycle):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["outsider", "editor"])
def test_a_signed_in_non_member_gets_a_404_that_names_nothing(client, cycle, outsider, editor, who):
    client.force_login({"outsider": outsider, "editor": editor}[who])
    for url in cycle_urls(cycle):
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.content.decode()
        assert QUESTION not in body and "Besloten Jongerenatelier" not in body


def test_a_member_who_has_not_joined_reads_but_cannot_contribute(client, hidden_atelier, coordinator):
    cycle = start(hidden_atelier, coordinator)
    reader = UserFactory(username="reader")
    MembershipFactory(atelier=hidden_atelier, user=reader)
    client.force_login(reader)
    page = client.get(reverse("cycles:cycle", args=[cycle.pk]))
    assert page.status_code == 200 and QUESTION in page.content.decode()
    assert "Join this cycle" in page.content.decode()
    phase = current_phase(cycle)
    response = client.post(
        reverse("cycles:phase", args=[phase.pk]), {"kind": "note", "body": "Hallo", "form_token": new_token()}
    )
    assert response.status_code == 200
    assert "Join the cycle to contribute." in response.content.decode()
    assert not phase.contributions.exists()
    assert client.get(reverse("cycles:advance", args=[cycle.pk])).status_code == 404
    # Joining opens contributing.
    client.post(reverse("cycles:join", args=[cycle.pk]))
    client.post(reverse("cycles:phase", args=[phase.pk]), {"kind": "note", "body": "Hallo", "form_token": new_token()})
    assert phase.contributions.count() == 1


def test_an_appointed_member_facilitates_and_loses_it_with_their_membership(hidden_atelier, coordinator, member):
    cycle = start(hidden_atelier, coordinator, facilitator=member)
    assert cycle_policy.can_facilitate_cycle(member, cycle)
    assert cycle_policy.can_facilitate_cycle(coordinator, cycle)
    access.forget_roles(member)
    from leeratelier.ateliers.models import Membership

    Membership.objects.filter(user=member, atelier_key=hidden_atelier.translation_key).delete()
    access.forget_roles(member)
    assert not cycle_policy.can_facilitate_cycle(member, cycle)
    assert not cycle_policy.can_view_cycle(member, cycle)


def test_only_coordinators_start_a_cycle(client, hidden_atelier, member, outsider):
    url = reverse("cycles:new", args=[hidden_atelier.pk])
    assert "/accounts/login/" in client.get(url)["Location"]
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 404
    with pytest.raises(services.Denied):
        start(hidden_atelier, member)


def test_lists_show_only_the_cycles_of_ones_own_ateliers(client, public_atelier, hidden_atelier, coordinator, outsider):
    start(public_atelier, coordinator, learning_question="Publieke vraag")
    start(hidden_atelier, coordinator, learning_question="Besloten vraag")
    other = UserFactory(username="public-only")
    MembershipFactory(atelier=public_atelier, user=other)
    client.force_login(other)
    assert client.get(reverse("cycles:atelier_cycles", args=[hidden_atelier.pk])).status_code == 404
    listing = client.get(reverse("cycles:atelier_cycles", args=[public_atelier.pk])).content.decode()
    assert "Publieke vraag" in listing and "Besloten vraag" not in listing
    # The atelier page's panel: members see the current cycles; a non-member sees no panel.
    assert "Publieke vraag" in client.get(public_atelier.url).content.decode()
    client.force_login(outsider)
    page = client.get(public_atelier.url).content.decode()
    assert "Publieke vraag" not in page and "Current learning cycles" not in page
