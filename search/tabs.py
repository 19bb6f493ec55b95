"""The tabs of the search page. Each tab runs its own query, so public and private results are
never mixed: an app that adds a content type (meetings, practices, methods, cases) registers a
tab here from its own ``search.py`` and filters through the access function inside ``search``.
"""

from dataclasses import dataclass, field
from typing import Callable

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from leeratelier.core import access
from leeratelier.core.i18n import pages_in_active_language


@dataclass
class SearchTab:
    slug: str
    label: str
    # search(request, query) -> a Wagtail search result set or queryset the user may see
    search: Callable
    order: int = 100
    # describes a result for the template: {"title", "url", "type", "snippet", "lang"}
    describe: Callable | None = None


_tabs: dict[str, SearchTab] = {}
# Page types that have a tab of their own and so stay out of the general "pages" tab.
_claimed_page_types: list = []


def register_tab(tab, page_types=()):
    _tabs[tab.slug] = tab
    _claimed_page_types.extend(page_types)
    return tab


def tabs():
    return sorted(_tabs.values(), key=lambda tab: tab.order)


def get_tab(slug):
    return _tabs.get(slug) or tabs()[0]


def search_pages(request, query):
    pages = Page.objects.live().public()
    if _claimed_page_types:
        pages = pages.not_type(*_claimed_page_types)
    pages = access.visible_pages(request.user, pages)
    pages = pages_in_active_language(pages).exclude(depth__lte=1)
    return pages.search(query, operator="and")


register_tab(SearchTab(slug="pages", label=_("Pages"), search=search_pages, order=0), page_types=())
