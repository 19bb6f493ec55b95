from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared vocabulary (tracks, roles, themes, werkplaatsen, municipalities) and plumbing
    (the email outbox, sitemaps, navigation) that every domain app uses."""

    name = "leeratelier.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import contact, pagecache

        pagecache.connect_signals()
        contact.connect_signals()
