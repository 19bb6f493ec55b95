from django.utils.functional import SimpleLazyObject

from . import services


def unread_notifications(request):
    """The header's unread count, computed only when a template shows it (from the cache, else
    one COUNT query on an index)."""
    user = getattr(request, "user", None)
    return {"unread_notification_count": SimpleLazyObject(lambda: services.unread_count(user))}
