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


def site_contact(request):
    """The organisation's details from the Site settings (leeratelier.core.contact), for the
    footer and the statements' contact block. Lazy and cached, like the navigation."""
    from .contact import site_contact as load

    found = {}

    def contact():
        if "contact" not in found:
            found["contact"] = load(request)
        return found["contact"]

    def footer_links():
        """The footer's pages, then the two statements the settings name (each once)."""
        statements = [link for link in (contact().privacy, contact().accessibility) if link]
        urls = {link.url for link in statements}
        return [item for item in navigation(request).footer if item.url not in urls] + statements

    return {"site_contact": SimpleLazyObject(contact), "footer_links": SimpleLazyObject(footer_links)}
