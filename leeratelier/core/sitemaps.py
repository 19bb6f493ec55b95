from django.contrib.auth.models import AnonymousUser
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from . import access


class LocalizedSitemap(Sitemap):
    """Wagtail's sitemap lists only the default site root's tree; this one lists every language
    tree of the site, without anything a visitor may not see (the access function decides)."""

    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True)
        pages = Page.objects.none()
        for root in roots:
            pages |= Page.objects.descendant_of(root, inclusive=True)
        # Always as a visitor: a sitemap is public, whoever fetches it.
        pages = access.visible_pages(AnonymousUser(), pages.live().public())
        return pages.order_by("path").defer_streamfields().specific()
