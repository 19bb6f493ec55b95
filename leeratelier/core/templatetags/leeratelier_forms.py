"""Template tags for the one form pattern (leeratelier.core.forms)."""

import copy

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _

from leeratelier.core.forms import form_has_errors

register = template.Library()


@register.simple_tag(takes_context=True)
def error_title_prefix(context):
    """ "Error: " before the page title when a form on the page came back with errors, so a
    screen-reader user hears at once that the submission did not go through (WCAG 3.3.1)."""
    for value in context.flatten().values():
        # type(), not isinstance(): isinstance would evaluate the lazy csrf_token and user, and
        # so set a CSRF cookie on a page the page cache must be able to store.
        if issubclass(type(value), (BaseForm, BaseFormSet)) and form_has_errors(value):
            return _("Error: ")
    return ""


@register.simple_tag
def item_form(form, *id_parts, **initial):
    """The same unbound form for one item of a list (a post's "Report" or "Hide" box), with ids
    of its own (``report-case-12-reason``), so a page with many of them keeps unique ids and each
    field still renders through the one field template. ``initial`` fills in values."""
    item = copy.copy(form)
    item.auto_id = "-".join(str(part) for part in id_parts) + "-%s"
    item.initial = {**form.initial, **initial}
    item._bound_fields_cache = {}
    return item
