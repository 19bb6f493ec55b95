"""Which language version of a page a list shows.

Dutch is the source language. A list on the English site shows the English page where one
exists and otherwise the Dutch page (marked ``lang="nl"`` in the template), rather than hiding
it. Every page list and the search go through ``pages_in_active_language``.
"""

from django.db.models import Q
from wagtail.models import Locale, Page


def pages_in_active_language(queryset):
    active = Locale.get_active()
    default = Locale.get_default()
    if active.pk == default.pk:
        return queryset.filter(locale=active)
    translated = Page.objects.filter(locale=active).values("translation_key")
    return queryset.filter(
        Q(locale=active) | (Q(locale=default) & ~Q(translation_key__in=translated))
    )


def children_in_active_language(page, page_type=None):
    """The live children of every language version of ``page``, each in the active language
    where a translation exists and otherwise in Dutch: what menus, tables of contents and other
    lists show on the English site before everything is translated."""
    parents = page.get_translations(inclusive=True)
    model = page_type or Page
    children = model.objects.none()
    for parent in parents:
        children |= model.objects.child_of(parent)
    return pages_in_active_language(children.live()).select_related("locale")
