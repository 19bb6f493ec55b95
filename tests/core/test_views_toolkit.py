"""The view toolkit: one safe redirect for every posted or query `next`, one CSV formula guard
for every export. Through the real URLs: every view that redirects to a posted `next` refuses a
`next` that leaves the site; both CSV exports guard the same cells and leave empty cells empty."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from cycles import services as cycle_services
from leeratelier.ateliers.factories import MembershipFactory, RegistrationFactory
from leeratelier.ateliers.models import Registration
from leeratelier.cases import services
from leeratelier.core.factories import UserFactory
from leeratelier.core.views_toolkit import csv_cell
from tests.ateliers.conftest import (
    atelier_index,
    coordinator,
    hidden_atelier,
    member,
    public_atelier,
    public_meeting,
)
from tests.cases.test_views import CASE
from tests.cycles.conftest import start

ROOT = Path(__file__).resolve().parents[2]
LEAVING = ["//other.example", "https://other.example", "https://other.example/nl/", "/\\other.example",
           "\\\\other.example", "javascript:alert(1)", " //other.example"]  # fmt: skip


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- the safe redirect ----------------------------------------------------------------------------


def test_no_view_reads_next_without_the_toolkit():
    """Every place that reads a posted or query `next` goes through safe_next (so a new view that
    writes its own check shows up here)."""
    offenders = []
    for folder in ("leeratelier", "cycles", "home", "search"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "views_toolkit.py" or "migrations" in path.parts:
                continue
            if re.search(r"""(POST|GET|REQUEST)(\.get\(|\[)\s*["']next["']""", path.read_text()):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.fixture
def reported_case(hidden_atelier, member):
    case = services.post_case(hidden_atelier, member, **CASE)
    reporter = UserFactory()
    MembershipFactory(atelier=hidden_atelier, user=reporter)
    services.report(case, reporter, "hurtful")
    return case


@pytest.mark.parametrize("target", LEAVING)
@pytest.mark.parametrize("action", ["cases:restore", "cases:hide"])
def test_moderation_redirect_stays_on_the_site(client, reported_case, coordinator, action, target):
    client.force_login(coordinator)
    response = client.post(reverse(action, args=["case", reported_case.pk]), {"next": target, "reason": "Adres"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[reported_case.pk])


def test_moderation_redirect_follows_a_local_next(client, reported_case, coordinator, hidden_atelier):
    client.force_login(coordinator)
    url = reverse("cases:reports", args=[hidden_atelier.pk])
    assert client.post(reverse("cases:restore", args=["case", reported_case.pk]), {"next": url})["Location"] == url


@pytest.fixture
def contribution(hidden_atelier, coordinator, member):
    cycle = start(hidden_atelier, coordinator)
    cycle_services.join(cycle, member)
    return cycle_services.contribute(cycle.phases.get(status="open"), member, kind="story", body="Een verhaal")


@pytest.mark.parametrize("target", LEAVING)
def test_set_shareable_redirect_stays_on_the_site(client, contribution, member, target):
    client.force_login(member)
    response = client.post(reverse("cycles:share", args=[contribution.pk]), {"shareable": "1", "next": target})
    assert response.status_code == 302 and response["Location"] == reverse("cycles:mine")
    contribution.refresh_from_db()
    assert contribution.shareable  # the action itself was done


def test_set_shareable_follows_a_local_next(client, contribution, member):
    client.force_login(member)
    target = reverse("cycles:cycle", args=[contribution.cycle_id]) + "?tab=x"
    response = client.post(reverse("cycles:share", args=[contribution.pk]), {"shareable": "1", "next": target})
    assert response["Location"] == target


@pytest.mark.parametrize("target", LEAVING)
def test_admin_login_next_stays_on_the_site(client, db, settings, target):
    settings.TWO_FACTOR_REQUIRED = True  # the admin's own login is replaced by the site's then
    response = client.get("/admin/login/", {"next": target})
    assert response.status_code == 302
    assert "other.example" not in response["Location"] and "javascript" not in response["Location"]


# --- the CSV guard --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["=1+1", "+31 6 1234", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("x")'])
def test_a_formula_start_is_quoted(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize(("value", "expected"), [("", ""), (None, ""), ("Anne-Marie", "Anne-Marie"), (12, "12"),
                                                 (True, "True"), ("x=1", "x=1"), (" =1", " =1")])  # fmt: skip
def test_ordinary_and_empty_cells_stay_as_they_are(value, expected):
    assert csv_cell(value) == expected


def read_csv(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=csv_separator(response)))


def test_cycle_export_leaves_empty_cells_empty_and_guards_tab_and_return(client, contribution, member):
    cycle_services.contribute(contribution.phase, member, kind="note", body="\tverborgen")
    client.force_login(member)
    header, *rows = read_csv(client.get(reverse("cycles:export_csv", args=[contribution.cycle_id])))
    cells = [dict(zip(header, row, strict=True)) for row in rows]
    story = next(row for row in cells if row["kind"] == "story")
    assert story["track"] == "" and story["image_alt"] == "" and story["indicator_value"] == ""
    assert "'" not in {value for value in story.values()}
    note = next(row for row in cells if row["kind"] == "note")
    assert note["text"].startswith("'")  # the tab start is guarded


def test_attendee_export_uses_the_same_guard(client, public_meeting, coordinator):
    RegistrationFactory(
        meeting=public_meeting,
        user=None,
        guest_name="\r=cmd",
        guest_email="-x@example.org",
        status=Registration.Status.CONFIRMED,
    )
    client.force_login(coordinator)
    header, *rows = read_csv(client.get(reverse("ateliers:attendees_csv", args=[public_meeting.pk])))
    assert header == ["Name", "Email address", "Status", "Registered at", "Attendance"]
    guest = next(row for row in rows if row[1].endswith("x@example.org"))
    assert guest[0] == "'\r=cmd" and guest[1] == "'-x@example.org"


def csv_separator(response):
    """';' for a Dutch reader, ',' for an English one (see core.views_toolkit.csv_delimiter)."""
    first_line = response.content.decode("utf-8-sig").split("\n", 1)[0]
    return ";" if ";" in first_line else ","


def test_csv_is_separated_by_semicolons_for_dutch_readers():
    from django.utils import translation

    from leeratelier.core.views_toolkit import csv_response

    with translation.override("nl"):
        dutch = csv_response("x.csv", ["Naam", "Score"], [["Fatima", "4,5"]]).content.decode("utf-8-sig")
    with translation.override("en"):
        english = csv_response("x.csv", ["Name", "Score"], [["Fatima", "4.5"]]).content.decode("utf-8-sig")
    assert dutch.splitlines() == ["Naam;Score", "Fatima;4,5"]
    assert english.splitlines() == ["Name,Score", "Fatima,4.5"]
