from .outbox import OutboxEmail
from .vocabulary import Municipality, Role, Theme, Track, Werkplaats

__all__ = ["Municipality", "OutboxEmail", "Role", "Theme", "Track", "Werkplaats"]
