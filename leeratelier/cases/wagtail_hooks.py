"""The cases' line on the admin dashboard's "Needs attention" panel: reported posts nobody has
looked at yet, linked to the editors' moderation queue on the site (cases:moderation_queue),
where editors read and decide them. The admin itself shows only the count, no case text (see
the visibility table)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from leeratelier.core import access
from leeratelier.core.operations import AttentionItem

from .models import Report


@hooks.register("register_attention_items")
def open_reports(request):
    if not access.is_editor(request.user):
        return None
    # Posts, not reports: three reports of one post are one line in the queue.
    posts = (
        Report.objects.filter(resolved_at__isnull=True)
        .values_list("case_id", "reflection_id", "content_type_id", "object_id")
        .distinct()
        .count()
    )
    return [AttentionItem(_("Reported posts not yet handled"), posts, reverse("cases:moderation_queue"))]
