"""The header's "My ateliers" for a signed-in person.

Public ateliers only: the header is on every page, 404 pages included, and a 404 names nothing
(nor does a screen seen over someone's shoulder); hidden ones are listed on "Mijn leeratelier",
which the header links to.

Per person, so never part of the navigation cached for everyone (core.navigation). It is kept in
Django's cache per person and language under the page-cache generation, which every membership
change and every page publication moves on: a signed-in page then pays no query for it, and a
new or lost membership, or a renamed atelier, shows at once.
"""

from django import template
from django.core.cache import cache
from django.utils.translation import get_language

from leeratelier.core import access, pagecache
from leeratelier.core.i18n import pages_in_active_language

register = template.Library()

MAX_IN_HEADER = 8  # more are listed on "Mijn leeratelier"


@register.simple_tag(takes_context=True)
def my_ateliers(context):
    """[{"title", "url", "language"}] of the ateliers the signed-in user is a member of."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    key = f"my-ateliers:{pagecache.generation()}:{user.pk}:{get_language()}"
    found = cache.get(key)
    if found is None:
        from leeratelier.ateliers.models import AtelierPage

        keys = list(access.atelier_roles(user))
        found = []
        if keys:
            pages = (
                AtelierPage.objects.live()
                .filter(translation_key__in=keys, visibility=AtelierPage.Visibility.PUBLIC)
                .select_related("locale")
            )
            found = [
                {"title": page.title, "url": page.get_url(request), "language": page.locale.language_code}
                for page in pages_in_active_language(pages).order_by("title")[: MAX_IN_HEADER + 1]
            ]
        cache.set(key, found, pagecache.seconds())
    return found
