"""Which language version of a page a list shows.

Dutch is the source language. A list on the English site shows the English page where one
exists and otherwise the Dutch page (marked ``lang="nl"`` in the template), rather than hiding
it. Every page list and the search go through ``pages_in_active_language``.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page


def active_language_code():
    return get_supported_content_language_variant(get_language() or settings.LANGUAGE_CODE)


def default_language_code():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def locale_ids():
    """{language code: Locale id}, from the cache: a query on every list would cost two per
    page. Kept under the page-cache generation, which saving or deleting a Locale moves on."""
    from . import pagecache

    key = f"locale-ids:{pagecache.generation()}"
    ids = cache.get(key)
    if ids is None:
        ids = dict(Locale.objects.values_list("language_code", "pk"))
        cache.set(key, ids, pagecache.seconds())
    return ids


def pages_in_active_language(queryset):
    """Works on querysets and on search results (which filter on ``locale``, not on a join)."""
    ids = locale_ids()
    active, default = ids.get(active_language_code()), ids.get(default_language_code())
    if active is None or active == default:
        return queryset.filter(locale=default)
    translated = Page.objects.filter(locale=active).values("translation_key")
    return queryset.filter(Q(locale=active) | (Q(locale=default) & ~Q(translation_key__in=translated)))


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
