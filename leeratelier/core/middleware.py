import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a path starting with an unknown language prefix
    (/de/, /fr-be/) stays a 404 instead of being redirected to /nl/de/: Wagtail's catch-all
    page route makes every prefixed path look valid to Django, so the redirect would only lead
    to a second 404 under a misleading address."""

    language_prefix = re.compile(r"^/([a-z]{2}(?:-[a-z]{2,4})?)(?:/|$)", re.IGNORECASE)

    def process_response(self, request, response):
        if response.status_code == 404:
            match = self.language_prefix.match(request.path_info)
            site_languages = {code.lower() for code, name in settings.LANGUAGES}
            if match and match.group(1).lower() not in site_languages:
                return response
        return super().process_response(request, response)
