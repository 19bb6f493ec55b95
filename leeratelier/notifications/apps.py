from django.utils.translation import gettext_lazy as _

from leeratelier.core import components
from leeratelier.core.components import Manifest


class NotificationsConfig(components.ComponentConfig):
    """Being told what matters: one component that listens to the events of the others (a
    meeting published, moved or cancelled; a new case; a cycle phase opened or closing; a
    report published; a join request decided; a reflection, reply or mention; a reported post;
    an announcement) and tells the people concerned, in the site and by email, as each person
    chose per kind. The components it listens to know nothing of it; the core never imports it."""

    name = "leeratelier.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    manifest = Manifest(
        # the kinds of notification, their email kinds in the outbox, the event listeners, privacy parts
        registers=("emails", "kinds", "listeners", "privacy"),
    )
