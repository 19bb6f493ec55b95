"""The admin's preview of every kind of email with sample data, text and HTML, for editors."""

import pytest
from django.contrib.auth.models import Group

from leeratelier.core import outbox
from leeratelier.core.factories import UserFactory
from leeratelier.notifications import previews


@pytest.fixture
def editor_in_group(db):
    user = UserFactory(username="redacteur", is_staff=True)
    group, _ = Group.objects.get_or_create(name="Editors")
    user.groups.add(group)
    return user


def test_every_kind_of_email_is_previewed_with_text_and_html(client, editor_in_group, home_page):
    client.force_login(editor_in_group)
    response = client.get("/admin/email-previews/")
    assert response.status_code == 200
    page = response.content.decode()
    for name in outbox.kinds():
        assert f'id="email-{name}"' in page
    # Every kind has its sample (a new kind without one fails here), in both languages.
    for language in ("nl", "en"):
        without_sample = {name for name, _subject, _text, _html, error in previews.previews(language) if error}
        assert not without_sample, without_sample
    html = client.get("/admin/email-previews/notification/html/?language=en")
    assert html.status_code == 200 and '<html lang="en">' in html.content.decode()
    assert "A new expert meeting in Leeratelier Impact" in html.content.decode()
    for name in outbox.kinds():
        assert client.get(f"/admin/email-previews/{name}/html/").status_code == 200, name


def test_members_may_not_preview(client, home_page):
    member = UserFactory(username="lid", is_staff=True)
    client.force_login(member)
    assert client.get("/admin/email-previews/").status_code in (302, 403)
