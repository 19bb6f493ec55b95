"""The privacy tests reuse the ateliers' and cases' fixtures (ateliers, members, coordinators)."""

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
