from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AteliersConfig(AppConfig):
    """The space: ateliers (learning communities), their members and expert meetings.
    Cases and cycles are components that live inside an atelier."""

    name = "leeratelier.ateliers"
    label = "ateliers"
    verbose_name = _("Ateliers")

    def ready(self):
        from leeratelier.core import access

        from .models import AtelierPage, Membership

        access.use_space(AtelierPage, Membership)  # the access function's space (the core names no app)
        from . import emails, search, signals  # noqa: F401  (email kinds, search tab, coordinators' admin groups)
