"""Template tags the cases app offers other apps' templates."""

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from leeratelier.cases import policy
from leeratelier.core.templatetags.leeratelier_forms import item_form

register = template.Library()

# A number no post has: a box is rendered with it once, and each post's id put in its place.
NUMBERED = 987654321987654321
_numbered_boxes = {}


@register.inclusion_tag("cases/includes/cases_discussed.html", takes_context=True)
def cases_discussed_at(context, meeting):
    """On an expert meeting's page: the cases discussed there that the reader may read (the
    access function decides; a visitor sees none). Hidden and removed cases are left out."""
    from leeratelier.cases.models import Case

    request = context.get("request")
    user = getattr(request, "user", None)
    cases = Case.objects.filter(
        discussions__meeting_key=meeting.translation_key, removed_at__isnull=True, hidden_at__isnull=True
    )
    cases = list(policy.visible_cases(user, cases).order_by("-created_at")) if user is not None else []
    return {"discussed_cases": cases}


@register.simple_tag
def edit_reflection_form():
    """The form to edit one's own reflection (its box under each reflection of the thread)."""
    from leeratelier.cases.forms import EditReflectionForm

    return EditReflectionForm()


@register.simple_tag
def report_form():
    """The report form, for the "Report" box other components' posts carry."""
    from leeratelier.cases.forms import ReportForm

    return ReportForm()


@register.simple_tag
def post_box(form, *id_parts):
    """The fields of an empty Report or Hide box for one post of many, with ids of its own
    (``item_form``; the last of ``id_parts`` is the post's id). Rendered through the field
    templates once per process and language for a number no post has, then the post's id is
    put in its place: rendered for every post of a page they cost a millisecond each. A box
    with values (initial or posted) is rendered as ``item_form`` renders it."""
    *parts, post_id = id_parts
    if form.is_bound or form.initial:
        return item_form(form, *id_parts)
    key = (type(form), tuple(parts), translation.get_language())
    html = _numbered_boxes.get(key)
    if html is None:
        html = _numbered_boxes[key] = str(item_form(form, *parts, NUMBERED))
    return mark_safe(html.replace(str(NUMBERED), str(int(post_id))))
