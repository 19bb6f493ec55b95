"""The learning cycles' access policy: cycles, their loops, contributions and value scores, and
the narrative reports. Declared in the app's manifest (``CyclesConfig.manifest.policy``); built on
the space's rules in ``leeratelier.core.access``.

A cycle and a report carry ``atelier_key``; a cycle carries ``facilitator_id``. Site editors get
no right here: a cycle is the atelier's working material, for its members only.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from leeratelier.cases import policy as case_policy
from leeratelier.core import access
from leeratelier.core.access import COORDINATOR


def can_view_cycle(user, cycle):
    """Members (and coordinators) of the cycle's atelier read it."""
    return bool(user and user.is_authenticated) and cycle.atelier_key in access.atelier_roles(user)


def can_facilitate_cycle(user, cycle):
    """The atelier's coordinators, and the member appointed as the cycle's facilitator while
    they are still a member."""
    role = access.atelier_roles(user).get(cycle.atelier_key) if user and user.is_authenticated else None
    if role == COORDINATOR:
        return True
    return role is not None and cycle.facilitator_id is not None and cycle.facilitator_id == user.pk


def cycle_participant(user, cycle):
    """The user's Participant row in the cycle, or None; one query, cached on the cycle."""
    if not user or not user.is_authenticated:
        return None
    cache = cycle.__dict__.setdefault("_participant_of", {})
    if user.pk not in cache:
        cache[user.pk] = cycle.participants.filter(user=user).first()
    return cache[user.pk]


def can_contribute_to_cycle(user, cycle):
    """Members who joined the cycle contribute, while the cycle runs (and they are not
    suspended in its atelier)."""
    return (
        can_view_cycle(user, cycle)
        and not cycle.closed_at
        and access.can_post_in(user, cycle.atelier_key)
        and cycle_participant(user, cycle) is not None
    )


def can_join_cycle(user, cycle):
    return (
        can_view_cycle(user, cycle)
        and not cycle.closed_at
        and access.can_post_in(user, cycle.atelier_key)
        and cycle_participant(user, cycle) is None
    )


def can_start_cycle(user, atelier):
    """Coordinators start cycles in their atelier."""
    key = getattr(atelier, "translation_key", atelier)
    return bool(user and user.is_authenticated) and access.atelier_roles(user).get(key) == COORDINATOR


def visible_cycles(user, queryset):
    """Restrict a cycle queryset (or anything with an ``atelier_key``) to the user's ateliers."""
    if not user or not user.is_authenticated:
        return queryset.none()
    return queryset.filter(atelier_key__in=list(access.atelier_roles(user)))


def check_cycle(request, cycle):
    """None when the cycle may be shown, else the login page (visitor) or a plain 404."""
    return access.answer(request, can_view_cycle(request.user, cycle))


def can_compose_report(user, atelier_key):
    return bool(user and user.is_authenticated) and access.atelier_roles(user).get(atelier_key) == COORDINATOR


def can_view_report(user, report):
    """Published public reports: anyone. Published private reports: the atelier's members.
    Drafts and withdrawn reports: the atelier's coordinators."""
    if report.status == "published":
        if report.visibility == "public":
            return True
        return bool(user and user.is_authenticated) and report.atelier_key in access.atelier_roles(user)
    return can_compose_report(user, report.atelier_key)


def visible_reports(user, queryset):
    """Restrict a narrative-report queryset to what ``user`` may read among the published ones:
    public reports for anyone, private ones for the atelier's members (drafts and withdrawn
    reports are for their coordinators, on the atelier's own pages, and are never listed)."""
    published = queryset.filter(status="published")
    if not user or not user.is_authenticated:
        return published.filter(visibility="public")
    return published.filter(Q(visibility="public") | Q(atelier_key__in=list(access.atelier_roles(user))))


def check_report(request, report):
    return access.answer(request, can_view_report(request.user, report))


# --- one answer per request ----------------------------------------------------------------------


@dataclass(frozen=True)
class CycleAccess:
    """What one reader may do with one cycle, answered once per request by ``for_reader``: the
    cycle's views and templates read it instead of asking the rules above again and again."""

    may_view: bool
    may_facilitate: bool
    may_contribute: bool
    may_join: bool
    may_compose: bool  # a narrative report over the cycle's atelier
    participant: object = None  # the reader's Participant row in the cycle, or None
    reader: object = field(default=None, repr=False, compare=False)

    def reads_case(self, case):
        """Whether the reader may read a case a contribution links to (the cases policy's rule;
        no query: the reader's roles are already loaded)."""
        return bool(case) and case_policy.can_view_case(self.reader, case)


def for_reader(user, cycle):
    """The reader's ``CycleAccess`` to ``cycle``: at most the two queries the rules make anyway
    (the reader's roles, once per request, and their Participant row, only when they may read the
    cycle)."""
    may_view = can_view_cycle(user, cycle)
    return CycleAccess(
        may_view=may_view,
        may_facilitate=can_facilitate_cycle(user, cycle),
        may_contribute=may_view and can_contribute_to_cycle(user, cycle),
        may_join=may_view and can_join_cycle(user, cycle),
        may_compose=can_compose_report(user, cycle.atelier_key),
        participant=cycle_participant(user, cycle) if may_view else None,
        reader=user,
    )


# ``access.can(user, action, obj)`` for a cycle or a report (asked where the cycles app may not be
# imported: the notifications of the leeratelier apps).
ACTIONS = {
    "cycles.learningcycle": {
        "view": can_view_cycle,
        "facilitate": can_facilitate_cycle,
        "contribute": can_contribute_to_cycle,
        "join": can_join_cycle,
    },
    "cycles.narrativereport": {"view": can_view_report},
}


# What these rules answer each kind of reader, as the pages that ask them answer (``access.answers``;
# the defaults: an object of a hidden atelier its members and coordinators read). The permission
# table (tests/hardening/test_permission_table.py) builds its rows for this component from it, and
# checks that every function above is named in a row.
PERMISSIONS = {
    ("cycle", "view"): access.answers(
        ("can_view_cycle", "check_cycle", "visible_cycles", "cycle_participant", "for_reader")
    ),
    ("cycle", "join"): access.answers(("can_join_cycle",), member=("to", "/"), coordinator=("to", "/")),
    # the phase's contribution form, sent empty: a participant gets it back with its errors
    ("cycle", "contribute"): access.answers(("can_contribute_to_cycle",)),
    ("cycle", "facilitate"): access.answers(("can_facilitate_cycle",), member=404),
    ("cycle", "start"): access.answers(("can_start_cycle",), member=404),
    ("report", "compose"): access.answers(("can_compose_report",), member=404),
    ("report", "view private"): access.answers(("can_view_report", "check_report", "visible_reports")),
    ("report", "view public"): access.answers(
        ("can_view_report", "check_report", "visible_reports"), **access.EVERYONE
    ),
}
