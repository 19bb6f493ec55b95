from django.utils.translation import gettext_lazy as _

from leeratelier.core import components
from leeratelier.core.components import Manifest


class CasesConfig(components.ComponentConfig):
    """Case-based reasoning inside an atelier: cases, reflections, retained lessons.
    Plain Django models with their own views, not Wagtail pages or snippets: snippet permissions
    are per model, so one coordinator would see another atelier's cases."""

    name = "leeratelier.cases"
    label = "cases"
    verbose_name = _("Cases")
    manifest = Manifest(
        policy="policy",  # its access rules (policy.py)
        # reportable posts and the moderation emails, the Cases search tab, privacy parts, the
        # thread documents' receiver, the case library's generations
        registers=("moderation", "search", "privacy", "documents", "signals"),
        steps=("demo", "bench"),
        page_cache_models=("Case",),  # approved public summaries
        my_panels=(("cases/my_cases_panel.html", "my_page.my_cases_context"),),
        # The author's panel of cases; a reflection too, as the first one moves its case to
        # "reflecting" with an update that sends no signal (services.reflect).
        my_page_models=(("Case", "author_id"), ("Reflection", "case.author_id")),
    )
