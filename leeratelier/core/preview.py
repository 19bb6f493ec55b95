"""The "preview" button of every Markdown form, without JavaScript: the form has a second
submit button ``name="preview"``; the view sees it with ``wants_preview``, saves nothing and
renders the form again with ``markdown_preview``'s sanitised HTML above it
(``includes/markdown_preview.html``; the button is ``includes/preview_button.html``).

The preview is rendered by the one sanitiser (``core.sanitize``), exactly as the saved text will
be, and only from a valid form, so the field's own limits (length, NUL bytes) apply first."""

from leeratelier.core import sanitize


def wants_preview(request):
    return request.method == "POST" and "preview" in request.POST


def markdown_preview(form, *field_names):
    """[(label, html)] of the form's Markdown fields, for a valid form; [] otherwise (its errors
    are then shown instead)."""
    if not form.is_valid():
        return []
    parts = []
    for name in field_names:
        text = form.cleaned_data.get(name) or ""
        if text.strip():
            parts.append((form.fields[name].label, sanitize.render_markdown(text)))
    return parts
