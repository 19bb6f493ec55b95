"""Notifications are about atelier activity: reuse the ateliers' fixtures, and the cases' private
media folder (case attachments)."""

import pytest

from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.core import outbox
from leeratelier.core.factories import UserFactory
from tests.ateliers.conftest import (
    atelier_index,
    coordinator,
    editor,
    hidden_atelier,
    hidden_meeting,
    member,
    outsider,
    public_atelier,
    public_meeting,
)
from tests.cases.conftest import private_media


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://leeratelier.example.org"


@pytest.fixture
def colleague(hidden_atelier, public_atelier):
    """A second member of both ateliers."""
    user = UserFactory(username="colleague", first_name="Kees", last_name="Collega", email="kees@example.org")
    MembershipFactory(atelier=hidden_atelier, user=user)
    MembershipFactory(atelier=public_atelier, user=user)
    return user


def sent_to(user):
    """Send what the outbox holds, then the emails that reached ``user``."""
    from django.core import mail

    outbox.send_pending()
    return [message for message in mail.outbox if user.email in message.to]


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html
