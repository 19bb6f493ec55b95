"""The cases' line on the admin dashboard's "Needs attention" panel: reported posts nobody has
looked at yet. Only a count: coordinators handle reports on the site, and the admin shows no
case text (see the visibility table)."""

from django.utils.translation import gettext as _
from wagtail import hooks

from leeratelier.core import access
from leeratelier.core.operations import AttentionItem

from .models import Report


@hooks.register("register_attention_items")
def open_reports(request):
    if not access.is_editor(request.user):
        return None
    return [AttentionItem(_("Reported posts not yet handled"), Report.objects.filter(resolved_at__isnull=True).count())]
