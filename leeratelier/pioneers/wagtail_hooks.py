"""The pioneers' part of the admin: working ingredients in the "Vocabularies" group (with the
merge action: two ways of writing one ingredient become one, the practices follow) and the
practices awaiting moderation on the dashboard's "Needs attention" panel."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.models import GroupApprovalTask, TaskState
from wagtail.snippets.models import register_snippet

from leeratelier.core.operations import AttentionItem
from leeratelier.core.vocabulary_admin import VocabularyViewSet

from .models import Ingredient, PracticePage
from .services import TASK_NAME


class IngredientViewSet(VocabularyViewSet):
    model = Ingredient
    icon = "snippet"
    menu_label = gettext_lazy("Working ingredients")
    menu_order = 400
    list_display = ["name", Column("practice_count", label=gettext_lazy("Practices"))]
    search_fields = ["name"]
    panels = [FieldPanel("name")]
    inspect_view_fields = ["name", "slug"]
    merge_enabled = True
    merge_permissions = ("change", "delete")  # the merged ingredient is deleted

    def get_queryset(self, request):
        # The practice count of every row in the one listing query.
        return Ingredient.objects.annotate(practice_count=Count("tagged_practices__content_object", distinct=True))


register_snippet(IngredientViewSet)


@hooks.register("register_attention_items")
def practices_awaiting_moderation(request):
    """Practices in the moderation workflow that this user may approve (the workflow's group)."""
    user = request.user
    if not (user.is_superuser or GroupApprovalTask.objects.filter(name=TASK_NAME, groups__user=user).exists()):
        return None
    waiting = TaskState.objects.reviewable_by(user).filter(
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__content_type=ContentType.objects.get_for_model(PracticePage),
    )
    return [
        AttentionItem(_("Practices awaiting moderation"), waiting.count(), reverse("wagtailadmin_reports:workflow"))
    ]
