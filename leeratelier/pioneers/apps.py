from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PioneersConfig(AppConfig):
    """The pioneer-practice registry (action point 3): the public sign-up form, moderation,
    practice pages and the working-ingredients view."""

    name = "leeratelier.pioneers"
    label = "pioneers"
    verbose_name = _("Pioneer practices")

    def ready(self):
        from . import emails, search, signals  # noqa: F401  (email kinds, search tab, workflow signals)
