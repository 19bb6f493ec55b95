"""The one way the site renders a form field.

Every form renders its fields through ``templates/includes/forms/field.html`` (``{{ form }}``,
``{{ field.as_field_group }}``): the label tied to its input, "(optional)" on the fields one may
leave empty (the NL Design System pattern: mark the optional ones, not the required ones), help
and errors linked with aria-describedby and ``aria-invalid`` on a field with an error (Django adds
both to the widget). Templates never write label, help and error markup by hand.
"""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

# The help text under every field that takes formatted text (Markdown through core/rendering.py),
# in plain words: people do not need to know the word "Markdown".
FORMATTING_HINT = _("You can use **bold**, *italic* and lists.")


class SiteFormRenderer(TemplatesSetting):
    """Loads form templates through the project's template settings, so ours win over Django's."""

    form_template_name = "includes/forms/form.html"
    field_template_name = "includes/forms/field.html"


def form_has_errors(form):
    """True for a submitted form (or formset) with errors, without validating an unbound one."""
    return bool(getattr(form, "is_bound", False) and form.errors)


class FilterForm(forms.Form):
    """A list's filter (includes/forms/filter_form.html): every field may stay empty, so none is
    marked "(optional)"."""

    mark_optional = False
