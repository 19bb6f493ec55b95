"""The privacy statement: a standard page made by the demo in Dutch and English, idempotently,
saying what is stored, why, how long, and how to download or delete one's data."""

import io

import pytest
from wagtail.models import Locale

from home.models import StandardPage
from leeratelier.accounts import demo as accounts_demo
from leeratelier.core import demo as core_demo
from leeratelier.core.factories import UserFactory
from tests.conftest import ensure_roots

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_step_writes_the_statement_in_both_languages_once(client):
    context = core_demo.DemoContext(out=io.StringIO(), credentials=[])
    core_demo.locales(context)
    ensure_roots()  # a transactional test before this one may have flushed the migrations' rows
    core_demo.site_tree(context)
    accounts_demo.privacy_statement(context)
    page = StandardPage.objects.get(slug=accounts_demo.PRIVACY_STATEMENT_SLUG, locale=Locale.get_default())
    revisions = page.revisions.count()
    accounts_demo.privacy_statement(context)  # again: nothing changes
    assert page.revisions.count() == revisions

    dutch = client.get(page.url).content.decode()
    english_page = page.get_translation(Locale.objects.get(language_code="en"))
    english = client.get(english_page.url).content.decode()
    for text in ("30 dagen", "7 dagen", "Download mijn gegevens", "Verwijder mijn account", "oud-lid"):
        assert text in dutch
    for text in ("30 days", "7 days", "Download my data", "Delete my account", "former member"):
        assert text in english

    user = UserFactory(username="lezer")
    client.force_login(user)
    assert page.url in client.get("/nl/accounts/profile/").content.decode()
