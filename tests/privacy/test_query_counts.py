"""Collecting a person's data and listing the audit log take the same number of queries
whether there is a little or a lot of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leeratelier.ateliers import services as atelier_services
from leeratelier.ateliers.factories import ExpertMeetingPageFactory
from leeratelier.cases import services as case_services
from leeratelier.core import privacy
from leeratelier.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def write(atelier, user, count, start):
    for n in range(start, start + count):
        case = case_services.post_case(
            atelier, user, title=f"Casus {n}", situation="s", question="q", anonymised_confirmed=True
        )
        case_services.edit_case(case, user, title=f"Casus {n} (bewerkt)")
        case_services.reflect(case, user, "experience", f"Reflectie {n}")
        atelier_services.register(ExpertMeetingPageFactory(parent=atelier, title=f"Bijeenkomst {n}"), user=user)


def count_queries(function):
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_export_queries_do_not_grow_with_the_data(public_atelier, member):
    write(public_atelier, member, 1, 0)
    small = count_queries(lambda: privacy.collect(member))
    write(public_atelier, member, 6, 1)
    large = count_queries(lambda: privacy.collect(member))
    assert small == large, (small, large)


def test_audit_log_listing_queries_do_not_grow(client, public_atelier, coordinator, member):
    from leeratelier.ateliers.models import Membership

    admin = UserFactory(username="site-admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    membership = Membership.objects.get(user=member, atelier_key=public_atelier.translation_key)
    atelier_services.set_role(membership, Membership.Role.COORDINATOR, by=coordinator)
    url = reverse("audit_log:index")
    client.get(url)  # warm caches (site, locales)
    small = count_queries(lambda: client.get(url))
    for _ in range(8):
        role = Membership.Role.MEMBER if membership.role == Membership.Role.COORDINATOR else Membership.Role.COORDINATOR
        membership = atelier_services.set_role(membership, role, by=coordinator)
    large = count_queries(lambda: client.get(url))
    assert small == large, (small, large)
