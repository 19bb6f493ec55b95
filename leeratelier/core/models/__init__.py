from .audit import AuditEvent
from .outbox import OutboxEmail
from .site_settings import SiteSettings
from .vocabulary import Municipality, Role, Theme, Track, Werkplaats

__all__ = ["AuditEvent", "Municipality", "OutboxEmail", "Role", "SiteSettings", "Theme", "Track", "Werkplaats"]
