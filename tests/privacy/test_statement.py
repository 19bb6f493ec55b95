"""The privacy statement: a standard page made by setup_site in Dutch and English, idempotently,
saying what is stored, why, who sees it, how long, and how to download or delete one's data."""

import io

import pytest
from wagtail.models import Locale

from home import setup as home_setup
from home.models import StandardPage
from leeratelier.accounts import setup as accounts_setup
from leeratelier.core import setup as core_setup
from leeratelier.core import sitesetup
from leeratelier.core.factories import UserFactory
from tests.conftest import ensure_roots

pytestmark = pytest.mark.django_db(transaction=True)


def test_setup_step_writes_the_statement_in_both_languages_once(client):
    context = sitesetup.SetupContext(out=io.StringIO())
    core_setup.languages(context)
    ensure_roots()  # a transactional test before this one may have flushed the migrations' rows
    home_setup.home_page(context)
    accounts_setup.privacy_statement(context)
    page = StandardPage.objects.get(slug=accounts_setup.PRIVACY_STATEMENT_SLUG, locale=Locale.get_default())
    revisions = page.revisions.count()
    accounts_setup.privacy_statement(context)  # again: nothing changes
    assert page.revisions.count() == revisions

    dutch = client.get(page.url).content.decode()
    english_page = page.get_translation(Locale.objects.get(language_code="en"))
    english = client.get(english_page.url).content.decode()
    for text in ("30 dagen", "90 dagen", "7 dagen", "Download mijn gegevens", "Verwijder mijn account", "oud-lid"):
        assert text in dutch
    for text in ("30 days", "7 days", "Download my data", "Delete my account", "former member"):
        assert text in english

    user = UserFactory(username="lezer")
    client.force_login(user)
    assert page.url in client.get("/nl/accounts/profile/").content.decode()
