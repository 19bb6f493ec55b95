"""The shared vocabulary in the Wagtail admin: one menu group ("Vocabularies"), an inspect view
that says what uses each entry, a merge action, and no deleting an entry that is in use.

Each vocabulary's ``VocabularyViewSet`` registers its menu item under the
``register_vocabulary_menu_item`` hook, which the group in ``core/wagtail_hooks.py`` collects, so a
component (the pioneers' working ingredients) adds its vocabulary without the core naming it.
Permissions are Django's own model permissions (add, change, delete, view), which is what the
"Editors" group is given; merging needs "change" (and "delete" where the merged entry goes).
"""

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from . import references

VOCABULARY_MENU_HOOK = "register_vocabulary_menu_item"

# Every model kept through a VocabularyViewSet: the delete hook refuses entries in use.
vocabulary_models = set()


class VocabularyInspectView(InspectView):
    template_name = "core/admin/vocabulary_inspect.html"
    merge_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["usages"] = references.usage(self.object)
        if self.merge_url_name and self.permission_policy.user_has_permission(self.request.user, "change"):
            context["merge_url"] = reverse(self.merge_url_name, args=[quote(self.object.pk)])
        return context


class VocabularyIndexView(IndexView):
    merge_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.merge_url_name and self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                MenuItem(
                    _("Merge into another"),
                    url=reverse(self.merge_url_name, args=[quote(instance.pk)]),
                    icon_name="resubmit",
                    priority=25,
                )
            )
        return buttons


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("Merge into"), empty_label=gettext_lazy("Choose an entry")
    )

    def __init__(self, *args, source, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["target"].queryset = queryset

    def clean_target(self):
        target = self.cleaned_data["target"]
        problem = self.source.merge_problem(target) if hasattr(self.source, "merge_problem") else None
        if problem is None and target.pk == self.source.pk:
            problem = _("An entry cannot be merged into itself.")
        if problem:
            raise forms.ValidationError(problem)
        return target


class MergeView(WagtailAdminTemplateMixin, FormView):
    """Choose what ``source`` merges into; POST merges (``source.merge_into(target)``)."""

    template_name = "core/admin/merge.html"
    form_class = MergeForm
    header_icon = "resubmit"
    model = None
    permission_policy = None
    required_permissions = ("change",)
    index_url_name = None
    inspect_url_name = None
    target_queryset = None

    def dispatch(self, request, *args, **kwargs):
        if not all(
            self.permission_policy.user_has_permission(request.user, action) for action in self.required_permissions
        ):
            raise PermissionDenied
        self.source = get_object_or_404(self.model, pk=unquote(str(kwargs["pk"])))
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Merge %(name)s") % {"name": self.source}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": self.model._meta.verbose_name_plural.capitalize()},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        queryset = self.target_queryset(self.source) if self.target_queryset else self.model._default_manager.all()
        return {**super().get_form_kwargs(), "source": self.source, "queryset": queryset}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            source=self.source, usages=references.usage(self.source), cancel_url=reverse(self.index_url_name)
        )
        return context

    def form_valid(self, form):
        target = form.cleaned_data["target"]
        name = str(self.source)
        try:
            moved = self.source.merge_into(target)
        except ValueError as problem:  # the model's own refusal, e.g. a merge made meanwhile
            form.add_error("target", str(problem))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s was merged into %(target)s; %(count)s references moved.")
            % {"name": name, "target": target, "count": moved},
        )
        return redirect(self.inspect_url_name, quote(target.pk))


class VocabularyViewSet(SnippetViewSet):
    """A SnippetViewSet for one vocabulary: listed in the "Vocabularies" group, searched in the
    database (no search index to keep up to date), with the "what uses this" inspect view.
    Set ``merge_enabled`` (the model then has ``merge_into(target)``) for the merge action."""

    add_to_admin_menu = False
    menu_hook = VOCABULARY_MENU_HOOK
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    index_view_class = VocabularyIndexView
    inspect_view_class = VocabularyInspectView
    merge_enabled = False
    merge_permissions = ("change",)

    def on_register(self):
        super().on_register()
        vocabulary_models.add(self.model)

    def merge_targets(self, source):
        return self.model._default_manager.exclude(pk=source.pk)

    def _merge_url_name(self):
        return self.get_url_name("merge") if self.merge_enabled else None

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(merge_url_name=self._merge_url_name(), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(merge_url_name=self._merge_url_name(), **kwargs)

    @property
    def merge_view(self):
        view = MergeView.as_view(
            model=self.model,
            permission_policy=self.permission_policy,
            required_permissions=self.merge_permissions,
            index_url_name=self.get_url_name("list"),
            inspect_url_name=self.get_url_name("inspect"),
            target_queryset=self.merge_targets,
            breadcrumbs_items=self.breadcrumbs_items,
        )
        return require_http_methods(["GET", "POST"])(view)

    def get_urlpatterns(self):
        urlpatterns = super().get_urlpatterns()
        if self.merge_enabled:
            urlpatterns.append(path(f"merge/<{self.pk_path_converter}:pk>/", self.merge_view, name="merge"))
        return urlpatterns


def refuse_deleting_used_entries(request, instances):
    """The ``before_delete_snippet`` hook: an entry something still uses is not deleted (its
    pages would silently lose a theme or a municipality); the editor is told what uses it."""
    used = [obj for obj in instances if type(obj) in vocabulary_models and references.is_used(obj)]
    if not used:
        return None
    for obj in used:
        counts = ", ".join(f"{usage.count} {usage.label}" for usage in references.usage(obj))
        messages.error(
            request,
            _(
                "%(name)s is still in use (%(counts)s), so it cannot be deleted. Remove it there first, "
                "or merge it into another entry."
            )
            % {"name": obj, "counts": counts},
        )
    model = type(used[0])
    return redirect(reverse(f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:list"))
