"""The admin side of people's privacy: the audit log, for site admins only.

The log lives in core (``leeratelier.core.audit``); its admin view is registered here, with the
other privacy screens of the accounts app. It is read-only for everyone: its permission policy
grants only "view", and only to active superusers (site admins). Coordinators and editors, who
do have admin access, get the admin's "permission denied" instead.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from leeratelier.core.models import AuditEvent


class SiteAdminsMayReadPolicy(BasePermissionPolicy):
    """View for site admins; add, change and delete for nobody."""

    def user_has_permission(self, user, action):
        return action in ("view", "inspect") and user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        if not {"view", "inspect"} & set(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = _("Audit log")
    menu_name = "audit-log"
    add_to_admin_menu = False  # under Reports, see register_audit_log_menu_item
    url_prefix = "audit-log"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        DateColumn("created_at", label=_("When")),
        "action",
        Column("actor_display", label=_("By")),
        "target_type",
        "target_id",
        "atelier_key",
    ]
    list_filter = ["action", "created_at"]
    list_export = ["created_at", "action", "actor_label", "target_type", "target_id", "atelier_key", "details"]
    inspect_view_fields = ["created_at", "action", "actor_label", "target_type", "target_id", "atelier_key", "details"]
    search_fields = None
    # The add and edit views exist (ModelViewSet makes them) but the policy refuses them.
    form_fields = ["action"]

    permission_policy = SiteAdminsMayReadPolicy(AuditEvent)

    def get_index_view_kwargs(self, **kwargs):
        # The "By" column reads each event's actor: one join instead of a query per row.
        return super().get_index_view_kwargs(queryset=AuditEvent.objects.select_related("actor"), **kwargs)


register_permission_policy(AuditEvent, AuditEventViewSet.permission_policy)
audit_event_viewset = AuditEventViewSet("audit_log")


@hooks.register("register_admin_viewset")
def register_audit_log():
    return audit_event_viewset


@hooks.register("register_reports_menu_item")
def register_audit_log_menu_item():
    from wagtail.admin.menu import MenuItem

    class SiteAdminsOnlyMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.is_superuser

    return SiteAdminsOnlyMenuItem(
        _("Audit log"), audit_event_viewset.menu_url, icon_name="history", name="audit-log", order=1100
    )
