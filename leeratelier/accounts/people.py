"""People: a member's profile as fellow members see it, and the member directory of an atelier.

Who sees what is decided by ``leeratelier.accounts.policy`` (``can_view_profile``,
``can_view_directory``): a profile is for the people one shares an active atelier with (and
oneself); a signed-out visitor goes to the login page, anyone else gets a plain 404 that names
nothing, for a person who does not exist just the same. URLs carry the user's id only.

Pseudonyms hold: nothing here looks at posts, so a profile never lists what its owner wrote
under a pseudonym, and the directory shows real names only (never a pseudonym beside them).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from leeratelier.core import access
from leeratelier.core.forms import FilterForm
from leeratelier.core.i18n import pages_in_active_language
from leeratelier.core.models import Municipality, Role
from leeratelier.core.views_toolkit import atelier_page

from . import policy
from .views import private

PEOPLE_PER_PAGE = 30


def profile(request, user_id):
    """A fellow member's profile (name, role, organisation, municipality, bio, photo and the
    ateliers in common). Three queries after the session: the person with their profile, their
    ateliers and those ateliers' pages."""
    from leeratelier.ateliers.models import AtelierPage

    if not request.user.is_authenticated:
        return policy.check_profile(request, None)
    person = (
        get_user_model()
        .objects.filter(pk=user_id, is_active=True)
        .select_related("profile", "profile__municipality")
        .first()
    )
    denied = policy.check_profile(request, person)  # 404 for a stranger and a made-up id alike
    if denied:
        return denied
    own = person.pk == request.user.pk
    common = (
        policy.profile_atelier_keys(person)
        if own
        else policy.shared_atelier_keys(request.user, policy.profile_atelier_keys(person))
    )
    ateliers = AtelierPage.objects.live().filter(translation_key__in=list(common)).select_related("locale")
    in_common = list(pages_in_active_language(access.visible_pages(request.user, ateliers)).order_by("title"))
    return private(
        render(
            request,
            "accounts/person.html",
            {
                "person": person,
                "person_profile": getattr(person, "profile", None),
                "ateliers_in_common": in_common,
                "is_me": own,
            },
        )
    )


class DirectoryFilterForm(FilterForm):
    role = forms.ChoiceField(label=_("Role"), required=False)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("All municipalities"),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All roles")), *Role.choices]
        self.fields["municipality"].queryset = municipalities


def directory(request, page_id):
    """The members of one atelier, for its members: filter by role, organisation (part of the
    name) and municipality; paginated. A fixed number of queries, however many members: the
    count and one page of members with their profiles and municipalities joined in, and the
    municipalities of the filter."""
    from leeratelier.ateliers.models import Membership

    if not request.user.is_authenticated:
        return policy.check_directory(request, None)
    atelier = atelier_page(page_id)
    denied = policy.check_directory(request, atelier)
    if denied:
        return denied
    memberships = (
        Membership.objects.active()
        .of_atelier(atelier)
        .exclude(suspended_at__isnull=False, suspension_blocks_reading=True)
        .filter(user__is_active=True, user__profile__listed_in_directory=True)
    )
    municipalities = Municipality.objects.filter(
        pk__in=memberships.exclude(user__profile__municipality=None).values("user__profile__municipality")
    )
    form = DirectoryFilterForm(request.GET or None, municipalities=municipalities)
    if form.is_valid():
        if form.cleaned_data["role"]:
            memberships = memberships.filter(user__profile__role=form.cleaned_data["role"])
        if form.cleaned_data["organisation"].strip():
            memberships = memberships.filter(
                user__profile__organisation__icontains=form.cleaned_data["organisation"].strip()
            )
        if form.cleaned_data["municipality"]:
            memberships = memberships.filter(user__profile__municipality=form.cleaned_data["municipality"])
    memberships = memberships.select_related("user", "user__profile", "user__profile__municipality").order_by(
        "user__last_name", "user__first_name", "pk"
    )
    page_obj = Paginator(memberships, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return private(
        render(
            request,
            "accounts/directory.html",
            {
                "atelier": atelier.localized,
                "filter_form": form,
                "page_obj": page_obj,
                "members": list(page_obj.object_list),
                "filtered": form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
            },
        )
    )
