"""Template tags the cases app offers other apps' templates."""

from django import template

from leeratelier.cases import policy

register = template.Library()


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
