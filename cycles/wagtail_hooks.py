"""The cycle templates in the admin, among the vocabularies: editors add a template (its steps in
order, and the step in which the values are scored) without a migration. A template in use by a
cycle cannot be deleted (the inspect view shows which cycles use it)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.snippets.models import register_snippet

from leeratelier.core.vocabulary_admin import VocabularyViewSet

from .models import CycleTemplate


class CycleTemplateForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        steps = [f.cleaned_data for f in self.formsets["steps"].forms
                 if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        keys = [step.get("key") for step in steps]
        if len(keys) != len(set(keys)):
            raise forms.ValidationError(_("Each step needs its own key."))
        if sum(1 for step in steps if step.get("scores_values")) != 1:
            raise forms.ValidationError(_("Choose exactly one step in which the values are scored."))
        return cleaned


class CycleTemplateViewSet(VocabularyViewSet):
    model = CycleTemplate
    icon = "list-ol"
    menu_label = _("Cycle templates")
    list_display = ["name_nl", "name_en", "key"]
    search_fields = ["name_nl", "name_en", "key"]
    edit_handler = ObjectList([
        FieldPanel("key"), FieldPanel("position"), FieldPanel("name_nl"), FieldPanel("name_en"),
        FieldPanel("description_nl"), FieldPanel("description_en"),
        InlinePanel("steps", label=_("Steps"), min_num=2),
    ], base_form_class=CycleTemplateForm)


register_snippet(CycleTemplateViewSet)
