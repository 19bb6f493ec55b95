"""Set-up steps of the learning cycles: the built-in cycle templates (plan-do-reflect and the
value circle), made once; editors keep them, and add others, under Vocabularies."""

from django.contrib.auth.models import Group

from leeratelier.core.setup import EDITORS, grant_model_permissions
from leeratelier.core.sitesetup import register_step

from .cycle_templates import BUILT_IN, ensure_built_in
from .models import CycleTemplate, CycleTemplateStep


@register_step(45)
def cycle_templates(context):
    missing = [d["key"] for d in BUILT_IN if not CycleTemplate.objects.filter(key=d["key"]).exists()]
    ensure_built_in(CycleTemplate, CycleTemplateStep)
    if missing:
        context.created.append(f"cycle templates ({', '.join(missing)})")


@register_step(61)  # after the core made the groups
def editors_keep_cycle_templates(context):
    grant_model_permissions(Group.objects.get(name=EDITORS), [CycleTemplate, CycleTemplateStep])
