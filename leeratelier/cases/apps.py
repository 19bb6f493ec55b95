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
        # "My cases" on Mijn leeratelier.
        from leeratelier.ateliers.components import register_my_panel

        # Registers the moderation email kinds (hidden post, report outcome, new report).
        from . import (
            moderation,  # noqa: F401
            search,  # noqa: F401
        )
        from .my_page import my_cases_context

        register_my_panel("cases/my_cases_panel.html", my_cases_context)
