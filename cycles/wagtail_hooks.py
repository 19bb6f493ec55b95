"""The cycle templates in the admin, among the vocabularies: editors add a template (its steps in
order, and the step in which the values are scored) without a migration. A template in use by a
cycle cannot be deleted (the inspect view shows which cycles use it)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.snippets.models import register_snippet

from leeratelier.core.vocabulary_admin import VocabularyViewSet

from .models import CycleTemplate


class CycleTemplateForm(WagtailAdminModelForm):
    """The steps are an inline formset, validated after the form's own clean(): checked here."""

    def is_valid(self):
        valid = super().is_valid()
        steps = [
            f.cleaned_data
            for f in self.formsets["steps"].forms
            if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
        ]
        keys = [step.get("key") for step in steps]
        if len(keys) != len(set(keys)):
            self.add_error(None, _("Each step needs its own key."))
            valid = False
        if sum(1 for step in steps if step.get("scores_values")) != 1:
            self.add_error(None, _("Choose exactly one step in which the values are scored."))
            valid = False
        return valid


class CycleTemplateViewSet(VocabularyViewSet):
    model = CycleTemplate
    icon = "list-ol"
    menu_label = _("Cycle templates")
    list_display = ["name_nl", "name_en", "key"]
    search_fields = ["name_nl", "name_en", "key"]
    edit_handler = ObjectList(
        [
            FieldPanel("key"),
            FieldPanel("position"),
            FieldPanel("name_nl"),
            FieldPanel("name_en"),
            FieldPanel("description_nl"),
            FieldPanel("description_en"),
            InlinePanel("steps", label=_("Steps"), min_num=2),
        ],
        base_form_class=CycleTemplateForm,
    )


register_snippet(CycleTemplateViewSet)
