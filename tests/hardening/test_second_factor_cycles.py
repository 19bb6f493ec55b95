"""The second factor in the learning cycles (issue 20, part 3): a facilitator reads the text of a
hidden contribution only in a session signed in with the authenticator app, as coordinators do
for hidden cases and reflections; erasing an outside participant and offering a report for
sign-off ask for the code first. Through the real URLs, with TWO_FACTOR_REQUIRED on."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from cycles import reports as cycle_reports
from cycles import services as cycle_services
from cycles.models import Contribution, NarrativeReport, Participant, ReportSignOff
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.ateliers.models import Membership
from tests.cycles.conftest import start as start_cycle
from tests.hardening.test_two_factor import person, sign_in, totp_code, with_totp

HIDDEN_TEXT = "Het verhaal van de buurvrouw op nummer zeven"
REASON = "Herkenbare gegevens van een bewoner"
HIDDEN_NOTICE = "This contribution has been hidden by a moderator."
ASK_FOR_CODE = "Sign in with your authenticator app to read the hidden text."


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def facilitator(hidden_atelier):
    """A coordinator of the hidden atelier (and so the facilitator of its cycles), with a password."""
    user = person("facilitator@example.org")
    MembershipFactory(atelier=hidden_atelier, user=user, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def cycle(hidden_atelier, facilitator, member):
    cycle = start_cycle(hidden_atelier, facilitator)
    cycle_services.join(cycle, member)
    return cycle


@pytest.fixture
def hidden(cycle, member):
    """A member's contribution, hidden by a moderator, and one that is not hidden."""
    phase = cycle.phases.get(status="open")
    cycle_services.contribute(phase, member, kind="note", body="Een gewone notitie over de buurtkamer")
    contribution = cycle_services.contribute(phase, member, kind="story", body=HIDDEN_TEXT)
    Contribution.objects.filter(pk=contribution.pk).update(hidden_at=timezone.now(), hidden_reason=REASON)
    return contribution


def phase_page(client, contribution):
    response = client.get(reverse("cycles:phase", args=[contribution.phase_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_password_only_facilitator_sees_that_it_is_hidden_but_not_the_text(client, facilitator, hidden):
    sign_in(client, facilitator)  # no authenticator app yet: the password alone

    html = phase_page(client, hidden)

    assert HIDDEN_NOTICE in html and REASON in html
    assert HIDDEN_TEXT not in html
    assert "Een gewone notitie over de buurtkamer" in html  # what is not hidden stays readable
    assert ASK_FOR_CODE in html
    phase_url = reverse("cycles:phase", args=[hidden.phase_id])
    assert 'href="/en/accounts/2fa/totp/activate/?' + urlencode({"next": phase_url}) in html


def test_a_session_opened_without_the_code_asks_for_it_before_the_text(client, facilitator, hidden):
    """force_login stands for any way in that skipped the code (the app is set up)."""
    secret = with_totp(facilitator)
    client.force_login(facilitator)

    html = phase_page(client, hidden)
    assert HIDDEN_TEXT not in html and ASK_FOR_CODE in html
    assert "/accounts/2fa/reauthenticate/?" in html

    phase_url = reverse("cycles:phase", args=[hidden.phase_id])
    confirm = "/en/accounts/2fa/reauthenticate/?" + urlencode({"next": phase_url})
    assert client.post(confirm, {"code": totp_code(secret)})["Location"] == phase_url
    html = phase_page(client, hidden)
    assert HIDDEN_TEXT in html and ASK_FOR_CODE not in html


def test_a_facilitator_signed_in_with_the_code_reads_the_hidden_text(client, facilitator, hidden):
    secret = with_totp(facilitator)
    sign_in(client, facilitator, secret)

    html = phase_page(client, hidden)

    assert HIDDEN_NOTICE in html and REASON in html
    assert HIDDEN_TEXT in html
    assert ASK_FOR_CODE not in html


def test_the_author_reads_their_own_hidden_contribution_without_a_code(client, member, hidden):
    client.force_login(member)

    html = phase_page(client, hidden)

    assert HIDDEN_TEXT in html and REASON in html and ASK_FOR_CODE not in html


# --- coordinator-only views of the cycles -----------------------------------------------------------


@pytest.fixture
def outside(cycle, facilitator):
    participant = cycle_services.add_outside_participant(
        cycle, facilitator, name="Bewoner Anna", consent_text="Mondeling"
    )
    phase = cycle.phases.get(status="open")
    cycle_services.contribute(phase, facilitator, participant=participant, kind="story", body="Annas verhaal")
    return participant


@pytest.fixture
def published_report(hidden_atelier, cycle, facilitator):
    today = timezone.localdate()
    draft = NarrativeReport.objects.create(
        title="Verantwoording voorjaar",
        visibility="private",
        atelier_key=hidden_atelier.translation_key,
        cycle=cycle,
        period_start=today - timedelta(days=30),
        period_end=today,
        created_by=facilitator,
    )
    return cycle_reports.publish(draft, facilitator)


SIGN_OFF = {"name": "Petra Beleid", "role": "Beleidsadviseur, gemeente Lingewaard", "email": "petra@example.org"}


def test_erasing_an_outside_participant_asks_for_the_code_first(client, facilitator, outside):
    secret = with_totp(facilitator)
    client.force_login(facilitator)  # a session without the code
    url = reverse("cycles:erase_participant", args=[outside.pk])

    for response in (client.get(url), client.post(url, {"contributions": "remove"})):
        assert response.status_code == 302
        assert response["Location"] == "/en/accounts/2fa/reauthenticate/?" + urlencode({"next": url})
    assert Participant.objects.filter(pk=outside.pk).exists()  # nothing erased

    assert client.post(client.get(url)["Location"], {"code": totp_code(secret)})["Location"] == url
    assert client.get(url).status_code == 200
    assert client.post(url, {"contributions": "remove"}).status_code == 302
    assert not Participant.objects.filter(pk=outside.pk).exists()


def test_erasing_without_an_app_is_sent_to_set_one_up(client, facilitator, outside):
    sign_in(client, facilitator)
    url = reverse("cycles:erase_participant", args=[outside.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/?" + urlencode({"next": url})


def test_offering_a_report_for_sign_off_asks_for_the_code_first(client, facilitator, published_report):
    secret = with_totp(facilitator)
    client.force_login(facilitator)
    url = reverse("cycles:offer_sign_off", args=[published_report.pk])

    response = client.post(url, {**SIGN_OFF, "language": "nl"})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/reauthenticate/?" + urlencode({"next": url})
    assert not ReportSignOff.objects.exists()  # nobody was asked

    client.post(response["Location"], {"code": totp_code(secret)})
    sent = client.post(url, {**SIGN_OFF, "language": "nl"})
    assert sent.status_code == 302 and "/en/accounts/2fa/" not in sent["Location"]
    assert ReportSignOff.objects.get().email == "petra@example.org"


# --- what leaves the page: exports and files ----------------------------------------------------------


def test_the_exports_leave_hidden_contributions_out(client, member, hidden):
    client.force_login(member)

    for name in ("cycles:export_csv", "cycles:export_json"):
        response = client.get(reverse(name, args=[hidden.cycle_id]))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8")
        assert response.status_code == 200
        assert "Een gewone notitie over de buurtkamer" in text
        assert HIDDEN_TEXT not in text, name


def test_a_hidden_contributions_image_is_served_like_its_text(client, hidden_atelier, facilitator, member, hidden):
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    hidden.image.save("kamer.png", SimpleUploadedFile("kamer.png", png, content_type="image/png"), save=False)
    Contribution.objects.filter(pk=hidden.pk).update(image=hidden.image.name)
    url = reverse("cycles:image", args=[hidden.pk])
    other = person("lid@example.org")
    MembershipFactory(atelier=hidden_atelier, user=other)
    cycle_services.join(hidden.cycle, other)

    client.force_login(other)  # a fellow participant
    assert client.get(url).status_code == 404
    client.logout()
    sign_in(client, facilitator)  # the facilitator with the password only
    assert client.get(url).status_code == 404
    client.force_login(member)  # the author
    assert client.get(url).status_code == 200
    secret = with_totp(facilitator)
    client.logout()
    sign_in(client, facilitator, secret)  # the facilitator with the code
    assert client.get(url).status_code == 200
