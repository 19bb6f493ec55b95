"""The space's own component rules beside the core's (``leeratelier.core.access`` holds who is a
member or coordinator of which atelier, pages, and the "join", "manage" and "register" answers
for atelier and meeting pages): the management of memberships. Declared in the app's manifest."""

from leeratelier.core import access
from leeratelier.core.access import COORDINATOR


def can_suspend(user, membership):
    """Coordinators suspend (and reinstate) ordinary members of their own atelier."""
    return (
        access.atelier_roles(user).get(membership.atelier_key) == COORDINATOR
        and membership.role != "coordinator"
        and membership.user_id != user.pk
    )


ACTIONS = {"ateliers.membership": {"suspend": can_suspend}}


# What these rules answer each kind of reader, as the pages that ask them answer (``access.answers``;
# the defaults: an object of a hidden atelier its members and coordinators read). The permission
# table (tests/hardening/test_permission_table.py) builds its rows for this component from it, and
# checks that every function above is named in a row.
PERMISSIONS = {
    # the page offering to suspend a member: a member of the atelier gets a 404; it opens for whoever
    # manages the atelier (an admin too), and the suspension itself asks ``can_suspend``
    ("membership", "suspend"): access.answers(("can_suspend",), member=404, admin=200),
}
