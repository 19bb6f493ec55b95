from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language
from wagtail.models import Locale, Page

register = template.Library()


@register.filter
def bdi(value):
    """A name as people typed it, isolated in <bdi> so a right-to-left name cannot reorder the
    text around it (leeratelier.core.names)."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def person_name(user, fallback=""):
    """A person's full name (or their user name), inside <bdi>; ``fallback`` for no one."""
    if user is None:
        return fallback
    name = user.get_full_name() or user.get_username()
    return format_html("<bdi>{}</bdi>", name)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """One entry per site language: where this page lives in that language.

    For a Wagtail page: its live translation, or (when it has none) the home page of that
    language; ``translated`` says which, so the template only sends hreflang for real
    translations. For other views (search): the same URL under the other language prefix.
    """
    request = context["request"]
    page = context.get("page")
    memo = getattr(request, "_language_versions", None)  # the head and the header both ask
    if memo is not None and memo[0] == (getattr(page, "pk", None), get_language()):
        return memo[1]
    current = get_language()
    versions = []
    translations = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation.get_url(request)
    home_urls = context.get("nav_home_urls") or {}
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page):
            url = translations.get(code) or home_urls.get(code) or f"/{code}/"
            translated = code in translations
        else:
            url = translate_url(request.get_full_path(), code)
            translated = True
        versions.append(
            {"code": code, "name": name, "url": url, "current": code == current, "translated": translated}
        )
    request._language_versions = ((getattr(page, "pk", None), current), versions)
    return versions


@register.filter
def page_language(page):
    """The language code of a page (for ``lang`` on links to a page in another language)."""
    locale = page.locale if hasattr(page, "locale_id") else Locale.get_default()
    return locale.language_code


@register.filter
def in_section(page, section):
    """True when ``page`` is ``section`` or below it (for aria-current in the navigation)."""
    return isinstance(page, Page) and page.path.startswith(section.path)
