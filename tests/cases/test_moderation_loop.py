"""Moderation that closes the loop: the author of a hidden post is told (never who reported it),
each reporter hears the outcome, contributions and method experiences are reported like posts,
and site editors have one queue of every open report. Emails through the outbox, naming the
atelier and the kind of post only."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation

from cycles import services as cycle_services
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.cases import moderation, services
from leeratelier.cases.models import Report
from leeratelier.core import outbox
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import AuditEvent, OutboxEmail
from leeratelier.toolbox.factories import MethodIndexPageFactory, MethodPageFactory
from leeratelier.toolbox.models import MethodExperience
from tests.cycles.conftest import start as start_cycle

from .test_views import CASE


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def reporter(hidden_atelier):
    user = UserFactory(username="reporter", first_name="Rita", last_name="Melder")
    MembershipFactory(atelier=hidden_atelier, user=user)
    return user


@pytest.fixture
def case(hidden_atelier, member):
    return services.post_case(hidden_atelier, member, **CASE)


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_the_author_is_told_and_the_reporter_hears_the_outcome(
    client, case, member, reporter, coordinator, hidden_atelier
):
    client.force_login(reporter)
    client.post(reverse("cases:report", args=["case", case.pk]), {"reason": "hurtful", "note": "Te hard"})
    client.force_login(coordinator)
    response = client.post(
        reverse("cases:moderation_decide", args=["case", case.pk]), {"decision": "hide", "reason": "Niet respectvol"}
    )
    assert response.status_code == 302
    outbox.send_pending()
    to_author, to_reporter = sent_to(member.email), sent_to(reporter.email)
    assert len(to_author) == 1 and len(to_reporter) == 1
    for message in to_author + to_reporter:  # the atelier and the kind of post only
        text = message.subject + message.body
        assert hidden_atelier.title in text
        assert CASE["title"] not in text and "Niet respectvol" not in text and "Te hard" not in text
    assert "Rita" not in to_author[0].body and "Melder" not in to_author[0].body  # never who reported
    assert "Cor" not in to_reporter[0].body  # nor who decided
    assert "verborgen" in to_reporter[0].body
    assert reverse("cases:detail", args=[case.pk]) in to_author[0].body
    # The author reads why on the case page.
    client.force_login(member)
    assert "Niet respectvol" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    # Deciding again sends nothing more.
    services.hide(case, coordinator, "Niet respectvol")
    outbox.send_pending()
    assert len(sent_to(member.email)) == 1 and len(sent_to(reporter.email)) == 1


def test_keeping_a_post_visible_tells_the_reporter(client, case, reporter, coordinator, member):
    services.report(case, reporter, "other")
    services.restore(case, coordinator)
    outbox.send_pending()
    assert len(sent_to(reporter.email)) == 1 and "zichtbaar" in sent_to(reporter.email)[0].body
    assert sent_to(member.email) == []  # nothing was hidden: the author is not bothered
    assert Report.objects.get().outcome == moderation.KEPT


def test_hidden_by_identifiable_data_tells_the_author_at_once(case, reporter, member):
    services.report(case, reporter, "identifiable")
    outbox.send_pending()
    assert len(sent_to(member.email)) == 1


@pytest.fixture
def contribution(hidden_atelier, coordinator, member):
    cycle = start_cycle(hidden_atelier, coordinator)
    cycle_services.join(cycle, member)
    phase = cycle.phases.get(status="open")
    return cycle_services.contribute(phase, member, kind="note", body="Mijn notitie over de buurt.")


def test_a_contribution_is_reported_like_a_post(client, contribution, reporter, coordinator, member, hidden_atelier):
    client.force_login(reporter)
    phase_url = reverse("cycles:phase", args=[contribution.phase_id])
    page = client.get(phase_url).content.decode()
    assert reverse("cases:report", args=["contribution", contribution.pk]) in page
    response = client.post(reverse("cases:report", args=["contribution", contribution.pk]), {"reason": "identifiable"})
    assert response.status_code == 302 and phase_url in response["Location"]
    contribution.refresh_from_db()
    assert contribution.is_hidden  # identifiable data: hidden at once
    assert "Mijn notitie over de buurt." not in client.get(phase_url).content.decode()
    outbox.send_pending()
    assert len(sent_to(member.email)) == 1  # the author is told
    assert len(sent_to(coordinator.email)) == 1  # the coordinators hear of the report
    # The coordinators decide on their atelier's reports page.
    client.force_login(coordinator)
    reports_page = client.get(reverse("cases:reports", args=[hidden_atelier.pk])).content.decode()
    assert "Mijn notitie over de buurt." in reports_page
    client.post(reverse("cases:moderation_decide", args=["contribution", contribution.pk]), {"decision": "keep"})
    contribution.refresh_from_db()
    assert not contribution.is_hidden
    outbox.send_pending()
    assert len(sent_to(reporter.email)) == 1
    assert AuditEvent.objects.filter(action="moderation.restore", target_type="cycles.contribution").count() == 1


def test_outsiders_cannot_report_a_contribution(client, contribution, outsider):
    client.force_login(outsider)
    response = client.post(reverse("cases:report", args=["contribution", contribution.pk]), {"reason": "hurtful"})
    assert response.status_code == 404 and not Report.objects.exists()


@pytest.fixture
def experience(home_page, member):
    method = MethodPageFactory(parent=MethodIndexPageFactory(parent=home_page), title="Waardencirkel")
    return MethodExperience.objects.create(
        method_key=method.translation_key, author=member, text="Werkte goed bij ons.", form_token="x"
    )


@pytest.fixture
def site_editor(db):
    user = UserFactory(username="redacteur", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Editors")[0])
    return user


def test_an_experience_goes_to_the_editors_queue(client, experience, outsider, site_editor, member):
    client.force_login(outsider)
    response = client.post(reverse("cases:report", args=["experience", experience.pk]), {"reason": "hurtful"})
    assert response.status_code == 302
    client.force_login(site_editor)
    queue = client.get(reverse("cases:moderation_queue"))
    assert queue.status_code == 200 and "Werkte goed bij ons." in queue.content.decode()
    client.post(
        reverse("cases:moderation_decide", args=["experience", experience.pk]),
        {"decision": "hide", "reason": "Reclame"},
    )
    experience.refresh_from_db()
    assert experience.is_hidden and experience.hidden_reason == "Reclame"
    assert "Werkte goed bij ons." not in client.get(reverse("cases:moderation_queue")).content.decode()
    outbox.send_pending()
    assert len(sent_to(member.email)) == 1 and len(sent_to(outsider.email)) == 1


def test_the_queue_lists_every_atelier_and_is_for_editors_only(
    client, case, reporter, site_editor, coordinator, member
):
    services.report(case, reporter, "hurtful", "Kwetsend")
    client.force_login(site_editor)
    body = client.get(reverse("cases:moderation_queue")).content.decode()
    assert "Kwetsend" in body and reverse("cases:moderation_decide", args=["case", case.pk]) in body
    for person in (coordinator, member):
        client.force_login(person)
        assert client.get(reverse("cases:moderation_queue")).status_code == 404
    # An editor decides through the queue, and may do so only while a report is open.
    client.force_login(site_editor)
    client.post(reverse("cases:moderation_decide", args=["case", case.pk]), {"decision": "hide", "reason": "Kwetsend"})
    case.refresh_from_db()
    assert case.is_hidden
    again = client.post(reverse("cases:moderation_decide", args=["case", case.pk]), {"decision": "keep"})
    assert again.status_code == 404


def test_the_emails_are_in_the_recipients_language(case, reporter, coordinator, member):
    from leeratelier.accounts.models import profile_of

    profile = profile_of(reporter)
    profile.language = "en"
    profile.save()
    services.report(case, reporter, "other")
    services.hide(case, coordinator, "Reden")
    email = OutboxEmail.objects.get(kind=moderation.OUTCOME_KIND)
    assert email.language == "en"
    assert set(email.context) == {"report"}  # ids only
    outbox.send_pending()
    assert "Thank you for reporting a case" in sent_to(reporter.email)[0].body
    assert re.search(r"verborgen", sent_to(member.email)[0].subject)


@pytest.mark.parametrize("what", ["case", "contribution"])
def test_one_report_is_one_email_per_coordinator(request, what, case, reporter, coordinator, hidden_atelier):
    """The notifications component alone tells the coordinators of a report (a notification in
    the site and one email each), whatever kind of post it is."""
    from leeratelier.ateliers.models import Membership
    from leeratelier.notifications.models import Notification

    second = UserFactory(username="tweede", email="tweede@example.org")
    MembershipFactory(atelier=hidden_atelier, user=second, role=Membership.Role.COORDINATOR)
    if what == "case":
        services.report(case, reporter, "hurtful")
    else:
        moderation.report(request.getfixturevalue("contribution"), reporter, "hurtful")
    outbox.send_pending()
    for person in (coordinator, second):
        assert len(sent_to(person.email)) == 1, [m.subject for m in sent_to(person.email)]
        assert Notification.objects.filter(recipient=person, kind="post-reported").count() == 1
    assert sent_to(reporter.email) == []
