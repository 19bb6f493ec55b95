"""People's access policy: profiles and member directories. Declared in the app's manifest; built
on the space's rules in ``leeratelier.core.access``.

A person's profile (name, role, organisation, municipality, bio, photo, ateliers in common) is
seen by the people they share an active atelier with, and by themselves; nobody else (site
editors included: the table gives them no right to members' working material). Pseudonyms hold:
nothing written under a pseudonym links to or lists with the real profile (cases templates); this
policy never looks at posts.
"""

from leeratelier.core import access


def shared_atelier_keys(viewer, person_atelier_keys):
    """The ateliers the viewer shares with someone whose active ateliers are given."""
    return set(access.atelier_roles(viewer)) & set(person_atelier_keys)


def profile_atelier_keys(person):
    """The ateliers where a person counts as a member for others (one query). A member
    suspended without reading does not; one suspended with reading kept still does."""
    rows = (
        access.space.membership.objects.active()
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
    """None when the profile may be shown, else the login page (visitor) or a plain 404 (a
    made-up id, ``person`` None, included)."""
    return access.answer(request, person is not None and can_view_profile(request.user, person))


def can_view_directory(user, atelier):
    """An atelier's member directory: for its members (and coordinators) only."""
    key = getattr(atelier, "translation_key", atelier)
    return bool(user and user.is_authenticated) and key in access.atelier_roles(user)


def check_directory(request, atelier):
    return access.answer(request, can_view_directory(request.user, atelier))


ACTIONS = {"auth.user": {"view_profile": can_view_profile}}


# What these rules answer each kind of reader, as the pages that ask them answer (``access.answers``;
# the defaults: an object of a hidden atelier its members and coordinators read). The permission
# table (tests/hardening/test_permission_table.py) builds its rows for this component from it, and
# checks that every function above is named in a row.
PERMISSIONS = {
    ("profile", "view"): access.answers(
        ("can_view_profile", "check_profile", "shared_atelier_keys", "profile_atelier_keys")
    ),
    ("directory", "view"): access.answers(("can_view_directory", "check_directory")),
}
