"""The two kinds of email of the notifications component, in the outbox: one notification at
once, and the weekly digest. Both are rendered at send time in the recipient's language from the
ids in the outbox row, name the atelier and the kind of event, hold a link and carry a one-click
``List-Unsubscribe`` for their kind (RFC 8058; the digest's turns the weekly digest off)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from leeratelier.core.outbox import register_kind

from . import kinds, services
from .models import Notification


def _links(user, kind_name, language):
    with translation.override(language):
        unsubscribe = services.absolute(
            reverse("notifications:unsubscribe", args=[services.unsubscribe_token(user, kind_name)])
        )
        preferences = services.absolute(reverse("notifications:preferences"))
    return {"unsubscribe_url": unsubscribe, "settings_url": preferences}


def _item(notification, message, language):
    with translation.override(language):
        url = services.absolute(reverse("notifications:open", args=[notification.pk]))
    return {"message": message, "url": url, "kind": notification.kind}


def _name(user):
    return user.get_full_name() or ""


def notification_context(email):
    notification = Notification.objects.select_related("recipient").get(pk=email.context["notification"])
    [(notification, message)] = services.describe([notification], email.language)
    kind = kinds.get(notification.kind)
    with translation.override(email.language):
        reason = str(kind.help_text)
        label = str(kind.label)
    return {
        "item": _item(notification, message, email.language),
        "name": _name(notification.recipient),
        "kind_label": label,
        "reason": reason,
        **_links(notification.recipient, notification.kind, email.language),
    }


def digest_context(email):
    notifications = list(
        Notification.objects.filter(pk__in=email.context["notifications"]).select_related("recipient").order_by("pk")
    )
    user = notifications[0].recipient if notifications else get_user_model()(pk=0)
    return {
        "items": [_item(n, message, email.language) for n, message in services.describe(notifications, email.language)],
        "name": _name(user),
        **_links(user, services.DIGEST, email.language),
    }


def _unsubscribe_headers(url):
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def notification_headers(email):
    return _unsubscribe_headers(notification_context(email)["unsubscribe_url"])


def digest_headers(email):
    return _unsubscribe_headers(digest_context(email)["unsubscribe_url"])


def _sample_links():
    return {
        "unsubscribe_url": services.absolute("/nl/notifications/unsubscribe/voorbeeld/"),
        "settings_url": services.absolute(reverse("notifications:preferences")),
    }


def notification_sample():
    kind = kinds.get("meeting-published")
    return {
        "item": {
            "message": kind.message("", "Leeratelier Impact"),
            "url": services.absolute("/nl/notifications/1/"),
            "kind": kind.name,
        },
        "name": "Femke de Vries",
        "kind_label": str(kind.label),
        "reason": str(kind.help_text),
        **_sample_links(),
    }


def digest_sample():
    items = [
        {
            "message": kinds.get(name).message(variant, atelier),
            "url": services.absolute(f"/nl/notifications/{n}/"),
            "kind": name,
        }
        for n, (name, variant, atelier) in enumerate(
            [
                ("case-new", "", "Leeratelier Impact"),
                ("meeting-changed", "cancelled", "Jongeren"),
                ("report-published", "", "Leeratelier Impact"),
            ],
            1,
        )
    ]
    return {"items": items, "name": "Femke de Vries", **_sample_links()}


register_kind(services.EMAIL_KIND, notification_context, headers=notification_headers, sample=notification_sample)
register_kind(services.DIGEST_KIND, digest_context, headers=digest_headers, sample=digest_sample)

__all__ = ["notification_context", "digest_context"]
