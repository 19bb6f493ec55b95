"""The one access function: who may see and do what (the table in DOMAIN.md, "Who may see and
do what"). Every page view (through the ``before_serve_page`` hook), list, search tab, feed,
sitemap, export and email asks here; nothing else decides visibility.

Vocabulary:
- visitor: not signed in. Private things send them to the login page.
- signed in, not a member: private things answer a plain 404 that names nothing.
- member / coordinator of an atelier: an active Membership with that role.
- site editor: a member of the "Editors" group, or an admin (a superuser). Editors keep the
  public site (pages, vocabulary, settings), create ateliers and appoint their first
  coordinator, and handle reports of posts; they get no reading right inside an atelier.
- admin: a superuser, who may read everything (``role_in`` answers "editor" for them).

Ateliers are identified by their pages' ``translation_key``, which the Dutch and English
versions share; a person's roles are loaded once per request and kept on the user object.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

VISITOR, SIGNED_IN, MEMBER, COORDINATOR, EDITOR = "visitor", "signed_in", "member", "coordinator", "editor"


class Space:
    """The space every component lives in: the atelier page model and the membership model. The
    ateliers app names them when it is ready (``use_space`` in its AppConfig), so this module, like
    the rest of the core, imports no app."""

    atelier = None
    membership = None


space = Space()


def use_space(atelier_model, membership_model):
    space.atelier, space.membership = atelier_model, membership_model


EDITORS_GROUP = "Editors"  # the Wagtail group of site editors (the pioneers' moderation workflow too)


def is_admin(user):
    """A superuser: every right of the table, reading inside every atelier included."""
    return bool(user and user.is_authenticated and user.is_superuser)


def is_editor(user):
    """A site editor (the table's last column): an admin, or an active member of the Editors
    group. The group is looked up once per request. This gives no reading right inside an
    atelier: ``role_in`` and the hidden ateliers ask ``is_admin``."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if is_admin(user):
        return True
    cached = getattr(user, "_in_editors_group", None)
    if cached is None:
        cached = user._in_editors_group = user.groups.filter(name=EDITORS_GROUP).exists()
    return cached


ADMIN_LINK_SECONDS = 600


def may_use_admin(user):
    """Whether the header shows the "Beheer" link: Wagtail's ``access_admin`` (coordinators through
    their atelier's group, editors, moderators, admins). Django reads permissions with two queries
    per request; the answer is kept in the cache under the person's atelier roles, so becoming or
    ceasing to be a coordinator shows at once, and a change of Wagtail groups within ten minutes.
    The admin checks the permission itself on every request: this only decides the link."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    import hashlib

    from django.core.cache import cache

    roles = ",".join(
        f"{key}:{role}" for key, role in sorted(atelier_roles(user).items(), key=lambda item: str(item[0]))
    )
    key = f"admin-link:{user.pk}:{hashlib.sha1(roles.encode()).hexdigest()[:16]}"
    allowed = cache.get(key)
    if allowed is None:
        allowed = user.has_perm("wagtailadmin.access_admin")
        cache.set(key, allowed, ADMIN_LINK_SECONDS)
    return allowed


def atelier_roles(user):
    """{atelier translation_key: "member" | "coordinator"} for the user's active memberships,
    loaded with one query and cached on the user object for the rest of the request. A member
    suspended without reading is left out: for reading they are no member at all."""
    if not user or not user.is_authenticated:
        return {}
    cached = getattr(user, "_atelier_roles", None)
    if cached is None:
        rows = (
            space.membership.objects.active()
            .filter(user=user)
            .values_list("atelier_key", "role", "suspended_at", "suspension_blocks_reading", "decided_at")
        )
        cached, suspended, joined = {}, set(), {}
        for key, role, suspended_at, blocks_reading, decided_at in rows:
            if suspended_at is not None:
                suspended.add(key)
                if blocks_reading:
                    continue
            cached[key] = role
            joined[key] = decided_at
        user._atelier_roles, user._suspended_in, user._joined_at = cached, frozenset(suspended), joined
    return cached


def suspended_in(user):
    """The ateliers (translation keys) in which a coordinator suspended the user."""
    if not user or not user.is_authenticated:
        return frozenset()
    atelier_roles(user)
    return user._suspended_in


def can_post_in(user, atelier):
    """Whether the user may write in an atelier (cases, reflections, cycle contributions,
    scores): a member who is not suspended there. Every service that posts asks this."""
    key = getattr(atelier, "translation_key", atelier)
    return key in atelier_roles(user) and key not in suspended_in(user)


def joined_since(user, since):
    """The ateliers (translation keys) the user became a member of at or after ``since``."""
    atelier_roles(user)
    return {key for key, at in getattr(user, "_joined_at", {}).items() if at is not None and at >= since}


def forget_roles(user):
    """Call after changing someone's memberships within the same request."""
    if user is not None and hasattr(user, "_atelier_roles"):
        del user._atelier_roles
    if user is not None and hasattr(user, "_hidden_paths"):
        del user._hidden_paths


def role_in(user, atelier):
    """The user's role in an atelier (an AtelierPage of either language, or its key)."""
    if not user or not user.is_authenticated:
        return VISITOR
    if is_admin(user):
        return EDITOR
    key = getattr(atelier, "translation_key", atelier)
    return atelier_roles(user).get(key, SIGNED_IN)


def is_member(user, atelier):
    return role_in(user, atelier) in (MEMBER, COORDINATOR, EDITOR)


def is_coordinator(user, atelier):
    return role_in(user, atelier) in (COORDINATOR, EDITOR)


def atelier_of(page):
    """The atelier a page belongs to (the page itself, or its nearest atelier ancestor)."""
    AtelierPage = space.atelier

    if isinstance(page, AtelierPage):
        return page
    if page.depth < 4:  # root, home, the atelier index: never inside an atelier
        return None
    return AtelierPage.objects.ancestor_of(page).first()


def can_view_page(user, page):
    atelier = atelier_of(page)
    if atelier is None or not atelier.is_hidden:
        return True
    return is_member(user, atelier)


def check_page(request, page):
    """For the before_serve_page hook: None when the page may be shown, else the response:
    the login page for a visitor, a plain 404 for a signed-in user without the right."""
    if can_view_page(request.user, page):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def hidden_atelier_paths(user):
    """Tree paths of the hidden ateliers (all language versions) the user may not see."""
    AtelierPage = space.atelier

    if is_admin(user):
        return []
    cached = getattr(user, "_hidden_paths", None) if user is not None else None
    if cached is not None:
        return cached
    hidden = AtelierPage.objects.filter(visibility=AtelierPage.Visibility.HIDDEN)
    keys = [key for key, role in atelier_roles(user).items()]
    paths = list(hidden.exclude(translation_key__in=keys).values_list("path", flat=True))
    if user is not None and user.is_authenticated:
        user._hidden_paths = paths  # for the rest of the request, like the roles
    return paths


def visible_pages(user, queryset):
    """Restrict a page queryset (or a search over one) to what ``user`` may see."""
    from django.db.models import Q

    paths = hidden_atelier_paths(user)
    if not paths:
        return queryset
    inside = Q()
    for path in paths:
        inside |= Q(path__startswith=path)
    return queryset.exclude(inside)


def can(user, action, obj):
    """What a user may do with an atelier or a meeting page. Actions:
    "join" (ask or join), "manage" (members, attendee list, admin pages), "register" (for a
    meeting), "see_online_link" (needs a confirmed registration: see the ateliers services)."""
    atelier = atelier_of(obj)
    if action == "manage":
        return atelier is not None and is_coordinator(user, atelier)
    if action == "join":
        return (
            user.is_authenticated
            and atelier is not None
            and role_in(user, atelier) == SIGNED_IN
            and atelier.join_mode != atelier.JoinMode.INVITATION
        )
    if action == "register":
        return can_view_page(user, obj)
    raise ValueError(f"Unknown action {action!r}")


# --- cases (case-based reasoning) ---------------------------------------------------------------
# Site editors get no reading right here: they see a case only through the moderation of a
# report. Visibility "members" opens a case to every signed-in platform member.


def can_view_case(user, case):
    if not user or not user.is_authenticated:
        return False
    if case.visibility == case.Visibility.MEMBERS:
        return True
    return case.atelier_key in atelier_roles(user)


def can_moderate_case(user, case):
    return atelier_roles(user).get(case.atelier_key) == COORDINATOR


def visible_cases(user, queryset):
    """Restrict a case queryset to what ``user`` may read (none for a visitor)."""
    from django.db.models import Q

    if not user or not user.is_authenticated:
        return queryset.none()
    return queryset.filter(Q(visibility="members") | Q(atelier_key__in=list(atelier_roles(user))))


def hidden_atelier_keys(user):
    """The translation keys of the hidden ateliers ``user`` may not see (none for admins; site
    editors see no hidden atelier, as the visibility table says)."""
    AtelierPage = space.atelier

    if is_admin(user):
        return set()
    hidden = AtelierPage.objects.filter(visibility=AtelierPage.Visibility.HIDDEN).values_list(
        "translation_key", flat=True
    )
    return set(hidden) - set(atelier_roles(user))


def countable_cases(user, queryset):
    """The cases a public page (a method, a practice) may count for ``user``: never one of a
    hidden atelier the user may not see, unless the user may read that very case. Titles are
    another matter: only ``visible_cases`` may be named."""
    from django.db.models import Q

    outside_hidden = ~Q(atelier_key__in=list(hidden_atelier_keys(user)))
    if not user or not user.is_authenticated:
        return queryset.filter(outside_hidden)
    readable = Q(visibility="members") | Q(atelier_key__in=list(atelier_roles(user)))
    return queryset.filter(outside_hidden | readable)


def visible_reflections(user, queryset):
    """Restrict a reflection queryset to those on cases ``user`` may read (none for a visitor),
    through a join on the case in the same query (the case search starts from the reflections'
    own full-text index and checks each match's case here)."""
    from django.db.models import Q

    if not user or not user.is_authenticated:
        return queryset.none()
    return queryset.filter(Q(case__visibility="members") | Q(case__atelier_key__in=list(atelier_roles(user))))


def check_case(request, case):
    """Like check_page: None when the case may be shown, else the login page or a 404."""
    if can_view_case(request.user, case):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


# --- pioneer practices (the registry) -----------------------------------------------------------
# A published practice is public. Before approval a practice is seen only by its submitter,
# through the private link (a signed token, checked in leeratelier.pioneers.views), and by
# editors in the Wagtail admin; the registry, its search tab and the sitemap list live pages only.


def visible_practices(user, queryset):
    """Restrict a PracticePage queryset (or a search over one) to the published practices."""
    return queryset.live().public()


# --- toolbox: members' experiences with a method ------------------------------------------------
# Method pages and the experiences on them are public. An experience may name the atelier that
# used the method; others see that name only where the atelier is public. The author always sees
# their own, and the members of a hidden atelier (and editors) already know it, so they see it too.


def can_share_experience(user):
    """Any signed-in member of the platform may leave an experience with a method."""
    return bool(user and user.is_authenticated)


def experience_atelier_keys(user):
    """The ateliers (translation keys) a user may name in an experience: their own, except
    where they are suspended."""
    return set(atelier_roles(user)) - suspended_in(user)


def can_see_experience_atelier(user, experience, atelier):
    """Whether ``user`` may see that ``experience`` was used in ``atelier`` (an AtelierPage)."""
    if atelier is None:
        return False
    if user and user.is_authenticated and experience.author_id == user.pk:
        return True
    return not atelier.is_hidden or can_view_page(user, atelier)


# --- learning cycles and narrative reports (the cycles app) ------------------------------------
# Duck-typed: nothing here imports the cycles app (it depends on leeratelier, never the other
# way round). A cycle and a report carry ``atelier_key``; a cycle carries ``facilitator_id``.
# Site editors get no right here: a cycle is the atelier's working material (DOMAIN.md).


def can_view_cycle(user, cycle):
    """Members (and coordinators) of the cycle's atelier read it."""
    return bool(user and user.is_authenticated) and cycle.atelier_key in atelier_roles(user)


def can_facilitate_cycle(user, cycle):
    """The atelier's coordinators, and the member appointed as the cycle's facilitator while
    they are still a member."""
    role = atelier_roles(user).get(cycle.atelier_key) if user and user.is_authenticated else None
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
        and can_post_in(user, cycle.atelier_key)
        and cycle_participant(user, cycle) is not None
    )


def can_join_cycle(user, cycle):
    return (
        can_view_cycle(user, cycle)
        and not cycle.closed_at
        and can_post_in(user, cycle.atelier_key)
        and cycle_participant(user, cycle) is None
    )


def can_start_cycle(user, atelier):
    """Coordinators start cycles in their atelier."""
    key = getattr(atelier, "translation_key", atelier)
    return bool(user and user.is_authenticated) and atelier_roles(user).get(key) == COORDINATOR


def visible_cycles(user, queryset):
    """Restrict a cycle queryset (or anything with an ``atelier_key``) to the user's ateliers."""
    if not user or not user.is_authenticated:
        return queryset.none()
    return queryset.filter(atelier_key__in=list(atelier_roles(user)))


def check_cycle(request, cycle):
    """None when the cycle may be shown, else the login page (visitor) or a plain 404."""
    if can_view_cycle(request.user, cycle):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def can_compose_report(user, atelier_key):
    return bool(user and user.is_authenticated) and atelier_roles(user).get(atelier_key) == COORDINATOR


def can_view_report(user, report):
    """Published public reports: anyone. Published private reports: the atelier's members.
    Drafts and withdrawn reports: the atelier's coordinators."""
    if report.status == "published":
        if report.visibility == "public":
            return True
        return bool(user and user.is_authenticated) and report.atelier_key in atelier_roles(user)
    return can_compose_report(user, report.atelier_key)


def visible_reports(user, queryset):
    """Restrict a narrative-report queryset to what ``user`` may read among the published ones:
    public reports for anyone, private ones for the atelier's members (drafts and withdrawn
    reports are for their coordinators, on the atelier's own pages, and are never listed)."""
    from django.db.models import Q

    published = queryset.filter(status="published")
    if not user or not user.is_authenticated:
        return published.filter(visibility="public")
    return published.filter(Q(visibility="public") | Q(atelier_key__in=list(atelier_roles(user))))


def check_report(request, report):
    if can_view_report(request.user, report):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


# --- people: profiles and member directories -----------------------------------------------------
# A person's profile (name, role, organisation, municipality, bio, photo, ateliers in common) is
# seen by the people they share an active atelier with, and by themselves; nobody else (site
# editors included: the table gives them no right to members' working material). Pseudonyms
# hold: nothing written under a pseudonym links to or lists with the real profile (cases
# templates); this function never looks at posts.


def shared_atelier_keys(viewer, person_atelier_keys):
    """The ateliers the viewer shares with someone whose active ateliers are given."""
    return set(atelier_roles(viewer)) & set(person_atelier_keys)


def profile_atelier_keys(person):
    """The ateliers where a person counts as a member for others (one query). A member
    suspended without reading does not; one suspended with reading kept still does."""
    rows = (
        space.membership.objects.active()
        .filter(user=person)
        .values_list("atelier_key", "suspended_at", "suspension_blocks_reading")
    )
    return {key for key, suspended_at, blocks in rows if not (suspended_at and blocks)}


def can_view_profile(viewer, person):
    if not viewer or not viewer.is_authenticated or not person.is_active:
        return False
    if viewer.pk == person.pk:
        return True
    return bool(shared_atelier_keys(viewer, profile_atelier_keys(person)))


def check_profile(request, person):
    """None when the profile may be shown, else the login page (visitor) or a plain 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if person is None or not can_view_profile(request.user, person):
        raise Http404
    return None


def can_view_directory(user, atelier):
    """An atelier's member directory: for its members (and coordinators) only."""
    key = getattr(atelier, "translation_key", atelier)
    return bool(user and user.is_authenticated) and key in atelier_roles(user)


def check_directory(request, atelier):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_view_directory(request.user, atelier):
        raise Http404
    return None


def can_suspend(user, membership):
    """Coordinators suspend (and reinstate) ordinary members of their own atelier."""
    return (
        atelier_roles(user).get(membership.atelier_key) == COORDINATOR
        and membership.role != "coordinator"
        and membership.user_id != user.pk
    )


# --- moderation across components ----------------------------------------------------------------


def can_moderate_atelier(user, atelier_key):
    """The atelier's coordinators moderate reported posts in it."""
    return atelier_key is not None and atelier_roles(user).get(atelier_key) == COORDINATOR


def can_use_moderation_queue(user):
    """Site editors (admins and the "Editors" group) have one queue of every open report,
    whichever atelier (DOMAIN.md: editors see an atelier's posts only through the moderation of
    a report)."""
    return is_editor(user)
