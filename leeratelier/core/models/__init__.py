from .audit import AuditEvent
from .outbox import OutboxEmail
from .privacy import SavedDespiteWarning
from .site_settings import SiteSettings
from .vocabulary import Municipality, Role, Theme, Track, Werkplaats

__all__ = [
    "AuditEvent",
    "Municipality",
    "OutboxEmail",
    "Role",
    "SavedDespiteWarning",
    "SiteSettings",
    "Theme",
    "Track",
    "Werkplaats",
]
