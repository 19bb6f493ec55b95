"""The values compass says when scoring opens: before the reflect phase, a sentence with its
date (or who opens it); during it, that scoring is open; after the last, that it is closed."""

from datetime import date

import pytest
from django.urls import reverse

from cycles import services
from cycles.models import Phase

from .conftest import current_phase

pytestmark = pytest.mark.django_db


def when(client, cycle):
    body = client.get(reverse("cycles:compass", args=[cycle.pk])).content.decode()
    return " ".join(body.split('id="scoring-when">')[1].split("</p>")[0].split())


def test_the_compass_says_when_scoring_opens(client, cycle, member, coordinator):
    client.force_login(member)
    reflect = Phase.objects.get(cycle=cycle, loop__number=1, kind="reflect")
    assert when(client, cycle) == (
        "Scoring is not open yet. It opens when the facilitator starts the reflect phase of loop 1."
    )
    reflect.starts_on, reflect.ends_on = date(2031, 3, 4), date(2031, 3, 18)
    reflect.save()
    assert (
        when(client, cycle)
        == "Scoring is not open yet. It opens on 4 March 2031, when the reflect phase of loop 1 starts."
    )
    for _ in range(2):
        services.advance(cycle, current_phase(cycle).pk, coordinator)
    assert when(client, cycle) == "Scoring is open now, in the reflect phase of loop 1, until 18 March 2031."
    assert "Score the values for this loop" in client.get(reverse("cycles:compass", args=[cycle.pk])).content.decode()


def test_the_dutch_compass_gives_the_date_in_dutch_words(client, cycle, member):
    from django.utils import translation

    reflect = Phase.objects.get(cycle=cycle, loop__number=1, kind="reflect")
    reflect.starts_on = date(2031, 3, 4)
    reflect.save()
    client.force_login(member)
    with translation.override("nl"):
        url = reverse("cycles:compass", args=[cycle.pk])
    body = client.get(url).content.decode()
    assert "4 maart 2031" in body.split('id="scoring-when">')[1].split("</p>")[0]
