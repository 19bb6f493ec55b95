from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    """Learning cycles of an atelier (plan-do-reflect loops and the narrative report).
    Depends on the leeratelier apps, never the other way round. Its models arrive with the
    learning-cycles issue."""

    name = "cycles"
    verbose_name = _("Learning cycles")
