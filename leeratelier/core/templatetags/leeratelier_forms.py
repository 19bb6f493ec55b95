"""Template tags for the one form pattern (leeratelier.core.forms)."""
from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _

from leeratelier.core.forms import form_has_errors

register = template.Library()


@register.simple_tag(takes_context=True)
def error_title_prefix(context):
    """"Error: " before the page title when a form on the page came back with errors, so a
    screen-reader user hears at once that the submission did not go through (WCAG 3.3.1)."""
    for value in context.flatten().values():
        # type(), not isinstance(): isinstance would evaluate the lazy csrf_token and user, and
        # so set a CSRF cookie on a page the page cache must be able to store.
        if issubclass(type(value), (BaseForm, BaseFormSet)) and form_has_errors(value):
            return _("Error: ")
    return ""
