"""The fault tests reuse the ateliers fixtures (an atelier index with a public and a hidden
atelier, members, coordinators)."""

from tests.ateliers.conftest import (
    atelier_index,
    coordinator,
    hidden_atelier,
    member,
    public_atelier,
)
