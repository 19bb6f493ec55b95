"""The space's access rules: who may see and do what (the product's visibility table: public
content for everyone, an atelier's content for its members only, a signed-in non-member gets a
404 naming nothing, a visitor the login page). Every page view (through the ``before_serve_page`` hook), list, search tab, feed,
sitemap, export and email asks here or in a component's policy; nothing else decides visibility.

This module holds what every component builds on: who is a member, coordinator, editor or
suspended in which atelier, which pages a reader may see, and the answer to a refusal
(``answer``). Each component's own rules live in its app's ``policy`` module, which its manifest
names (``Manifest.policy``): ``leeratelier.cases.policy``, ``cycles.policy``, ... . ``can(user,
action, obj)`` asks the policy of the object's model, so a caller that may not import a component
(the core, the space, notifications) still asks that component's rule.

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


def joined_at(user, atelier_key):
    """When the user became a member of an atelier (its translation key), or None."""
    atelier_roles(user)
    return getattr(user, "_joined_at", {}).get(atelier_key)


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


def answer(request, allowed):
    """A refusal turned into the visibility table's answer: None when ``allowed``, else the login
    page for a visitor and a plain 404 (naming nothing) for a signed-in reader. Every ``check_*``
    of a policy ends here."""
    if allowed:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def check_page(request, page):
    """For the before_serve_page hook: None when the page may be shown, else the response:
    the login page for a visitor, a plain 404 for a signed-in user without the right."""
    return answer(request, can_view_page(request.user, page))


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


# --- the components' policies ---------------------------------------------------------------------
# A component's manifest names its policy module (``Manifest.policy``); when the app is ready the
# module is registered here. A policy module declares ``ACTIONS``: {"app_label.model": {action:
# rule(user, obj)}} for the objects ``can`` answers about, and ``PERMISSIONS``: the answers its
# rules give each kind of reader (tests/hardening/test_permission_table.py builds its rows from
# them).

policies = {}  # module name -> module, in INSTALLED_APPS order
_rules = {}  # ("app_label.model", action) -> rule(user, obj)


READERS = ("visitor", "outsider", "member", "other_coordinator", "coordinator", "editor", "admin")
EVERYONE = dict.fromkeys(READERS, 200)


def answers(rules, **given):
    """One entry of a policy's ``PERMISSIONS``: the ``rules`` (names of the policy's functions)
    that decide an action, and what a page asking them answers each kind of reader about an object
    of a hidden atelier: "visitor", "outsider" (signed in, member of nothing), "member" and
    "coordinator" of the atelier, "other_coordinator" (of another atelier), "editor" (the Editors
    group) and "admin". An answer is 200, "login" (the login page), 404 (a plain 404) or ("to",
    part of the address redirected to). The defaults are the table's "inside a hidden atelier":
    its members and coordinators get the page, a visitor the login page, anyone else a 404."""
    unknown = set(given) - set(READERS)
    if unknown:
        raise ValueError(f"Unknown readers {sorted(unknown)}: readers are {READERS}")
    inside = {"visitor": "login", "outsider": 404, "other_coordinator": 404, "editor": 404, "admin": 404}
    return {"rules": tuple(rules), **inside, "member": 200, "coordinator": 200, **given}


def use_policy(module):
    """Register a component's policy module (called by ``ComponentConfig.ready``)."""
    policies[module.__name__] = module
    for model, actions in getattr(module, "ACTIONS", {}).items():
        for action, rule in actions.items():
            _rules[(model, action)] = rule


def can(user, action, obj):
    """What a user may do with an object. A component's object (a case, a cycle, a report, a
    membership, ...) is answered by the policy its app registered for the object's model; an
    atelier or a meeting page by the space's rules: "join" (ask or join), "manage" (members,
    attendee list, admin pages), "register" (for a meeting; the online link needs a confirmed
    registration: see the ateliers services)."""
    meta = getattr(obj, "_meta", None)
    rule = _rules.get((meta.label_lower, action)) if meta is not None else None
    if rule is not None:
        return rule(user, obj)
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


# --- moderation across components ----------------------------------------------------------------


def can_moderate_atelier(user, atelier_key):
    """The atelier's coordinators moderate reported posts in it."""
    return atelier_key is not None and atelier_roles(user).get(atelier_key) == COORDINATOR


def can_use_moderation_queue(user):
    """Site editors (admins and the "Editors" group) have one queue of every open report,
    whichever atelier (editors see an atelier's posts only through the moderation of a report)."""
    return is_editor(user)
