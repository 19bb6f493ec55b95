"""The learning cycles' part of the export, and what account deletion leaves of a contribution."""

import pytest

from cycles.models import Contribution, Participant
from leeratelier.core import privacy
from tests.cycles.conftest import contribute, second_member, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(hidden_atelier, coordinator, member, second_member):
    from cycles import services

    cycle = start(hidden_atelier, coordinator)
    services.join(cycle, member)
    services.join(cycle, second_member)
    return cycle


def test_export_holds_own_contributions_only(cycle, member, second_member):
    contribute(cycle, member, body="Wat bewoners ons vertelden over de wachtrij.")
    contribute(cycle, second_member, body="Iets van een ander.")
    data, files = privacy.collect(member)["cycles"]
    assert [p["cycle"] for p in data["participations"]] == [cycle.pk]
    assert [c["body"] for c in data["contributions"]] == ["Wat bewoners ons vertelden over de wachtrij."]
    assert files == []


def test_deleted_member_contribution_stays_without_them(cycle, member):
    contribution = contribute(cycle, member, body="Mijn bijdrage.")
    privacy.erase_account(member, keep_contributions=True)
    contribution.refresh_from_db()
    assert contribution.participant_id is None and contribution.body == "Mijn bijdrage."
    assert not Participant.objects.filter(user_id=member.pk).exists()
    assert Contribution.objects.filter(cycle=cycle).count() == 1


def test_remove_what_i_wrote_deletes_own_contributions_and_their_files(
    cycle, member, second_member, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    own = contribute(cycle, member, body="Mijn bijdrage, weg ermee.")
    own.audio.save("verhaal.ogg", ContentFile(b"OggS" + b"\0" * 64), save=True)
    storage, name = own.audio.storage, own.audio.name
    assert storage.exists(name)
    other = contribute(cycle, second_member, body="Van een ander.")

    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_account(member, keep_contributions=False)

    assert list(Contribution.objects.filter(cycle=cycle)) == [other]
    assert not storage.exists(name)
