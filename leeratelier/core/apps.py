from django.utils.translation import gettext_lazy as _

from . import components
from .components import Manifest


class CoreConfig(components.ComponentConfig):
    """Shared vocabulary (tracks, roles, themes, werkplaatsen, municipalities) and plumbing
    (the email outbox, sitemaps, navigation, the registries the apps' manifests fill) that every
    domain app uses. It names no app (tests/test_boundaries.py)."""

    name = "leeratelier.core"
    label = "core"
    verbose_name = _("Core")
    manifest = Manifest(
        registers=("privacy",),  # retention of failed tasks and sent emails' addresses
        steps=("setup", "demo", "bench"),
        page_cache_models=("Theme", "Werkplaats", "Municipality"),
    )

    def ready(self):
        super().ready()
        from . import contact, pagecache

        pagecache.connect_signals()
        contact.connect_signals()
