from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .i18n import children_in_active_language


def site_navigation(request):
    """The localized home page and its menu pages, for the header and footer of every page.
    Lazy, so pages that do not render the navigation (feeds, files) pay nothing."""

    found = {}

    def home():
        if "home" not in found:
            site = Site.find_for_request(request)
            found["home"] = site.root_page.localized.specific if site else None
        return found["home"]

    def footer_pages():
        root = home()
        if root is None:
            return []
        return list(children_in_active_language(root).order_by("path"))

    def menu_pages():
        root = home()
        if root is None:
            return []
        return list(children_in_active_language(root).in_menu().order_by("path"))

    return {
        "nav_home": SimpleLazyObject(home),
        "nav_pages": SimpleLazyObject(menu_pages),
        "footer_pages": SimpleLazyObject(footer_pages),
    }
