"""The way into the admin: a header link "Admin" ("Beheer") for coordinators and editors, who
may use the Wagtail admin (for coordinators: their own atelier's pages), and for no one else."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


def header(client, url):
    return client.get(url).content.decode().split('class="account-nav"')[1].split("</nav>")[0]


def test_coordinators_and_editors_find_the_admin_in_the_header(client, public_atelier, coordinator, editor):
    for person in (coordinator, editor):
        client.force_login(person)
        nav = header(client, public_atelier.url)
        assert '<a href="/admin/" class="account-nav__admin">Beheer</a>' in nav, person
    with translation.override("en"):
        client.force_login(coordinator)
        assert '<a href="/admin/" class="account-nav__admin">Admin</a>' in header(client, "/en/search/")


def test_members_and_visitors_see_no_admin_link(client, public_atelier, member):
    assert "account-nav__admin" not in client.get(public_atelier.url).content.decode()
    client.force_login(member)
    assert "account-nav__admin" not in header(client, public_atelier.url)
