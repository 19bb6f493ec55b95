"""Finding practices: the registry's filters and full-text search, related practices and the
working-ingredients overview. Every list starts from ``policy.visible_practices``; a page of
results costs the same number of queries however many practices there are."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from leeratelier.core.forms import FilterForm
from leeratelier.core.i18n import active_language_code
from leeratelier.core.models import Municipality, Role, Theme, Werkplaats
from leeratelier.toolbox.models import MethodPage
from search.views import clean_query

from . import policy
from .models import Ingredient, Maturity, PracticeIngredient, PracticePage, Principle

PRACTICES_PER_PAGE = 12


def published_practices(user=None):
    return policy.visible_practices(user, PracticePage.objects.all())


def with_row_data(queryset):
    """What a row shows, loaded with a fixed number of queries."""
    return queryset.select_related("municipality", "werkplaats", "locale").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name"))
    )


class RegistryFilterForm(FilterForm):
    q = forms.CharField(label=_("Search in the practices"), required=False, max_length=200)
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        label=_("Theme"),
        empty_label=_("All themes"),
        to_field_name="slug",
    )
    werkplaats = forms.ModelChoiceField(
        queryset=Werkplaats.objects.all(), required=False, label=_("Werkplaats"), empty_label=_("All werkplaatsen")
    )
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(),
        required=False,
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )
    principle = forms.ChoiceField(
        label=_("Co-creation principle"), required=False, choices=[("", _("All principles"))] + Principle.choices
    )
    method = forms.ModelChoiceField(
        queryset=MethodPage.objects.none(),
        required=False,
        label=_("Method"),
        empty_label=_("All methods"),
        to_field_name="slug",
    )
    role = forms.ChoiceField(
        label=_("Who is at the table"), required=False, choices=[("", _("All roles"))] + Role.choices
    )
    maturity = forms.ChoiceField(
        label=_("Maturity"), required=False, choices=[("", _("Any maturity"))] + Maturity.choices
    )
    ingredient = forms.ModelChoiceField(
        queryset=Ingredient.objects.all(),
        required=False,
        label=_("Working ingredient"),
        empty_label=_("All ingredients"),
        to_field_name="slug",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(locale__language_code=active_language_code()).order_by(
            "name"
        )
        # Only municipalities with a published practice: a list of 340 names helps nobody.
        self.fields["municipality"].queryset = (
            Municipality.objects.filter(practices__in=published_practices()).distinct().order_by("name")
        )
        self.fields["method"].queryset = (
            MethodPage.objects.live().filter(locale__language_code=active_language_code()).order_by("title")
        )

    def filter(self, queryset):
        data = self.cleaned_data
        if data["theme"]:
            # A subquery on the translation key: a practice may carry either language's theme.
            themed = PracticePage.themes.through.objects.filter(theme__translation_key=data["theme"].translation_key)
            queryset = queryset.filter(pk__in=themed.values("practicepage_id"))
        if data["werkplaats"]:
            queryset = queryset.filter(werkplaats=data["werkplaats"])
        if data["municipality"]:
            queryset = queryset.filter(municipality=data["municipality"])
        if data["principle"]:
            queryset = queryset.exclude(**{f"{data['principle']}_how": ""})
        if data["method"]:
            used = PracticePage.methods.through.objects.filter(
                methodpage__translation_key=data["method"].translation_key
            )
            queryset = queryset.filter(pk__in=used.values("practicepage_id"))
        if data["role"]:
            queryset = queryset.filter(roles__contains=data["role"])
        if data["maturity"]:
            queryset = queryset.filter(maturity=data["maturity"])
        if data["ingredient"]:
            tagged = PracticeIngredient.objects.filter(tag=data["ingredient"])
            queryset = queryset.filter(pk__in=tagged.values("content_object_id"))
        query = clean_query(data["q"])
        if query:
            found = get_search_backend().search(query, published_practices(), operator="and")
            queryset = queryset.filter(pk__in=[page.pk for page in found])
        return queryset


def registry_practices(user, form=None):
    practices = published_practices(user)
    if form is not None:
        practices = form.filter(practices)
    return with_row_data(practices).order_by("title", "pk")


def registry_context(request, index):
    form = RegistryFilterForm(request.GET or None)
    filtered = form.is_bound and any(value for key, value in request.GET.items() if key != "page")
    if form.is_bound and not form.is_valid():
        practices = PracticePage.objects.none()
    else:
        practices = registry_practices(request.user, form if form.is_bound else None)
    page_obj = Paginator(practices, PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    return {"filter_form": form, "page_obj": page_obj, "practices": list(page_obj.object_list), "filtered": filtered}


def related_practices(practice, limit=4):
    """Live practices sharing methods, working ingredients or themes with ``practice``, the most
    shared first: three small queries, whatever the size of the registry."""
    candidates = published_practices().exclude(pk=practice.pk)
    method_keys = [m.translation_key for m in practice.methods.all()]
    tag_ids = [tag.pk for tag in practice.ingredients.all()]
    theme_keys = [t.translation_key for t in practice.themes.all()]
    if not (method_keys or tag_ids or theme_keys):
        return []
    shared = (
        Count("methods", filter=Q(methods__translation_key__in=method_keys), distinct=True)
        + Count("tagged_ingredients", filter=Q(tagged_ingredients__tag_id__in=tag_ids), distinct=True)
        + Count("themes", filter=Q(themes__translation_key__in=theme_keys), distinct=True)
    )
    return list(
        candidates.annotate(shared=shared)
        .filter(shared__gt=0)
        .select_related("municipality")
        .order_by("-shared", "title")[:limit]
    )


def ingredient_counts():
    """Each working ingredient named by a published practice, with how many name it."""
    live = published_practices().values("pk")
    return (
        Ingredient.objects.annotate(
            practice_count=Count("tagged_practices", filter=Q(tagged_practices__content_object__in=live), distinct=True)
        )
        .filter(practice_count__gt=0)
        .order_by("-practice_count", "name")
    )
