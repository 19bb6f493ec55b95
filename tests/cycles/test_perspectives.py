"""Perspectives: participants say from where they look (resident, professional, municipality...).
A member's profile role sets it when they join and they can change it; the facilitator records
it for an outside participant; a phase is read per perspective; the report shows, per track,
what each perspective said."""

import pytest
from django.urls import reverse

from cycles import reports, services
from cycles.models import Participant
from leeratelier.accounts.models import Profile

from .conftest import contribute, current_phase, start
from .test_reports import compose

pytestmark = pytest.mark.django_db


def participant(cycle, user):
    return Participant.objects.get(cycle=cycle, user=user)


def test_joining_takes_the_perspective_from_the_profile_role(hidden_atelier, coordinator, member):
    Profile.objects.update_or_create(user=member, defaults={"role": "policy_maker"})
    member.refresh_from_db()
    cycle = start(hidden_atelier, coordinator)
    services.join(cycle, member)
    assert participant(cycle, member).perspective == "municipality"


def test_a_participant_changes_their_own_perspective_and_nobody_else_can(client, cycle, member, second_member):
    client.force_login(member)
    page = client.get(reverse("cycles:cycle", args=[cycle.pk])).content.decode()
    assert "My perspective in this cycle" in page
    mine = participant(cycle, member)
    client.post(reverse("cycles:set_perspective", args=[mine.pk]), {"perspective": "experience_expert"})
    mine.refresh_from_db()
    assert mine.perspective == "experience_expert"
    assert "Experience expert" in client.get(reverse("cycles:cycle", args=[cycle.pk])).content.decode()
    client.force_login(second_member)
    response = client.post(
        reverse("cycles:set_perspective", args=[mine.pk]), {"perspective": "researcher"}, follow=True
    )
    mine.refresh_from_db()
    assert mine.perspective == "experience_expert"
    assert "Only the participant can change their perspective." in response.content.decode()


def test_a_made_up_perspective_is_refused_with_a_message(client, cycle, member):
    client.force_login(member)
    mine = participant(cycle, member)
    response = client.post(reverse("cycles:set_perspective", args=[mine.pk]), {"perspective": "alien"}, follow=True)
    assert "Choose one of the perspectives." in response.content.decode()
    mine.refresh_from_db()
    assert mine.perspective == ""


def test_a_non_member_cannot_reach_the_perspective_form(client, cycle, member, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("cycles:set_perspective", args=[participant(cycle, member).pk]), {"perspective": "researcher"}
    )
    assert response.status_code == 404


def test_the_facilitator_records_an_outside_participants_perspective(client, cycle, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("cycles:add_participant", args=[cycle.pk]),
        {
            "name": "Mevrouw Jansen",
            "consent_text": "Doet mee aan tafel.",
            "consent_given": "on",
            "perspective": "resident",
        },
    )
    assert Participant.objects.get(name="Mevrouw Jansen").perspective == "resident"


def test_a_phase_is_read_per_perspective(client, cycle, member, second_member):
    services.set_perspective(participant(cycle, member), member, "resident")
    services.set_perspective(participant(cycle, second_member), second_member, "professional")
    contribute(cycle, member, body="Wat een bewoner zag.")
    contribute(cycle, second_member, body="Wat een professional zag.")
    client.force_login(member)
    url = reverse("cycles:phase", args=[current_phase(cycle).pk])
    page = client.get(url).content.decode()
    assert "Resident or client (1)" in page and "Professional (1)" in page
    assert "Wat een bewoner zag." in page and "Wat een professional zag." in page
    only = client.get(url, {"perspective": "professional"}).content.decode()
    assert "Wat een professional zag." in only and "Wat een bewoner zag." not in only
    unknown = client.get(url, {"perspective": "<script>"}).content.decode()  # ignored: everything shows
    assert "Wat een bewoner zag." in unknown and "<script>" not in unknown


def test_the_report_shows_per_track_what_each_perspective_said(client, cycle, coordinator, member, second_member):
    services.set_perspective(participant(cycle, member), member, "resident")
    services.set_perspective(participant(cycle, second_member), second_member, "municipality")
    told = contribute(cycle, member, kind="story", body="Ik werd gehoord.", shareable=True, track="meaning")
    policy = contribute(
        cycle, second_member, kind="story", body="Wij passen de regels aan.", shareable=True, track="meaning"
    )
    report = compose(client, cycle, coordinator, visibility="public")
    client.post(
        reverse("cycles:report_edit", args=[report.pk]),
        {"items": [f"contribution:{told.pk}", f"contribution:{policy.pk}"], "then": "publish"},
    )
    report.refresh_from_db()
    groups = reports.for_display(report)["tracks"][1]["perspectives"]
    assert [g["perspective"] for g in groups] == ["resident", "municipality"]
    client.logout()
    body = client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    meaning = body.split('id="track-meaning"')[1].split("</section>")[0]
    assert meaning.index("What they said: Resident or client") < meaning.index("Ik werd gehoord.")
    assert meaning.index("What they said: Municipality or funder") < meaning.index("Wij passen de regels aan.")
