"""The cases component's access policy (case-based reasoning): who may read a case, its
reflections and attachments, and who moderates it. Built on the space's rules in
``leeratelier.core.access``; declared in the app's manifest (``CasesConfig.manifest.policy``).

Site editors get no reading right here: they see a case only through the moderation of a
report. Visibility "members" opens a case to every signed-in platform member.
"""

from dataclasses import dataclass

from django.db.models import Q

from leeratelier.core import access
from leeratelier.core.access import COORDINATOR


def can_view_case(user, case):
    if not user or not user.is_authenticated:
        return False
    if case.visibility == case.Visibility.MEMBERS:
        return True
    return case.atelier_key in access.atelier_roles(user)


def can_moderate_case(user, case):
    return access.atelier_roles(user).get(case.atelier_key) == COORDINATOR


def visible_cases(user, queryset):
    """Restrict a case queryset to what ``user`` may read (none for a visitor)."""
    if not user or not user.is_authenticated:
        return queryset.none()
    return queryset.filter(Q(visibility="members") | Q(atelier_key__in=list(access.atelier_roles(user))))


def audience_in_atelier(user, atelier_key):
    """What ``visible_cases`` reads of a signed-in ``user`` about the cases of one atelier: a
    member of it reads all of them ("atelier"), anyone else only those open to every signed-in
    member ("members"). Readers with the same answer see the same cases of that atelier, so a
    list of them kept in the cache may be shared between them (cases.library)."""
    return "atelier" if atelier_key in access.atelier_roles(user) else "members"


def countable_cases(user, queryset):
    """The cases a public page (a method, a practice) may count for ``user``: never one of a
    hidden atelier the user may not see, unless the user may read that very case. Titles are
    another matter: only ``visible_cases`` may be named."""
    outside_hidden = ~Q(atelier_key__in=list(access.hidden_atelier_keys(user)))
    if not user or not user.is_authenticated:
        return queryset.filter(outside_hidden)
    readable = Q(visibility="members") | Q(atelier_key__in=list(access.atelier_roles(user)))
    return queryset.filter(outside_hidden | readable)


def visible_reflections(user, queryset):
    """Restrict a reflection queryset to those on cases ``user`` may read (none for a visitor),
    through a join on the case in the same query (the case search starts from the reflections'
    own full-text index and checks each match's case here)."""
    if not user or not user.is_authenticated:
        return queryset.none()
    return queryset.filter(Q(case__visibility="members") | Q(case__atelier_key__in=list(access.atelier_roles(user))))


def check_case(request, case):
    """Like check_page: None when the case may be shown, else the login page or a 404."""
    return access.answer(request, can_view_case(request.user, case))


@dataclass(frozen=True)
class CaseAccess:
    """What one reader may do with one case, answered once per request by ``for_reader``: the
    case page and its template read it instead of asking the rules above again."""

    may_view: bool
    may_moderate: bool  # the atelier's coordinators: hide, restore, approve the public summary
    may_reflect: bool  # reflect and reply: a reader of the open case not suspended in its atelier
    is_author: bool


def for_reader(user, case):
    """The reader's ``CaseAccess`` to ``case``: no query beyond the reader's roles and
    suspensions, loaded once per request."""
    may_view = can_view_case(user, case)
    signed_in = bool(user and user.is_authenticated)
    return CaseAccess(
        may_view=may_view,
        may_moderate=signed_in and can_moderate_case(user, case),
        may_reflect=may_view and not case.is_removed and case.atelier_key not in access.suspended_in(user),
        is_author=signed_in and case.author_id == user.pk,
    )


# ``access.can(user, action, obj)`` for a case (asked where the cases app may not be imported).
ACTIONS = {"cases.case": {"view": can_view_case, "moderate": can_moderate_case}}


# What these rules answer each kind of reader, as the pages that ask them answer (``access.answers``;
# the defaults: an object of a hidden atelier its members and coordinators read). The permission
# table (tests/hardening/test_permission_table.py) builds its rows for this component from it, and
# checks that every function above is named in a row.
PERMISSIONS = {
    ("case", "view"): access.answers(
        ("can_view_case", "check_case", "visible_cases", "audience_in_atelier", "visible_reflections", "for_reader")
    ),
    # approving a public summary: a member is refused with a message, the coordinator approves;
    # both go back to the case
    ("case", "moderate"): access.answers(("can_moderate_case",), member=("to", "/case/"), coordinator=("to", "/case/")),
    # a public page (a method, a practice) counts a hidden atelier's case for nobody outside it, but
    # is shown to all (the counts: test_the_chain_never_reveals_or_counts_a_hidden_case)
    ("case", "count on a public page"): access.answers(("countable_cases",), **access.EVERYONE),
}
