"""Cases live inside ateliers: reuse the ateliers' fixtures (ateliers, members, coordinator)."""

import pytest

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


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Case attachments go to a temporary private folder, away from MEDIA_ROOT."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT
