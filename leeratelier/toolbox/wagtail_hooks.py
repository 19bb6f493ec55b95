"""Editors keep an eye on members' experiences with methods: a list in the admin, where an
experience can be corrected or removed (the text is re-sanitised on save)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import MethodExperience


class MethodExperienceViewSet(SnippetViewSet):
    model = MethodExperience
    icon = "openquote"
    menu_label = _("Experiences with methods")
    add_to_admin_menu = False
    list_display = ["excerpt", "author", "created_at"]
    list_filter = ["created_at"]
    ordering = ["-created_at"]
    panels = [FieldPanel("text")]


register_snippet(MethodExperienceViewSet)
