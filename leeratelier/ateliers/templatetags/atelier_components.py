from django import template
from django.utils.safestring import mark_safe

from leeratelier.ateliers.components import render_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def atelier_panels(context, atelier):
    """The panels components registered for the atelier page (see ateliers.components)."""
    request = context.get("request")
    if request is None:
        return ""
    return mark_safe("".join(render_panels(request, atelier)))  # each panel is an autoescaped template
