"""The organisation's details in the admin (Settings > Site settings): `setup_site` fills the
defaults once and links the statements; an editor changes them through the admin's own URL and
the public footer and the statements show the new values in Dutch and English; a rerun keeps
the editor's values; every footer link answers 200; emails carry the organisation's name."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from leeratelier.core import outbox
from leeratelier.core import setup as core_setup
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import SiteSettings
from leeratelier.core.sitesetup import SetupContext

from .test_setup_site import fresh_database, setup_site

URL = "/admin/settings/core/sitesettings/"


def edit_url():
    return f"{URL}{SiteSettings.load().pk}/"


@pytest.fixture
def editor(db):
    user = UserFactory(username="redacteur", email="redacteur@example.org")
    core_setup.groups(SetupContext(out=io.StringIO()))
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def footer(html):
    return html[html.index("<footer") : html.index("</footer>")]


def form_data(values, **changes):
    data = {
        "organisation_name": values.organisation_name,
        "contact_email": values.contact_email,
        "postal_address": values.postal_address,
        "footer_text_nl": values.footer_text_nl,
        "footer_text_en": values.footer_text_en,
        "privacy_page": values.privacy_page_id or "",
        "accessibility_page": values.accessibility_page_id or "",
        "social_links-count": "0",
    }
    data.update(changes)
    return data


def test_setup_fills_the_defaults_once_and_links_the_statements(client, fresh_database):
    report = setup_site()
    assert "site settings" in report
    values = SiteSettings.load()
    assert values.privacy_page.slug == "privacyverklaring"
    assert values.accessibility_page.slug == "toegankelijkheidsverklaring"
    html = client.get("/nl/").content.decode()
    assert "info@leeratelier.nl" in footer(html) and "Werkplaatsen Sociaal Domein" in footer(html)
    for link in re.findall(r'href="(/[^"#]*)"', footer(html)):
        assert client.get(link).status_code == 200, link


def test_an_editor_changes_the_settings_in_the_admin_and_the_footer_shows_them(client, fresh_database, editor):
    setup_site()
    client.force_login(editor)
    assert client.get(URL).status_code == 302  # to the one row's edit view
    assert client.get(edit_url()).status_code == 200
    values = SiteSettings.load()
    data = form_data(
        values,
        organisation_name="Werkplaats Sociaal Domein Noord",
        contact_email="contact@wsd-noord.example",
        postal_address="Postbus 12\n9700 AB Groningen",
        footer_text_nl="Samen leren over impact in het noorden.",
        footer_text_en="Learning about impact together in the north.",
        **{
            "social_links-count": "1",
            "social_links-0-type": "link",
            "social_links-0-deleted": "",
            "social_links-0-order": "0",
            "social_links-0-value-label": "LinkedIn",
            "social_links-0-value-url": "https://www.linkedin.com/company/wsd-noord",
        },
    )
    response = client.post(edit_url(), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()

    dutch = client.get("/nl/").content.decode()
    assert "Samen leren over impact in het noorden." in footer(dutch)
    assert "Werkplaats Sociaal Domein Noord" in footer(dutch) and "Postbus 12" in footer(dutch)
    assert 'href="mailto:contact@wsd-noord.example"' in footer(dutch)
    assert 'href="https://www.linkedin.com/company/wsd-noord"' in footer(dutch)
    assert "info@leeratelier.nl" not in dutch
    english = client.get("/en/").content.decode()
    assert "Learning about impact together in the north." in footer(english)
    assert "Samen leren" not in english
    assert 'href="/en/privacy-statement/"' in footer(english)
    assert 'href="/en/accessibility-statement/"' in footer(english)
    for html in (dutch, english):
        for link in re.findall(r'href="(/[^"#]*)"', footer(html)):
            assert client.get(link).status_code == 200, link

    # The statements name the contact address the editor set, in both languages.
    for path in (
        "/nl/privacyverklaring/",
        "/en/privacy-statement/",
        "/nl/toegankelijkheidsverklaring/",
        "/en/accessibility-statement/",
    ):
        main = client.get(path).content.decode().split("<footer")[0]
        assert "contact@wsd-noord.example" in main, path

    # A rerun of setup keeps every value the editor set.
    setup_site()
    values = SiteSettings.load()
    assert values.organisation_name == "Werkplaats Sociaal Domein Noord"
    assert values.contact_email == "contact@wsd-noord.example"
    assert values.footer_text_en == "Learning about impact together in the north."


def test_a_bad_contact_email_gets_a_message_and_nothing_changes(client, fresh_database, editor):
    setup_site()
    client.force_login(editor)
    response = client.post(edit_url(), form_data(SiteSettings.load(), contact_email="geen adres"))
    assert response.status_code == 200
    assert SiteSettings.load().contact_email == "info@leeratelier.nl"


def test_a_coordinator_or_member_in_the_admin_cannot_change_the_settings(client, fresh_database):
    setup_site()
    staff = UserFactory(username="lid", is_staff=True)
    client.force_login(staff)
    assert client.get(edit_url()).status_code in (302, 403)
    assert not client.get(edit_url(), follow=True).content.decode().count("info@leeratelier.nl")


def test_emails_carry_the_organisation_and_its_contact_address(fresh_database):
    setup_site()
    SiteSettings.objects.update(organisation_name="WSD Noord", contact_email="contact@wsd-noord.example")
    from django.core.cache import cache

    cache.clear()
    outbox.enqueue(key="t:1", kind="account-unknown", recipient="femke@example.org", language="nl", context={})
    outbox.send_pending()
    html = mail.outbox[-1].alternatives[0][0]
    assert "WSD Noord" in html and "contact@wsd-noord.example" in html
