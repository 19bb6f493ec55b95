"""Shared fixtures of the ateliers tests: an atelier index with a public and a hidden atelier,
each with a coordinator, a member and an upcoming meeting; and people in every role."""

import pytest

from leeratelier.ateliers.factories import (
    AtelierIndexPageFactory,
    AtelierPageFactory,
    ExpertMeetingPageFactory,
    MembershipFactory,
)
from leeratelier.ateliers.models import AtelierPage, Membership
from leeratelier.core.factories import UserFactory


@pytest.fixture
def atelier_index(home_page):
    return AtelierIndexPageFactory(parent=home_page)


@pytest.fixture
def public_atelier(atelier_index):
    return AtelierPageFactory(parent=atelier_index, title="Leeratelier Armoede")


@pytest.fixture
def hidden_atelier(atelier_index):
    return AtelierPageFactory(
        parent=atelier_index,
        title="Besloten Jongerenatelier",
        visibility=AtelierPage.Visibility.HIDDEN,
        join_mode=AtelierPage.JoinMode.INVITATION,
    )


@pytest.fixture
def public_meeting(public_atelier):
    return ExpertMeetingPageFactory(
        parent=public_atelier, title="Armoede bespreekbaar maken", online_url="https://meet.example.org/armoede"
    )


@pytest.fixture
def hidden_meeting(hidden_atelier):
    return ExpertMeetingPageFactory(
        parent=hidden_atelier, title="Geheime casusbespreking", online_url="https://meet.example.org/geheim"
    )


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider", first_name="Olga", last_name="Buiten")


@pytest.fixture
def member(public_atelier, hidden_atelier):
    """A member of both ateliers."""
    user = UserFactory(username="member", first_name="Mila", last_name="Lid")
    for atelier in (public_atelier, hidden_atelier):
        MembershipFactory(atelier=atelier, user=user)
    return user


@pytest.fixture
def coordinator(public_atelier, hidden_atelier):
    """The coordinator of both ateliers."""
    user = UserFactory(username="coordinator", first_name="Cor", last_name="Dinator")
    for atelier in (public_atelier, hidden_atelier):
        MembershipFactory(atelier=atelier, user=user, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", is_superuser=True, is_staff=True)
