"""The cycle page is kept per reader for a while (cycles.views.cycle_detail, core.generations):
the same reader reading it again gets it without the cycle's phases or participants being read,
and every change to what it shows is there at once for that reader: a contribution, someone
joining, a phase advanced, a perspective, an outside participant, a renamed participant, a new
role. A reader who left gets a 404 naming nothing, and the forms carry the session's own
token."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles import services
from cycles.models import Participant
from leeratelier.ateliers import services as atelier_services
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.core import fragments
from leeratelier.core.factories import UserFactory

from .conftest import contribute, current_phase

pytestmark = pytest.mark.django_db


def read(client, user, cycle):
    """The page as ``user`` reads it, and whether it was kept (no phase read)."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cycles:cycle", args=[cycle.pk]))
    assert response.status_code == 200
    return response.content.decode(), not any("cycles_phase" in query["sql"] for query in queries.captured_queries)


def test_the_same_reader_gets_the_kept_page(client, cycle, member, coordinator):
    first, was_kept = read(client, member, cycle)
    assert not was_kept and "Sam Tweede" in first
    again, was_kept = read(client, member, cycle)
    assert was_kept and "Sam Tweede" in again
    # The coordinator's page (with the facilitator's forms) is their own.
    theirs, was_kept = read(client, coordinator, cycle)
    assert not was_kept and reverse("cycles:advance", args=[cycle.pk]) in theirs
    assert reverse("cycles:advance", args=[cycle.pk]) not in read(client, member, cycle)[0]


def _contribution(cycle, people):
    contribute(cycle, people["second"], body="Een nieuwe notitie")
    return "1 contribution"


def _joined(cycle, people):
    services.join(cycle, people["outsider_member"])
    return "Olga Nieuw"


def _advanced(cycle, people):
    services.advance(cycle, current_phase(cycle).pk, people["coordinator"])
    return f"<dd>{current_phase(cycle).name}, loop 1</dd>"


def _perspective(cycle, people):
    participant = Participant.objects.get(cycle=cycle, user=people["second"])
    services.set_perspective(participant, people["second"], "researcher")
    return "Sam Tweede</bdi> · Researcher"


def _outside(cycle, people):
    services.add_outside_participant(
        cycle, people["coordinator"], name="Bewoner Jansen", consent_text="Mondeling, 3 mei"
    )
    return "Bewoner Jansen"


def _renamed(cycle, people):
    people["second"].first_name = "Samira"
    people["second"].save()
    return "Samira Tweede"


def _made_coordinator(cycle, people):
    membership = Membership.objects.get(user=people["member"], atelier_key=cycle.atelier_key)
    membership.role = Membership.Role.COORDINATOR
    membership.save()
    return reverse("cycles:advance", args=[cycle.pk])


CHANGES = {
    "a contribution": _contribution,
    "someone joined": _joined,
    "a phase advanced": _advanced,
    "a perspective": _perspective,
    "an outside participant": _outside,
    "a participant renamed": _renamed,
    "the reader made coordinator": _made_coordinator,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_reaches_the_reader_who_has_the_page_kept(
    client, change, cycle, member, second_member, coordinator, hidden_atelier
):
    newcomer = UserFactory(username="olga", first_name="Olga", last_name="Nieuw")
    MembershipFactory(atelier=hidden_atelier, user=newcomer)
    read(client, member, cycle)
    assert read(client, member, cycle)[1], "the page is kept before the change"
    people = {"member": member, "second": second_member, "coordinator": coordinator, "outsider_member": newcomer}
    shown = CHANGES[change](cycle, people)
    after, was_kept = read(client, member, cycle)
    assert not was_kept, change
    assert shown in after, change


def test_a_reader_who_left_gets_a_404_that_names_nothing(client, cycle, member):
    read(client, member, cycle)
    atelier_services.leave(Membership.objects.get(user=member, atelier_key=cycle.atelier_key))
    client.force_login(member)
    response = client.get(reverse("cycles:cycle", args=[cycle.pk]))
    assert response.status_code == 404 and cycle.learning_question not in response.content.decode()


def test_the_forms_of_a_kept_page_carry_the_new_sessions_token(cycle, member):
    browser = Client(enforce_csrf_checks=True)
    read(browser, member, cycle)
    browser.logout()
    html, was_kept = read(browser, member, cycle)
    assert was_kept and fragments.csrf_placeholder() not in html
    action = reverse("cycles:set_perspective", args=[Participant.objects.get(cycle=cycle, user=member).pk])
    form = re.search(rf'<form[^>]*action="{action}".*?</form>', html, re.S).group(0)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = browser.post(action, {"csrfmiddlewaretoken": token, "perspective": "professional"})
    assert response.status_code == 302
    assert Participant.objects.get(cycle=cycle, user=member).perspective == "professional"
