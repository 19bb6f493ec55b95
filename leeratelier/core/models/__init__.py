from .audit import AuditEvent
from .outbox import OutboxEmail
from .vocabulary import Municipality, Role, Theme, Track, Werkplaats

__all__ = ["AuditEvent", "Municipality", "OutboxEmail", "Role", "Theme", "Track", "Werkplaats"]
