"""The core's part of the Wagtail admin.

- "Vocabularies": themes, werkplaatsen and municipalities (and what components add through the
  ``register_vocabulary_menu_item`` hook), kept by editors with Django's model permissions;
  see leeratelier.core.vocabulary_admin.
- Reports > "Email outbox" and "Background tasks": read-only, for site admins (superusers) only,
  because the outbox holds people's email addresses. "Retry now" on a failed email is a POST.
- The dashboard panel "Needs attention", for editors and admins; its lines come from the
  ``register_attention_items`` hook (each app adds its own; see attention_panel below).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django_q.models import Failure
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import operations, outbox
from .models import Municipality, OutboxEmail, Theme, Werkplaats
from .operations import AttentionItem
from .vocabulary_admin import VOCABULARY_MENU_HOOK, VocabularyViewSet, refuse_deleting_used_entries

# --- Vocabularies --------------------------------------------------------------------------------

vocabulary_menu = Menu(register_hook_name=VOCABULARY_MENU_HOOK, construct_hook_name="construct_vocabulary_menu")


@hooks.register("register_admin_menu_item")
def register_vocabulary_menu():
    # Shown only when one of its items is (Django's model permissions): not to coordinators.
    return SubmenuMenuItem(_("Vocabularies"), vocabulary_menu, icon_name="tag", name="vocabularies", order=250)


hooks.register("before_delete_snippet", refuse_deleting_used_entries)


class ThemeViewSet(VocabularyViewSet):
    """Themes are translatable: the listing has a language filter and wagtail-localize's
    "Translate" action, so the English site shows English theme names."""

    model = Theme
    icon = "tag"
    menu_label = gettext_lazy("Themes")
    menu_order = 100
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    inspect_view_fields = ["name", "slug", "description", "locale"]


class WerkplaatsViewSet(VocabularyViewSet):
    model = Werkplaats
    icon = "group"
    menu_label = gettext_lazy("Werkplaatsen")
    menu_order = 200
    list_display = ["name", "university", "region", "contact_person"]
    list_filter = ["university", "region"]
    search_fields = ["name", "university", "university_name", "region", "contact_person"]
    panels = [
        FieldPanel("name"),
        FieldPanel("university"),
        FieldPanel("university_name"),
        FieldPanel("region"),
        FieldPanel("website"),
        FieldPanel("contact_person"),
        FieldPanel("contact_email"),
    ]
    inspect_view_fields = [
        "name",
        "university",
        "university_name",
        "region",
        "website",
        "contact_person",
        "contact_email",
    ]


class MunicipalityViewSet(VocabularyViewSet):
    """Municipalities merge (on 1 January): the merge action moves every practice to the new
    municipality and retires the old one (Municipality.merge_into). ``merged_into`` is set only
    that way, never typed in the edit form, so nothing is left pointing at a retired name."""

    model = Municipality
    icon = "site"
    menu_label = gettext_lazy("Municipalities")
    menu_order = 300
    list_display = ["name", BooleanColumn("is_active", label=gettext_lazy("Exists today")), "merged_into"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("is_active")]
    inspect_view_fields = ["name", "is_active", "merged_into"]
    merge_enabled = True

    def get_queryset(self, request):
        return Municipality.objects.select_related("merged_into")

    def merge_targets(self, source):
        # Every municipality, so that choosing itself or a merged one gets its own message
        # (Municipality.merge_problem) rather than "not a valid choice".
        return Municipality.objects.all()


for viewset in (ThemeViewSet, WerkplaatsViewSet, MunicipalityViewSet):
    register_snippet(viewset)


# --- Reports: the email outbox and background tasks (site admins only) ----------------------------


class SiteAdminsMayReadPolicy(BasePermissionPolicy):
    """View for active superusers (site admins); add, change and delete for nobody. The
    "retry now" action checks ``is_site_admin`` itself."""

    def user_has_permission(self, user, action):
        return action in ("view", "inspect") and is_site_admin(user)

    def users_with_any_permission(self, actions):
        if not {"view", "inspect"} & set(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


def is_site_admin(user):
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


class OutboxViewSet(ModelViewSet):
    """The email outbox as the sender sees it, never the message itself (it is rendered only at
    send time, from ids)."""

    model = OutboxEmail
    icon = "mail"
    menu_label = gettext_lazy("Email outbox")
    add_to_admin_menu = False  # under Reports
    url_prefix = "email-outbox"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        Column("kind", label=gettext_lazy("Kind")),
        "recipient",
        "status",
        "attempts",
        Column(
            "last_error_excerpt",
            label=gettext_lazy("Last error"),
            accessor=lambda email: Truncator(email.last_error).chars(80),
        ),
        DateColumn("created_at", label=gettext_lazy("Created")),
    ]
    list_filter = ["status", "kind"]
    search_fields = ["recipient", "kind"]
    search_backend_name = None
    inspect_view_fields = [
        "kind",
        "recipient",
        "language",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "last_error",
        "created_at",
    ]
    inspect_template_name = "core/admin/outbox_inspect.html"
    form_fields = ["kind"]  # the add and edit views exist, but the policy refuses them
    ordering = ["-created_at"]
    permission_policy = SiteAdminsMayReadPolicy(OutboxEmail)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("retry/<int:pk>/", retry_email, name="retry")]


register_permission_policy(OutboxEmail, OutboxViewSet.permission_policy)
outbox_viewset = OutboxViewSet("email_outbox")


@require_POST
def retry_email(request, pk):
    if not is_site_admin(request.user):
        raise PermissionDenied
    email = get_object_or_404(OutboxEmail, pk=pk)
    if outbox.retry_now(email.pk):
        messages.success(request, _("The email will be sent again in a moment."))
    else:
        messages.warning(request, _("This email has not failed, so there is nothing to retry."))
    return redirect(outbox_viewset.get_url_name("inspect"), email.pk)


class BackgroundTasksView(WagtailAdminTemplateMixin, TemplateView):
    """Failed django-q2 tasks (newest first, paginated) and every schedule with its last and
    next run; a schedule that has not run in twice its interval is marked."""

    template_name = "core/admin/background_tasks.html"
    page_title = gettext_lazy("Background tasks")
    header_icon = "cogs"
    failures_per_page = 25

    def dispatch(self, request, *args, **kwargs):
        if not is_site_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        failures = Failure.objects.only("id", "name", "func", "started", "stopped", "attempt_count", "result")
        page = Paginator(failures.order_by("-stopped"), self.failures_per_page).get_page(self.request.GET.get("p"))
        for failure in page:
            failure.error = Truncator(str(failure.result or "")).chars(300)
        context.update(schedules=operations.schedule_states(), failures=page)
        return context


class SiteAdminsOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return is_site_admin(request.user)


@hooks.register("register_admin_viewset")
def register_outbox():
    return outbox_viewset


@hooks.register("register_admin_urls")
def register_background_tasks_url():
    return [path("background-tasks/", BackgroundTasksView.as_view(), name="background_tasks")]


@hooks.register("register_reports_menu_item")
def register_outbox_menu_item():
    return SiteAdminsOnlyMenuItem(
        _("Email outbox"), outbox_viewset.menu_url, icon_name="mail", name="email-outbox", order=1200
    )


@hooks.register("register_reports_menu_item")
def register_background_tasks_menu_item():
    return SiteAdminsOnlyMenuItem(
        _("Background tasks"), reverse("background_tasks"), icon_name="cogs", name="background-tasks", order=1300
    )


# --- The dashboard panel "Needs attention" -------------------------------------------------------


@hooks.register("register_attention_items")
def operations_attention(request):
    """Failed emails and stopped schedules: for site admins (the outbox holds addresses)."""
    if not is_site_admin(request.user):
        return None
    overdue = operations.overdue_schedules()
    return [
        AttentionItem(
            _("Emails that could not be sent"),
            operations.failed_email_count(),
            outbox_viewset.menu_url + "?status=failed",
        ),
        AttentionItem(
            _("Schedules that have not run in twice their interval"), len(overdue), reverse("background_tasks")
        ),
    ]


class AttentionPanel(Component):
    name = "needs_attention"
    template_name = "core/admin/attention_panel.html"
    order = 50

    def __init__(self, groups):
        self.items = [item for group in groups for item in group]

    def get_context_data(self, parent_context):
        return {"items": [item for item in self.items if item.count], "checked": len(self.items)}


@hooks.register("construct_homepage_panels")
def attention_panel(request, panels):
    """Each ``register_attention_items`` hook returns a list of AttentionItems, or None when the
    user may not know about that kind of thing. No list for anyone (a coordinator): no panel."""
    groups = [group for hook in hooks.get_hooks("register_attention_items") if (group := hook(request)) is not None]
    if groups:
        panels.append(AttentionPanel(groups))
