"""Cases live inside ateliers: reuse the ateliers' fixtures (ateliers, members, coordinator)."""

from tests.ateliers.conftest import (  # noqa: F401
    atelier_index,
    coordinator,
    editor,
    hidden_atelier,
    member,
    outsider,
    public_atelier,
)
