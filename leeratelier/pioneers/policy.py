"""The registry's access policy (pioneer practices). A published practice is public. Before
approval a practice is seen only by its submitter, through the private link (a signed token,
checked in leeratelier.pioneers.views), and by editors in the Wagtail admin; the registry, its
search tab and the sitemap list live pages only. Declared in the app's manifest."""

from leeratelier.core import access


def visible_practices(user, queryset):
    """Restrict a PracticePage queryset (or a search over one) to the published practices."""
    return queryset.live().public()


# What these rules answer each kind of reader (``core.access.answers``); the permission table builds
# its rows for the registry from it.
PERMISSIONS = {("practice", "read"): access.answers(("visible_practices",), **access.EVERYONE)}
