"""The audit log of access-relevant actions (membership and role changes, invitations,
moderation, data exports, account deletions, consent): one function, ``record``, called by the
services in the transaction of the action itself, so an action rolled back leaves no event.

Read by site admins only, in the Wagtail admin (Reports > Audit log; see core/wagtail_hooks.py).
Details must be ids and choice values, never names, emails or texts: the log outlives the
accounts it mentions.
"""

import uuid

from .models import AuditEvent

Action = AuditEvent.Action


def _target(target):
    if target is None:
        return "", ""
    meta = getattr(target, "_meta", None)
    if meta is None:
        return "", str(target)
    return meta.label_lower, str(target.pk)


def _atelier_key(atelier):
    """Accept an atelier page, its translation key (UUID or string) or None."""
    if atelier is None:
        return None
    key = getattr(atelier, "translation_key", atelier)
    return key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))


def _actor_label(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return f"#{actor.pk}"


def record(actor, action, target=None, atelier=None, **details):
    """Write one audit event. ``actor`` is the user who acted (None or anonymous: the system),
    ``action`` an ``AuditEvent.Action``, ``target`` the model instance acted on, ``atelier`` the
    atelier page (or its translation key) the action belongs to, ``details`` ids and values."""
    target_type, target_id = _target(target)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_label=_actor_label(actor),
        action=Action(action),
        target_type=target_type,
        target_id=target_id,
        atelier_key=_atelier_key(atelier),
        details={name: _plain(value) for name, value in details.items()},
    )


def _plain(value):
    """JSON-able: model instances become their pk, UUIDs and other objects their string."""
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        return value.pk
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return str(value)
