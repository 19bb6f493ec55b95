"""Dissent as information: the compass shows per value the spread of the scores beside the
average, marks a wide spread ("views differ"), and shows the comments to the cycle's
participants, with the author's name or anonymously as the person chose when scoring. An
anonymous author never appears with the comment in the HTML or in the exports, for anyone."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles import reports, services
from cycles.dissent import WIDE_SPREAD, spread
from cycles.models import NarrativeReport, ValueScore
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.core.factories import UserFactory

from .conftest import current_phase

NAMED_COMMENT = "Bewoners kwamen nauwelijks aan het woord."
ANONYMOUS_COMMENT = "Ik durfde in de groep niets te zeggen."


@pytest.fixture
def third_member(hidden_atelier):
    user = UserFactory(username="third", first_name="Toos", last_name="Derde")
    MembershipFactory(atelier=hidden_atelier, user=user)
    return user


@pytest.fixture
def onlooker(hidden_atelier):
    """A member of the atelier who did not join the cycle."""
    user = UserFactory(username="onlooker", first_name="Olga", last_name="Kijker")
    MembershipFactory(atelier=hidden_atelier, user=user)
    return user


@pytest.fixture
def scored(client, cycle, member, second_member, third_member, coordinator):
    """Known scores through the scoring form. Equality (first value): 1, 4, 4 (views differ);
    trust (second value): 3, 3, 4. The member comments under their name, the second member
    anonymously (their name must never stand by that comment), the third does not comment."""
    services.join(cycle, third_member)
    for _ in range(2):
        services.advance(cycle, current_phase(cycle).pk, coordinator)
    equality, trust = list(cycle.values.all())
    url = reverse("cycles:score", args=[current_phase(cycle).loop_id])
    for user, scores, comment, anonymous in [
        (member, ("1", "3"), NAMED_COMMENT, False),
        (second_member, ("4", "3"), ANONYMOUS_COMMENT, True),
        (third_member, ("4", "4"), "", False),
    ]:
        client.force_login(user)
        data = {f"score_{equality.pk}": scores[0], f"score_{trust.pk}": scores[1], f"comment_{equality.pk}": comment}
        if anonymous:
            data["anonymous"] = "on"
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
    return equality, trust


def _dissent_part(body):
    return body.split('id="dissent-heading"')[1]


def test_the_spread_of_known_scores():
    cell = spread({1: 1, 4: 2})
    assert (cell["average"], cell["count"], cell["lowest"], cell["highest"]) == (3.0, 3, 1, 4)
    assert [item["count"] for item in cell["distribution"]] == [1, 0, 0, 2, 0]
    assert cell["views_differ"] and WIDE_SPREAD == 3
    assert not spread({3: 2, 4: 1})["views_differ"] and not spread({2: 1, 4: 1})["views_differ"]
    assert spread({})["average"] is None


def test_the_compass_shows_spread_and_marks_where_views_differ(client, cycle, scored, member):
    equality, trust = scored
    assert ValueScore.objects.get(participant__user__username="second", value=equality).anonymous
    client.force_login(member)
    body = client.get(reverse("cycles:compass", args=[cycle.pk])).content.decode()
    table = body.split('class="manage-table compass-table"')[1].split("</table>")[0]
    assert "3 · 3 people" in table and "lowest 1, highest 4" in table
    assert "3.3 · 3 people" in table and "lowest 3, highest 4" in table
    assert table.count("Views differ: worth a conversation") == 1  # equality only
    assert "3 points or more apart" in body  # the page says what "wide" means
    dissent = _dissent_part(body)
    equality_part, trust_part = dissent.split(f'id="dissent-value-{trust.pk}"')
    assert "Views differ: worth a conversation" in equality_part and "Views differ" not in trust_part
    assert "score 1: 1 person" in equality_part and "score 4: 2 people" in equality_part
    assert "score 2: 0 people" in equality_part
    assert "score 3: 2 people" in trust_part and "score 4: 1 person" in trust_part


def test_participants_read_the_comments_named_or_anonymous(client, cycle, scored, member, third_member):
    client.force_login(third_member)
    body = client.get(reverse("cycles:compass", args=[cycle.pk])).content.decode()
    dissent = _dissent_part(body)
    assert NAMED_COMMENT in dissent and ANONYMOUS_COMMENT in dissent
    named = dissent.split(NAMED_COMMENT)[1].split("</figcaption>")[0]
    anonymous = dissent.split(ANONYMOUS_COMMENT)[1].split("</figcaption>")[0]
    assert (member.get_full_name() or member.get_username()) in named
    assert "Anonymous" in anonymous and "Sam" not in anonymous
    assert "Sam Tweede" not in body  # the anonymous author is named nowhere on the page


def test_members_who_did_not_join_see_the_spread_but_not_the_comments(client, cycle, scored, onlooker):
    client.force_login(onlooker)
    body = client.get(reverse("cycles:compass", args=[cycle.pk])).content.decode()
    assert "lowest 1, highest 4" in body and "Views differ: worth a conversation" in body
    assert NAMED_COMMENT not in body and ANONYMOUS_COMMENT not in body
    assert "Join the cycle to read them." in body


def test_the_exports_never_name_an_anonymous_author(client, cycle, scored, member, onlooker):
    equality, _trust = scored
    client.force_login(member)
    data = json.loads(client.get(reverse("cycles:export_json", args=[cycle.pk])).content)
    cell = next(value for value in data["values"] if value["name"] == equality.name)["scores"][0]
    assert (cell["lowest"], cell["highest"], cell["views_differ"]) == (1, 4, True)
    assert cell["distribution"] == {"1": 1, "2": 0, "3": 0, "4": 2, "5": 0}
    by_text = {comment["comment"]: comment for comment in cell["comments"]}
    assert by_text[NAMED_COMMENT]["author"] == (member.get_full_name() or member.get_username())
    assert by_text[ANONYMOUS_COMMENT]["author"] is None
    assert set(by_text[ANONYMOUS_COMMENT]) == {"score", "comment", "author"}  # no id to trace it back
    csv_body = client.get(reverse("cycles:export_csv", args=[cycle.pk])).content.decode("utf-8-sig")
    assert ANONYMOUS_COMMENT not in csv_body  # the CSV holds contributions, never score comments
    assert list(csv.reader(io.StringIO(csv_body)))[0][0] == "id"
    # A member who did not join gets no comments in the export either.
    client.force_login(onlooker)
    data = json.loads(client.get(reverse("cycles:export_json", args=[cycle.pk])).content)
    assert "comments" not in data["values"][0]["scores"][0]
    assert ANONYMOUS_COMMENT not in json.dumps(data) and NAMED_COMMENT not in json.dumps(data)


def test_the_report_shows_the_spread_and_the_marker_but_no_comments(client, cycle, scored, coordinator, hidden_atelier):
    today = timezone.localdate()
    report = NarrativeReport.objects.create(
        title="Verantwoording",
        visibility="public",
        atelier_key=hidden_atelier.translation_key,
        cycle=cycle,
        period_start=today - timedelta(days=30),
        period_end=today,
        created_by=coordinator,
        selection=["compass"],
    )
    reports.publish(report, coordinator)
    equality_row = report.snapshot["compass"][0]["values"][0]
    assert equality_row["scores"][0]["lowest"] == 1 and equality_row["scores"][0]["views_differ"]
    client.logout()
    body = client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    compass = body.split('id="compass-heading"')[1]
    assert "lowest 1, highest 4" in compass and "score 4: 2 people" in compass
    assert compass.count("Views differ: worth a conversation") == 1
    assert NAMED_COMMENT not in body and ANONYMOUS_COMMENT not in body and "Sam Tweede" not in body


def test_scoring_again_keeps_the_choice_on_the_form(client, cycle, scored, second_member):
    client.force_login(second_member)
    form = client.get(reverse("cycles:score", args=[current_phase(cycle).loop_id])).context["form"]
    assert form["anonymous"].value() is True
