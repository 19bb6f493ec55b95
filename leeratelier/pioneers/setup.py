"""Set-up step of the pioneer registry: the registry page, empty until pioneers register their
practice through the public form and editors approve it (the rules of
``leeratelier.core.sitesetup`` apply)."""

from leeratelier.core.sitesetup import ensure_page, register_step

from .models import PracticeIndexPage

INDEX = {
    "title": ("Praktijken van pioniers", "Pioneer practices"),
    "slug": ("praktijken", "practices"),
    "intro": (
        "Pioniers in het sociaal domein experimenteren met co-creatie. Hier beschrijven ze hun praktijk, "
        "hun ervaringen en wat die praktijk werkzaam maakt. Zo leren we van elkaar.",
        "Pioneers in the social domain experiment with co-creation. Here they describe their practice, "
        "their experiences and what makes it work, so we learn from each other.",
    ),
}


def ensure_index(context):
    return ensure_page(
        context, context.home, PracticeIndexPage, fields=INDEX, label="practice registry", show_in_menus=True
    )


@register_step(42)
def practice_registry(context):
    ensure_index(context)


@register_step(61)
def moderation(context):
    """The "Practice moderation" workflow on the registry, reviewed by the editors and the
    moderators; editors also keep the working ingredients."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask

    from leeratelier.core.setup import MODERATORS, grant_model_permissions

    from .models import Ingredient
    from .services import TASK_NAME, practice_workflow

    index = PracticeIndexPage.objects.filter(locale__language_code="nl").order_by("path").first()
    practice_workflow(index)
    moderators = Group.objects.get(name=MODERATORS)
    GroupApprovalTask.objects.get(name=TASK_NAME).groups.add(moderators)
    grant_model_permissions(Group.objects.get(name="Editors"), [Ingredient])
