"""Which language version of a page a list shows.

Dutch is the source language. A list on the English site shows the English page where one
exists and otherwise the Dutch page (marked ``lang="nl"`` in the template), rather than hiding
it. Every page list and the search go through ``pages_in_active_language``.
"""

from django.conf import settings
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

    return pagecache.shared(
        f"locale-ids:{pagecache.generation()}", lambda: dict(Locale.objects.values_list("language_code", "pk"))
    )


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


# --- pages that exist only in Dutch, read on the English site ------------------------------------
# An English list shows a Dutch-only page (marked "(in Dutch)"); its link stays on the English
# site: /en/<the nearest English ancestor's address>/<the Dutch slugs below it>/. The English
# parent routes such a slug to the Dutch child (``ServesUntranslatedChildren``), which is then
# served inside the English interface, with a notice and ``lang="nl"`` on its content
# (templates/includes/only_in_language.html). The canonical address stays the Dutch one.


def untranslated_child(parent, slug):
    """The child called ``slug`` of another language version of ``parent`` that has no
    translation in ``parent``'s language, or None."""
    for other in parent.get_translations().only("path", "depth", "locale_id"):
        child = Page.objects.child_of(other).filter(slug=slug).first()
        if child is None:
            continue
        if Page.objects.filter(translation_key=child.translation_key, locale_id=parent.locale_id).exists():
            return None  # translated: the list links to the translation itself
        return child
    return None


class ServesUntranslatedChildren:
    """Mixed into a page type whose children may exist only in Dutch (the home page, the section
    indexes, an atelier, the magazine): an English page also routes the slugs of its Dutch
    version's untranslated children."""

    def route(self, request, path_components):
        from django.http import Http404

        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components or self.locale_id == locale_ids().get(default_language_code()):
                raise
            child = untranslated_child(self, path_components[0])
            if child is None:
                raise
            return child.specific.route(request, path_components[1:])


def reader_url(page, request=None):
    """Where a reader in the active language opens ``page``: its own address when it is in that
    language, else its address below the nearest ancestor in that language (see above). Two
    queries per request for any number of pages (a map of the ancestors, kept on the request)."""
    active = active_language_code()
    ids = locale_ids()
    if page.locale_id == ids.get(active) or ids.get(active) is None:
        return page.get_url(request)
    ancestors = _ancestor_map(request, active, ids)
    if ancestors is None:
        return page.get_url(request)
    steplen = Page.steplen
    own = ancestors["source"].get(page.path)
    if own is not None and own[0] in ancestors["translated"]:
        # A section or atelier shown through its Dutch version (a breadcrumb): its translation.
        return ancestors["translated"][own[0]].get_url(request)
    slugs = [page.slug]
    path = page.path[:-steplen]
    while len(path) >= steplen * 2:
        key_and_slug = ancestors["source"].get(path)
        if key_and_slug is None:
            return page.get_url(request)
        key, slug = key_and_slug
        translated = ancestors["translated"].get(key)
        if translated is not None:
            base = translated.get_url(request)
            if not base:
                return page.get_url(request)
            return base + "".join(f"{part}/" for part in reversed(slugs))
        slugs.append(slug)
        path = path[:-steplen]
    return page.get_url(request)


ANCESTOR_DEPTH = 4  # the home page (2), the sections (3), ateliers, chapters (4)


def _ancestor_map(request, active, ids):
    memo_key = ("reader-ancestors", active)
    memo = getattr(request, "_reader_ancestors", None) if request is not None else None
    if memo is not None and memo[0] == memo_key:
        return memo[1]
    default = ids.get(default_language_code())
    if default is None:
        return None
    source = {
        path: (key, slug)
        for path, key, slug in Page.objects.filter(locale=default, depth__lte=ANCESTOR_DEPTH, depth__gte=2).values_list(
            "path", "translation_key", "slug"
        )
    }
    translated = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(locale=ids[active], depth__lte=ANCESTOR_DEPTH, depth__gte=2)
        .select_related("locale")
    }
    result = {"source": source, "translated": translated}
    if request is not None:
        request._reader_ancestors = (memo_key, result)
    return result
