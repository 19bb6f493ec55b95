from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Case-based reasoning inside an atelier: cases, reflections, retained lessons.
    Plain Django models with their own views, not Wagtail pages or snippets: snippet permissions
    are per model, so one coordinator would see another atelier's cases."""

    name = "leeratelier.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        # Registers the "Cases" tab of the site search.
        from . import search  # noqa: F401
