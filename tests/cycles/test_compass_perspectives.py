"""Scores per perspective: per value and loop, the compass, the report (page and PDF) and the JSON
export show the average and count of each perspective that scored, in the reader's number format
("4,5" in Dutch). A perspective is shown on its own only when at least two people of it scored;
the rest is "other perspectives", so a lone scorer (here the only person of the municipality,
who also comments anonymously) is never shown on their own, and their name appears nowhere."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cycles import dissent, reports, services
from cycles.models import NarrativeReport, Participant, Perspective
from cycles.views import compass_data
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.core.factories import UserFactory

from .conftest import current_phase
from .test_reports import pdf_text

pytestmark = pytest.mark.django_db

ANONYMOUS_COMMENT = "Als enige van de gemeente zeg ik dit liever zonder naam."
LONE_NAME = "Gea Gemeente"

# username, name, perspective, score for the first value (equality), for the second (trust).
SCORERS = [
    ("ria", "Ria Bewoner", "resident", 4, 3),
    ("bas", "Bas Bewoner", "resident", 5, 3),
    ("pim", "Pim Prof", "professional", 2, 4),
    ("pia", "Pia Prof", "professional", 3, 4),
    ("pep", "Pep Prof", "professional", 3, 5),
    ("gea", LONE_NAME, "municipality", 1, 2),  # the only one of the municipality
    ("nol", "Nol Niemand", "", 5, 4),  # gave no perspective
]

# What the breakdown must say for the first loop, from the scores above.
EQUALITY = [
    {"perspective": "resident", "average": 4.5, "count": 2},
    {"perspective": "professional", "average": 2.7, "count": 3},  # 8 / 3
    {"perspective": "other", "average": 3.0, "count": 2},  # the municipality's 1 and Nol's 5
]
TRUST = [
    {"perspective": "resident", "average": 3.0, "count": 2},
    {"perspective": "professional", "average": 4.3, "count": 3},  # 13 / 3
    {"perspective": "other", "average": 3.0, "count": 2},
]


@pytest.fixture
def scored(cycle, hidden_atelier, coordinator):
    for _ in range(2):
        services.advance(cycle, current_phase(cycle).pk, coordinator)
    loop = current_phase(cycle).loop
    equality, trust = list(cycle.values.all())
    for username, name, perspective, first, second in SCORERS:
        first_name, last_name = name.split()
        user = UserFactory(username=username, first_name=first_name, last_name=last_name)
        MembershipFactory(atelier=hidden_atelier, user=user)
        Participant.objects.filter(pk=services.join(cycle, user).pk).update(perspective=perspective)
        lone = username == "gea"
        services.score_values(
            loop, user, {equality: (first, ANONYMOUS_COMMENT if lone else ""), trust: (second, "")}, anonymous=lone
        )
    return equality, trust


def _breakdown(body, value):
    """The per-perspective lists of one value in the compass page's dissent part."""
    part = body.split(f'id="dissent-value-{value.pk}"')[1].split("</section>")[0]
    return part.split('class="score-perspectives"')[1].split("</ul>")[0]


def test_a_perspective_is_shown_alone_only_from_two_scorers():
    resident, professional = {4: 1, 5: 1}, {2: 1, 3: 2}
    assert dissent.by_perspective({"resident": resident, "professional": professional, "municipality": {1: 1}}) == [
        # One person outside the groups shown would be the total minus the groups: the smallest
        # group joins them in "other perspectives".
        {"perspective": "professional", "average": 2.7, "count": 3},
        {"perspective": "other", "average": 3.3, "count": 3},
    ]
    assert dissent.by_perspective({"resident": resident, "municipality": {1: 1}}) == []
    assert dissent.by_perspective({"resident": {4: 1}}) == []
    assert dissent.by_perspective({"": {2: 1, 3: 1}}) == []  # only "other": nothing beyond the total
    assert dissent.by_perspective({"researcher": {4: 2}}) == [{"perspective": "researcher", "average": 4.0, "count": 2}]
    assert dissent.by_perspective({}) == []


def test_the_compass_shows_the_average_per_perspective(client, cycle, scored, member):
    equality, trust = scored
    client.force_login(member)
    body = client.get(reverse("cycles:compass", args=[cycle.pk])).content.decode()
    shown = _breakdown(body, equality)
    assert "Resident or client: 4.5 · 2 people" in shown
    assert "Professional: 2.7 · 3 people" in shown
    assert "Other perspectives: 3 · 2 people" in shown
    assert "Resident or client: 3 · 2 people" in _breakdown(body, trust)
    assert "Professional: 4.3 · 3 people" in _breakdown(body, trust)
    assert 'id="perspective-note"' in body and "at least 2 people with that perspective" in body
    # The lone scorer of the municipality has no line of their own, and no name by their comment.
    assert "Municipality or funder" not in body
    assert ANONYMOUS_COMMENT in body and LONE_NAME not in body


def test_the_compass_reads_4_comma_5_in_dutch(client, cycle, scored, member):
    equality, _trust = scored
    client.force_login(member)
    with translation.override("nl"):
        body = client.get(reverse("cycles:compass", args=[cycle.pk])).content.decode()
        resident = str(Perspective.RESIDENT.label)
        other = str(dissent.perspective_label(dissent.OTHER))
    shown = _breakdown(body, equality)
    assert f"{resident}: 4,5 · 2" in shown and f"{other}: 3 · 2" in shown and ": 2,7 · 3" in shown


def test_the_compass_counts_per_perspective_in_one_query(cycle, scored, django_assert_num_queries):
    with django_assert_num_queries(3):  # values, loops, and one grouped query for all scores
        _loops, rows = compass_data(cycle)
    assert rows[0]["cells"][0]["perspectives"][0]["count"] == 2


def test_the_export_has_the_breakdown_and_no_anonymous_author(client, cycle, scored, member):
    equality, trust = scored
    client.force_login(member)
    data = json.loads(client.get(reverse("cycles:export_json", args=[cycle.pk])).content)
    by_name = {value["name"]: value["scores"] for value in data["values"]}
    loop = next(cell for cell in by_name[equality.name] if cell["count"])
    assert loop["perspectives"] == EQUALITY and loop["count"] == 7
    assert next(cell for cell in by_name[trust.name] if cell["count"])["perspectives"] == TRUST
    [comment] = loop["comments"]
    assert comment["comment"] == ANONYMOUS_COMMENT and comment["author"] is None
    # The participants are listed (Gea among them), but nothing in the compass points to her.
    compass = json.dumps(data["values"])
    assert LONE_NAME not in compass and "municipality" not in compass


def test_the_report_shows_the_breakdown_on_the_page_and_in_the_pdf(client, cycle, scored, coordinator, hidden_atelier):
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
    report.refresh_from_db()
    frozen = report.snapshot["compass"][0]["values"][0]["scores"][0]["perspectives"]
    assert frozen == [{**group, "average": f"{group['average']:.1f}"} for group in EQUALITY]
    assert "label" not in frozen[0]  # labels are added when shown, in the reader's language
    client.logout()
    body = client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    compass = body.split('id="compass-heading"')[1].split("</section>")[0]
    assert "Per perspective: Resident or client 4.5 (2 people); Professional 2.7 (3 people)" in compass
    assert "Other perspectives 3 (2 people)" in compass
    assert "at least 2 people with that perspective" in compass
    assert "Municipality or funder" not in body and LONE_NAME not in body and ANONYMOUS_COMMENT not in body
    with translation.override("nl"):
        dutch = client.get(reverse("cycles:report", args=[report.pk])).content.decode()
        resident = str(Perspective.RESIDENT.label)
    assert f"{resident} 4,5 (2" in dutch.split('id="compass-heading"')[1]
    text = pdf_text(client.get(reverse("cycles:report_pdf", args=[report.pk])).content)
    assert "Resident or client 4.5 (2 people)" in text and LONE_NAME not in text


def test_a_report_published_before_the_breakdown_still_shows(client, cycle, scored, coordinator, hidden_atelier):
    today = timezone.localdate()
    report = NarrativeReport.objects.create(
        title="Oud verslag",
        visibility="public",
        atelier_key=hidden_atelier.translation_key,
        cycle=cycle,
        period_start=today - timedelta(days=30),
        period_end=today,
        created_by=coordinator,
        selection=["compass"],
    )
    reports.publish(report, coordinator)
    for item in report.snapshot["compass"]:
        for row in item["values"]:
            for score in row["scores"]:
                del score["perspectives"]
    report.save(update_fields=["snapshot"])
    client.logout()
    response = client.get(reverse("cycles:report", args=[report.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "lowest 1, highest 5" in body
    assert "Per perspective:" not in body and "at least 2 people with that perspective" not in body
