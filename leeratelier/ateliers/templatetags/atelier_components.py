from django import template
from django.utils.safestring import mark_safe

from leeratelier.core.panels import render_my_panels, render_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def atelier_panels(context, atelier):
    """The panels components registered for the atelier page (see core.panels)."""
    request = context.get("request")
    if request is None:
        return ""
    return mark_safe("".join(render_panels(request, atelier)))  # each panel is an autoescaped template


@register.simple_tag(takes_context=True)
def my_panels(context):
    """The panels components registered for "Mijn leeratelier" (see core.panels)."""
    request = context.get("request")
    if request is None:
        return ""
    return mark_safe("".join(render_my_panels(request)))
