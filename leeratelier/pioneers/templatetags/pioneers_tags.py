from django import template
from django.utils.safestring import mark_safe

from leeratelier.core.sanitize import render_markdown

register = template.Library()


@register.filter
def pioneer_markdown(text):
    """A pioneer's longer texts, through the one sanitiser (never shown raw)."""
    return mark_safe(render_markdown(text or ""))
