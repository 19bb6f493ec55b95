"""The notifications component's part in people's privacy rights (see leeratelier.core.privacy).

Export: the person's email settings, what they were told (kind, atelier, when, read) and the
announcements they sent. Deletion: notifications and settings go with the user row; their
announcements stay as from "the coordinators" unless they ask to remove what they wrote."""

from django.utils.translation import gettext_lazy

from leeratelier.core.privacy import register_eraser, register_exporter

from .models import Announcement, Notification, NotificationSetting


@register_exporter("notifications", label=gettext_lazy("Notifications and emails"))
def export_notifications(user):
    data = {
        "email_settings": dict(NotificationSetting.objects.filter(user=user).values_list("kind", "frequency")),
        "notifications": list(
            Notification.objects.filter(recipient=user)
            .order_by("created_at", "pk")
            .values("kind", "variant", "atelier_key", "created_at", "read_at")
        ),
        "announcements_sent": list(
            Announcement.objects.filter(sent_by=user)
            .order_by("created_at")
            .values("atelier_key", "title", "body", "created_at")
        ),
    }
    return data, []


@register_eraser
def erase_notifications(user, keep_contributions):
    if not keep_contributions:
        Announcement.objects.filter(sent_by=user).delete()
