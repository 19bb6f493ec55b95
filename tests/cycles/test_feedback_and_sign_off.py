"""What a published report sends back. Feedback: each storyteller is told once, in their
language, with a link to the part of the report that uses their story and a link to withdraw
consent (an outside participant's facilitator is told instead). Sign-off: someone of the
commissioning party reads the report through a signed link and records "agreed" or "comments";
the report shows it; a story withdrawn afterwards asks again and the old link records nothing."""

import re
from datetime import datetime

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from cycles import feedback, services
from cycles.models import Contribution, Participant, ReportSignOff
from leeratelier.accounts.models import Profile
from leeratelier.core import outbox
from leeratelier.core.models import OutboxEmail

from .conftest import contribute
from .test_reports import compose, pdf_text

pytestmark = pytest.mark.django_db

TOLD = "Ik voelde me voor het eerst gehoord door de gemeente."
OUTSIDE = "Mevrouw Jansen vertelde over de wachtlijst."


@pytest.fixture
def published(client, cycle, coordinator, member):
    Profile.objects.update_or_create(user=member, defaults={"language": "en"})
    told = contribute(cycle, member, kind="story", body=TOLD, shareable=True, track="meaning")
    outside = services.add_outside_participant(cycle, coordinator, name="Mevrouw Jansen", consent_text="Aan tafel.")
    recorded = services.contribute(
        cycle.phases.get(status="open"),
        coordinator,
        participant=outside,
        kind="story",
        body=OUTSIDE,
        shareable=True,
        track="meaning",
    )
    report = compose(client, cycle, coordinator, visibility="private")
    client.post(
        reverse("cycles:report_edit", args=[report.pk]),
        {"items": [f"contribution:{told.pk}", f"contribution:{recorded.pk}"], "then": "publish"},
    )
    report.refresh_from_db()
    assert report.is_published
    return report, told, recorded


def sent(kind):
    OutboxEmail.objects.exclude(kind=kind).delete()
    mail.outbox.clear()
    outbox.send_pending()
    return list(mail.outbox)


def link(message, name):
    return re.search(rf"https?://[^\s]+/{name}/[^\s]+", message.body).group(0)


def test_each_storyteller_is_told_once_in_their_language(client, published, member, coordinator):
    report, told, recorded = published
    emails = OutboxEmail.objects.filter(kind="report-story-used")
    assert sorted(e.recipient for e in emails) == sorted([member.email, coordinator.email])
    assert emails.get(recipient=member.email).language == "en"
    from cycles import reports

    reports.publish(report, coordinator)  # published again (e.g. a double click): nobody told twice
    assert OutboxEmail.objects.filter(kind="report-story-used").count() == 2
    messages = {m.to[0]: m for m in sent("report-story-used")}
    to_member = messages[member.email]
    assert "Your story is in the report" in to_member.subject
    assert f"#story-contribution-{told.pk}" in to_member.body
    assert OUTSIDE not in to_member.body and TOLD not in to_member.body  # the email holds links, not stories
    to_facilitator = messages[coordinator.email]
    assert "Mevrouw Jansen" in to_facilitator.body and f"#story-contribution-{recorded.pk}" in to_facilitator.body
    client.force_login(member)
    page = client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    assert f'id="story-contribution-{told.pk}"' in page


def test_a_storyteller_withdraws_from_the_emails_link(client, published, member, coordinator):
    report, told, _recorded = published
    message = next(m for m in sent("report-story-used") if m.to == [member.email])
    url = link(message, "story")
    client.logout()
    page = client.get(url)  # a mail scanner following the link changes nothing
    assert page.status_code == 200 and "Withdraw my consent" in page.content.decode()
    assert Contribution.objects.get(pk=told.pk).shareable
    client.post(url)
    assert not Contribution.objects.get(pk=told.pk).shareable
    client.force_login(coordinator)
    assert TOLD not in client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    assert TOLD[:30] not in pdf_text(client.get(reverse("cycles:report_pdf", args=[report.pk])).content)


def test_a_forged_or_expired_withdrawal_link_changes_nothing(client, published, monkeypatch):
    _report, told, _recorded = published
    forged = feedback.withdraw_token(told)[:-2] + "xx"
    response = client.post(reverse("cycles:withdraw_story", args=[forged]))
    assert response.status_code == 400 and "This link is not valid" in response.content.decode()
    monkeypatch.setattr(feedback, "WITHDRAW_MAX_AGE", -1)
    response = client.post(reverse("cycles:withdraw_story", args=[feedback.withdraw_token(told)]))
    assert response.status_code == 400 and "This link has expired" in response.content.decode()
    assert Contribution.objects.get(pk=told.pk).shareable


def offer(client, coordinator, report, **overrides):
    client.force_login(coordinator)
    data = {
        "name": "Esther de Vries",
        "role": "beleidsmedewerker Wmo, gemeente Hilversum",
        "email": "esther@hilversum.example",
        "language": "en",
        **overrides,
    }
    return client.post(reverse("cycles:offer_sign_off", args=[report.pk]), data)


def test_a_municipality_officer_signs_off_through_the_link(client, published, coordinator):
    report, _told, _recorded = published
    offer(client, coordinator, report)
    [message] = sent("report-sign-off")
    assert message.to == ["esther@hilversum.example"] and "Verantwoording voorjaar" in message.subject
    url = link(message, "sign-off")
    client.logout()
    page = client.get(url).content.decode()
    assert TOLD in page and "Your decision" in page
    assert 'name="robots" content="noindex' in page
    response = client.post(url, {"decision": "agreed", "comment": ""})
    assert response.status_code == 200
    item = ReportSignOff.objects.get()
    assert item.decision == "agreed" and item.decided_at is not None
    again = client.post(url, {"decision": "comments", "comment": "Toch niet"})
    assert again.status_code == 400 and ReportSignOff.objects.get().decision == "agreed"
    client.force_login(coordinator)
    shown = client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    assert "Signed off" in shown and "Esther de Vries" in shown and "Agreed" in shown


def test_comments_need_words_and_an_offer_needs_an_email(client, published, coordinator):
    report, _told, _recorded = published
    assert offer(client, coordinator, report, email="geen-adres").status_code == 400
    assert not ReportSignOff.objects.exists()
    offer(client, coordinator, report)
    url = link(sent("report-sign-off")[0], "sign-off")
    response = client.post(url, {"decision": "comments", "comment": "  "})
    assert response.status_code == 400 and "Write your comments." in response.content.decode()
    assert ReportSignOff.objects.get().decided_at is None


def test_a_changed_report_asks_again_and_the_old_link_records_nothing(client, published, coordinator, member):
    report, told, _recorded = published
    offer(client, coordinator, report)
    old = link(sent("report-sign-off")[0], "sign-off")
    client.logout()
    client.post(old, {"decision": "agreed", "comment": ""})
    services.set_shareable(Contribution.objects.get(pk=told.pk), member, False)  # the storyteller withdraws
    [again] = sent("report-sign-off")
    assert "has changed" in again.subject
    new = link(again, "sign-off")
    assert new != old
    response = client.post(old, {"decision": "comments", "comment": "Oud"})
    assert response.status_code == 400 and "changed since this link was sent" in response.content.decode()
    assert ReportSignOff.objects.get().comment == ""
    client.force_login(coordinator)
    assert (
        "the report changed after this; asked again"
        in client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    )
    client.logout()
    client.post(new, {"decision": "comments", "comment": "Zonder dat verhaal mist de kern."})
    item = ReportSignOff.objects.get()
    assert item.decision == "comments" and item.decided_fingerprint == feedback.fingerprint(report)


def test_a_forged_sign_off_link_records_nothing(client, published, coordinator):
    report, _told, _recorded = published
    offer(client, coordinator, report)
    item = ReportSignOff.objects.get()
    forged = signing.TimestampSigner(salt=feedback.SIGN_OFF_SALT).sign(f"{item.pk}.{'0' * 32}.{item.asked_fingerprint}")
    response = client.post(reverse("cycles:sign_off", args=[forged]), {"decision": "agreed"})
    assert response.status_code == 400 and ReportSignOff.objects.get().decided_at is None


def test_an_expired_sign_off_link_says_so_and_records_nothing(client, published, coordinator, monkeypatch):
    report, _told, _recorded = published
    offer(client, coordinator, report)
    url = link(sent("report-sign-off")[0], "sign-off")
    client.logout()
    monkeypatch.setattr(feedback, "SIGN_OFF_MAX_AGE", -1)
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 400 and "This link has expired." in body
    assert "Nothing has been changed or recorded." in body and TOLD not in body  # no report through it
    response = client.post(url, {"decision": "agreed", "comment": ""})
    assert response.status_code == 400 and "This link has expired." in response.content.decode()
    item = ReportSignOff.objects.get()
    assert item.decided_at is None and item.decision == "" and item.decided_fingerprint == ""


def test_the_report_shows_who_signed_off_and_when(client, published, coordinator, member):
    report, _told, _recorded = published
    offer(client, coordinator, report)
    url = link(sent("report-sign-off")[0], "sign-off")
    client.logout()
    client.post(url, {"decision": "agreed", "comment": ""})
    ReportSignOff.objects.update(decided_at=timezone.make_aware(datetime(2026, 3, 14, 11, 30)))
    for reader in (coordinator, member):  # a member reads the decided sign-offs too
        client.force_login(reader)
        body = client.get(reverse("cycles:report", args=[report.pk])).content.decode()
        signed = body.split('id="sign-offs-heading"')[1].split("</section>")[0]
        [entry] = [item for item in signed.split("<li>")[1:] if "Esther de Vries" in item]
        assert "Agreed" in entry and "beleidsmedewerker Wmo" in entry
        assert "14 March 2026" in entry and 'datetime="2026-03-14T11:30:00+01:00"' in entry


def test_only_coordinators_offer_a_report_for_sign_off(client, published, member, outsider):
    report, _told, _recorded = published
    for person in (member, outsider):
        client.force_login(person)
        response = client.post(
            reverse("cycles:offer_sign_off", args=[report.pk]),
            {"name": "X", "role": "Y", "email": "x@example.org", "language": "nl"},
        )
        assert response.status_code == 404
    assert not ReportSignOff.objects.exists()
    assert Participant.objects.filter(cycle=report.cycle).exists()
