from django.utils.functional import SimpleLazyObject

from .navigation import navigation


def site_navigation(request):
    """The navigation of the header and footer (see leeratelier.core.navigation). Lazy, so pages
    that do not render it (feeds, files) pay nothing."""

    found = {}

    def nav():
        if "nav" not in found:
            found["nav"] = navigation(request)
        return found["nav"]

    return {
        "nav_home": SimpleLazyObject(lambda: nav().home),
        "nav_pages": SimpleLazyObject(lambda: nav().menu),
        "footer_pages": SimpleLazyObject(lambda: nav().footer),
        "nav_home_urls": SimpleLazyObject(lambda: nav().home_urls),
    }
