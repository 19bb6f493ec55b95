"""The admin's new list pages make the same number of queries however much data they list
(they paginate, and per-row facts come with the listing query)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leeratelier.core.factories import UserFactory
from leeratelier.core.models import Municipality, OutboxEmail
from leeratelier.pioneers.factories import PracticeIndexPageFactory, PracticePageFactory
from leeratelier.pioneers.models import Ingredient


def queries(client, url):
    client.get(url)  # warm up: session, admin menus, content types
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def admin_client_user(client, db):
    client.force_login(UserFactory(username="siteadmin", is_superuser=True, is_staff=True))
    return client


def add_ingredients(registry, start, count):
    for n in range(start, start + count):
        page = PracticePageFactory(parent=registry, title=f"Praktijk {n}")
        page.ingredients.set([f"bestanddeel {n}", "gedeelde waarden"])
        page.save_revision().publish()


def test_ingredient_list(admin_client_user, home_page):
    registry = PracticeIndexPageFactory(parent=home_page)
    add_ingredients(registry, 0, 3)
    small = queries(admin_client_user, "/admin/snippets/pioneers/ingredient/")
    add_ingredients(registry, 3, 30)
    assert Ingredient.objects.count() > 30
    assert queries(admin_client_user, "/admin/snippets/pioneers/ingredient/") <= small


def test_municipality_list_with_merged_ones(admin_client_user):
    target = Municipality.objects.get(name="Utrecht")
    Municipality.objects.get(name="Houten").merge_into(target)
    small = queries(admin_client_user, "/admin/snippets/core/municipality/?is_active=false")
    for name in ("Bunnik", "Zeist", "De Bilt", "Nieuwegein", "IJsselstein", "Vianen"):
        found = Municipality.objects.filter(name=name).first()
        if found:
            found.merge_into(target)
    assert queries(admin_client_user, "/admin/snippets/core/municipality/?is_active=false") <= small


def test_outbox_list(admin_client_user):
    def add(start, count):
        OutboxEmail.objects.bulk_create(
            OutboxEmail(
                key=f"k{n}", kind="test", recipient=f"p{n}@example.org", language="nl", status=OutboxEmail.Status.FAILED
            )
            for n in range(start, start + count)
        )

    add(0, 3)
    small = queries(admin_client_user, "/admin/email-outbox/")
    add(3, 60)
    assert queries(admin_client_user, "/admin/email-outbox/") <= small
    small = queries(admin_client_user, "/admin/")
    add(63, 60)
    assert queries(admin_client_user, "/admin/") <= small
