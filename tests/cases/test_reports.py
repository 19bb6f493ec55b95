"""Reports: identifiable client data hides at once; three different members hide a post until a
coordinator decides; one member reporting again counts once; the coordinators' page of open
reports per atelier."""

import pytest
from django.urls import reverse
from django.utils import translation

from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.cases import services
from leeratelier.cases.models import Report
from leeratelier.core.factories import UserFactory

from .test_views import CASE


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def case(hidden_atelier, member):
    return services.post_case(hidden_atelier, member, **CASE)


@pytest.fixture
def members(hidden_atelier):
    people = [UserFactory() for _ in range(3)]
    for person in people:
        MembershipFactory(atelier=hidden_atelier, user=person)
    return people


def test_three_different_members_hide_a_post(case, members):
    reflection = services.reflect(case, members[0], "question", "Een vraag")
    services.report(reflection, members[1], "hurtful")
    services.report(reflection, members[2], "other")
    reflection.refresh_from_db()
    assert not reflection.is_hidden
    services.report(reflection, members[0], "hurtful")
    reflection.refresh_from_db()
    assert reflection.is_hidden and reflection.hidden_reason == "Reported by several members"


def test_one_member_reporting_many_times_counts_once(case, members):
    for _ in range(5):
        services.report(case, members[0], "hurtful")
    services.report(case, members[1], "hurtful")
    case.refresh_from_db()
    assert not case.is_hidden
    assert Report.objects.filter(case=case).count() == 2


def test_identifiable_data_hides_at_once(case, members):
    services.report(case, members[0], "identifiable")
    case.refresh_from_db()
    assert case.is_hidden


def test_reports_page_is_for_the_ateliers_coordinators(
    client, case, member, coordinator, outsider, members, hidden_atelier
):
    url = reverse("cases:reports", args=[hidden_atelier.pk])
    assert "/accounts/login/" in client.get(url)["Location"]
    for person in (outsider, member):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 404 and hidden_atelier.title not in response.content.decode()
    for person in members:
        services.report(case, person, "hurtful", "Te herkenbaar voor de buurt")
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert f"Case {case.pk}" in page and "reported by 3 members" in page and "Te herkenbaar voor de buurt" in page
    assert client.get(reverse("cases:library", args=[hidden_atelier.pk])).content.decode().count("3 open reports") == 1

    # Restoring is the decision: the post shows again and the reports are closed.
    response = client.post(reverse("cases:restore", args=["case", case.pk]), {"next": url})
    assert response.status_code == 302 and response["Location"] == url
    case.refresh_from_db()
    assert not case.is_hidden and not Report.objects.filter(resolved_at__isnull=True).exists()
    assert "There are no open reports." in client.get(url).content.decode()


def test_keeping_a_post_hidden_closes_its_reports(client, case, coordinator, members, hidden_atelier):
    services.report(case, members[0], "identifiable")
    client.force_login(coordinator)
    client.post(
        reverse("cases:hide", args=["case", case.pk]), {"reason": "Bevat een adres", "next": "https://evil.example/"}
    )
    case.refresh_from_db()
    assert case.is_hidden and case.hidden_reason == "Bevat een adres"
    assert not Report.objects.filter(resolved_at__isnull=True).exists()


def test_next_must_stay_on_the_site(client, case, coordinator, members):
    services.report(case, members[0], "hurtful")
    client.force_login(coordinator)
    response = client.post(reverse("cases:restore", args=["case", case.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
