"""The toolbox's access policy: members' experiences with a method. Method pages and the
experiences on them are public. An experience may name the atelier that used the method; others
see that name only where the atelier is public. The author always sees their own, and the members
of a hidden atelier (and admins) already know it, so they see it too. Declared in the app's
manifest; built on the space's rules in ``leeratelier.core.access``."""

from leeratelier.core import access


def can_share_experience(user):
    """Any signed-in member of the platform may leave an experience with a method."""
    return bool(user and user.is_authenticated)


def experience_atelier_keys(user):
    """The ateliers (translation keys) a user may name in an experience: their own, except
    where they are suspended."""
    return set(access.atelier_roles(user)) - access.suspended_in(user)


def can_see_experience_atelier(user, experience, atelier):
    """Whether ``user`` may see that ``experience`` was used in ``atelier`` (an AtelierPage)."""
    if atelier is None:
        return False
    if user and user.is_authenticated and experience.author_id == user.pk:
        return True
    return not atelier.is_hidden or access.can_view_page(user, atelier)


# What these rules answer each kind of reader, as the pages that ask them answer (``access.answers``;
# the defaults: an object of a hidden atelier its members and coordinators read). The permission
# table (tests/hardening/test_permission_table.py) builds its rows for this component from it, and
# checks that every function above is named in a row.
PERMISSIONS = {
    ("experience", "share"): access.answers(
        ("can_share_experience", "experience_atelier_keys"),
        outsider=200,
        other_coordinator=200,
        editor=200,
        admin=200,
    ),
    # the method page: shown to all, naming a hidden atelier only to who may see it
    ("experience", "name its atelier"): access.answers(("can_see_experience_atelier",), **access.EVERYONE),
}
