from wagtail.models import Site


def site_navigation(request):
    """The localized home page and its menu pages, for the header and footer of every page.
    Lazy, so pages that do not render the navigation (feeds, files) pay nothing."""

    def home():
        site = Site.find_for_request(request)
        if site is None:
            return None
        return site.root_page.localized.specific

    def menu_pages():
        root = home()
        if root is None:
            return []
        return list(root.get_children().live().in_menu())

    from django.utils.functional import SimpleLazyObject

    return {
        "nav_home": SimpleLazyObject(home),
        "nav_pages": SimpleLazyObject(menu_pages),
    }
