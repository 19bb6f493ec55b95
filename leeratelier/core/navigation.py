"""The site navigation every page shows: the home page, the menu pages and the footer pages in
the active language, and the home page's address in each language (for the language switcher).

It is the same for every visitor, so it is built once and kept in Django's cache (Redis in
production) per host and language, under the page-cache generation: publishing, unpublishing,
moving, translating or deleting a page moves to the next generation (leeratelier.core.pagecache),
so a menu never outlives the pages it lists. A signed-in page pays no query for its header.
Items are plain values (title, address, tree path), not page objects: cheap to store and load.
"""

from dataclasses import dataclass

from django.utils.translation import get_language
from wagtail.models import Site

from . import pagecache
from .i18n import children_in_active_language


@dataclass(frozen=True)
class NavItem:
    pk: int
    title: str
    url: str
    path: str  # the tree path, for "is this page in that section" (aria-current)
    language_code: str


@dataclass(frozen=True)
class Navigation:
    home: NavItem | None
    menu: tuple
    footer: tuple
    home_urls: dict  # language code -> the home page's address in that language


def navigation(request):
    """The navigation for this request's host and language (cached; see the module notes)."""
    generation = pagecache.generation()  # read before building: a change meanwhile moves it on
    return pagecache.shared(f"navigation:{generation}:{request.get_host()}:{get_language()}", lambda: build(request))


def build(request):
    site = Site.find_for_request(request)
    if site is None:
        return Navigation(None, (), (), {})
    home = site.root_page.localized
    children = list(children_in_active_language(home).order_by("path"))
    home_urls = {
        version.locale.language_code: version.get_url(request)
        for version in home.get_translations(inclusive=True).live().select_related("locale")
    }
    return Navigation(
        home=_item(home, request),
        menu=tuple(_item(page, request) for page in children if page.show_in_menus),
        footer=tuple(_item(page, request) for page in children),
        home_urls=home_urls,
    )


def _item(page, request):
    return NavItem(page.pk, page.title, page.get_url(request), page.path, page.locale.language_code)
