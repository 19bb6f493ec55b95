"""The narrative accountability report: what a coordinator can choose (only shareable stories),
numbers ordered by the three tracks, publishing freezes a snapshot at its own URL, public and
private reports follow the visibility table, withdrawn consent drops a story the next time the
report is shown, and the PDF (read back with pypdf) holds the shareable story only."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cycles import reports, services
from cycles.models import NarrativeReport
from leeratelier.ateliers.factories import ExpertMeetingPageFactory, RegistrationFactory
from leeratelier.cases import services as case_services
from leeratelier.core.once import new_token

from .conftest import contribute, current_phase

SHAREABLE = "Mevrouw vertelde dat ze zich voor het eerst gehoord voelde."
PRIVATE = "Dit vertrouwelijke verhaal blijft binnen de groep."


@pytest.fixture
def stories(cycle, member, second_member, coordinator):
    shared = contribute(cycle, member, kind="story", body=SHAREABLE, shareable=True, track="meaning")
    private = contribute(cycle, second_member, kind="story", body=PRIVATE)
    contribute(
        cycle,
        member,
        kind="indicator",
        body="",
        indicator_name="Bereikte bewoners",
        indicator_value=40,
        indicator_unit="bewoners",
        indicator_date=timezone.localdate(),
    )
    for _ in range(2):
        services.advance(cycle, current_phase(cycle).pk, coordinator)
    values = list(cycle.values.all())
    services.score_values(current_phase(cycle).loop, member, {values[0]: (4, ""), values[1]: (3, "")})
    return shared, private


def compose(client, cycle, coordinator, visibility="private"):
    client.force_login(coordinator)
    response = client.post(
        reverse("cycles:new_cycle_report", args=[cycle.pk]),
        {
            "title": "Verantwoording voorjaar",
            "form_token": new_token(),
            "period_start": cycle.starts_on.isoformat(),
            "period_end": cycle.ends_on.isoformat(),
            "intro": "Wat we *leerden*.",
            "visibility": visibility,
        },
    )
    report = NarrativeReport.objects.get()
    assert response["Location"] == reverse("cycles:report_edit", args=[report.pk])
    return report


def test_only_shareable_stories_can_be_chosen(client, cycle, coordinator, stories):
    report = compose(client, cycle, coordinator)
    page = client.get(reverse("cycles:report_edit", args=[report.pk])).content.decode()
    assert SHAREABLE in page and PRIVATE not in page
    assert "Indicator series: Bereikte bewoners" in page
    # Even a forged selection cannot put the private story in.
    shared, private = stories
    response = client.post(reverse("cycles:report_edit", args=[report.pk]), {"items": [f"contribution:{private.pk}"]})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_publishing_freezes_numbers_and_stories_by_track(client, cycle, coordinator, member, stories, hidden_atelier):
    meeting = ExpertMeetingPageFactory(parent=hidden_atelier, days_from_now=-2)
    RegistrationFactory(meeting=meeting)
    RegistrationFactory(meeting=meeting)
    case = case_services.post_case(
        hidden_atelier,
        member,
        title="Casus",
        situation="S",
        question="V",
        done_so_far="",
        roles=[],
        tracks=["craft"],
        anonymised_confirmed=True,
    )
    case_services.retain_lesson(case, member, "Vraag eerst door.", "")
    case_services.request_public_summary(case, member, "Een geanonimiseerde les over doorvragen.")
    case_services.approve_public_summary(case, coordinator)
    shared, _private = stories
    report = compose(client, cycle, coordinator, visibility="public")
    items = [
        "meetings",
        "attendance",
        "cases",
        "lessons",
        "contributions",
        "compass",
        "indicator:Bereikte bewoners",
        f"contribution:{shared.pk}",
        f"case:{case.pk}",
    ]
    client.post(reverse("cycles:report_edit", args=[report.pk]), {"items": items, "then": "publish"})
    report.refresh_from_db()
    assert report.is_published and report.snapshot["numbers"] == {
        "meetings": 1,
        "attendance": 2,
        "cases": 1,
        "lessons": 1,
        "contributions": 3,
    }
    client.logout()
    body = client.get(reverse("cycles:report", args=[report.pk])).content.decode()  # public: anyone reads it
    efficiency, meaning, craft = (
        body.split(f'id="track-{t}"')[1].split("</section>")[0] for t in ("efficiency", "meaning", "craft")
    )
    assert "Expert meetings held" in efficiency and "Bereikte bewoners" in efficiency
    assert SHAREABLE in meaning and PRIVATE not in body
    assert "Lessons retained" in craft and "Een geanonimiseerde les over doorvragen." in craft
    assert "Vraag eerst door." not in body  # the case's own lesson stays in the atelier
    assert "Values compass results" in body and "Gelijkwaardigheid" in body
    # Frozen: a later contribution changes the cycle, not the published numbers.
    contribute(cycle, member, body="Later toegevoegd")
    report.refresh_from_db()
    assert reports.for_display(report)["tracks"][0]["numbers"][-1] == ("contributions", 3)


def test_a_withdrawn_consent_drops_the_story_when_next_shown(client, cycle, coordinator, member, stories):
    shared, _private = stories
    report = compose(client, cycle, coordinator)
    client.post(
        reverse("cycles:report_edit", args=[report.pk]), {"items": [f"contribution:{shared.pk}"], "then": "publish"}
    )
    assert SHAREABLE in client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    services.set_shareable(shared, member, False)
    assert SHAREABLE not in client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    pdf = client.get(reverse("cycles:report_pdf", args=[report.pk]))
    assert SHAREABLE[:30] not in pdf_text(pdf.content)


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_pdf_holds_the_shareable_story_and_not_the_private_one(client, cycle, coordinator, stories):
    shared, _private = stories
    report = compose(client, cycle, coordinator)
    client.post(
        reverse("cycles:report_edit", args=[report.pk]),
        {"items": [f"contribution:{shared.pk}", "contributions"], "then": "publish"},
    )
    response = client.get(reverse("cycles:report_pdf", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Verantwoording voorjaar" in text
    assert SHAREABLE in text and PRIVATE not in text


def test_private_and_draft_reports_follow_the_visibility_table(client, cycle, coordinator, member, outsider, stories):
    report = compose(client, cycle, coordinator, visibility="private")
    url = reverse("cycles:report", args=[report.pk])
    client.force_login(member)
    assert client.get(url).status_code == 404  # a draft: coordinators only
    client.force_login(coordinator)
    client.post(reverse("cycles:report_edit", args=[report.pk]), {"items": ["contributions"], "then": "publish"})
    client.force_login(member)
    assert client.get(url).status_code == 200
    assert client.get(reverse("cycles:report_pdf", args=[report.pk])).status_code == 200
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 404 and "Verantwoording voorjaar" not in response.content.decode()
    assert client.get(reverse("cycles:report_pdf", args=[report.pk])).status_code == 404
    client.logout()
    assert "/accounts/login/" in client.get(url)["Location"]
    # Withdrawn: gone for members, kept for coordinators.
    client.force_login(coordinator)
    client.post(reverse("cycles:report_withdraw", args=[report.pk]))
    client.force_login(member)
    assert client.get(url).status_code == 404


def test_only_coordinators_compose(client, cycle, member, hidden_atelier):
    client.force_login(member)
    assert client.get(reverse("cycles:new_cycle_report", args=[cycle.pk])).status_code == 404
    assert client.get(reverse("cycles:new_atelier_report", args=[hidden_atelier.pk])).status_code == 404


def test_an_atelier_report_over_a_period_with_dates_in_order(client, cycle, coordinator, hidden_atelier, stories):
    client.force_login(coordinator)
    url = reverse("cycles:new_atelier_report", args=[hidden_atelier.pk])
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "title": "Jaarverslag",
            "form_token": new_token(),
            "period_start": today.isoformat(),
            "period_end": (today - timedelta(days=1)).isoformat(),
            "visibility": "public",
        },
    )
    assert "The period cannot end before it starts." in response.content.decode()
    client.post(
        url,
        {
            "title": "Jaarverslag",
            "form_token": new_token(),
            "period_start": (today - timedelta(days=365)).isoformat(),
            "period_end": today.isoformat(),
            "visibility": "public",
        },
    )
    report = NarrativeReport.objects.get()
    assert report.cycle is None
    assert SHAREABLE in client.get(reverse("cycles:report_edit", args=[report.pk])).content.decode()


def test_report_pages_are_never_stored_by_a_cache(client, cycle, coordinator, stories):
    """The anonymous page cache and proxies may not keep a story after consent is withdrawn."""
    shared, _private = stories
    report = compose(client, cycle, coordinator, visibility="public")
    client.post(
        reverse("cycles:report_edit", args=[report.pk]), {"items": [f"contribution:{shared.pk}"], "then": "publish"}
    )
    client.logout()
    for name in ("cycles:report", "cycles:report_pdf"):
        response = client.get(reverse(name, args=[report.pk]))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_public_report_of_a_hidden_atelier_names_it_only_when_chosen(
    client, cycle, coordinator, member, outsider, stories, hidden_atelier
):
    report = compose(client, cycle, coordinator, visibility="public")
    edit = reverse("cycles:report_edit", args=[report.pk])
    form = client.get(edit).content.decode()
    assert "Name the atelier in the public report" in form and "This atelier is hidden." in form
    assert 'name="names_atelier"' in form and "checked" not in form.split('name="names_atelier"')[1].split(">")[0]
    client.post(edit, {"items": ["contributions"], "then": "publish"})  # not ticked: the default
    report.refresh_from_db()
    assert report.is_published and not report.names_atelier
    url = reverse("cycles:report", args=[report.pk])
    for reader in (None, outsider):
        client.logout() if reader is None else client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200 and "Verantwoording voorjaar" in response.content.decode()
        assert hidden_atelier.title not in response.content.decode()
        assert hidden_atelier.title not in pdf_text(client.get(reverse("cycles:report_pdf", args=[report.pk])).content)
    client.force_login(member)  # a member knows the atelier anyway
    assert hidden_atelier.title in client.get(url).content.decode()

    second = compose_again(client, cycle, coordinator)
    client.post(
        reverse("cycles:report_edit", args=[second.pk]),
        {"items": ["contributions"], "names_atelier": "on", "then": "publish"},
    )
    second.refresh_from_db()
    assert second.names_atelier
    client.logout()
    assert hidden_atelier.title in client.get(reverse("cycles:report", args=[second.pk])).content.decode()


def compose_again(client, cycle, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("cycles:new_cycle_report", args=[cycle.pk]),
        {
            "title": "Tweede verslag",
            "form_token": new_token(),
            "period_start": cycle.starts_on.isoformat(),
            "period_end": cycle.ends_on.isoformat(),
            "intro": "",
            "visibility": "public",
        },
    )
    return NarrativeReport.objects.get(title="Tweede verslag")


def test_a_public_report_of_a_public_atelier_names_it_without_asking(client, public_atelier, coordinator):
    from .conftest import start

    cycle = start(public_atelier, coordinator)
    report = compose(client, cycle, coordinator, visibility="public")
    assert 'name="names_atelier"' not in client.get(reverse("cycles:report_edit", args=[report.pk])).content.decode()
    client.post(reverse("cycles:report_edit", args=[report.pk]), {"items": ["contributions"], "then": "publish"})
    client.logout()
    assert public_atelier.title in client.get(reverse("cycles:report", args=[report.pk])).content.decode()
