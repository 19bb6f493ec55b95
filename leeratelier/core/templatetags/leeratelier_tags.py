from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from leeratelier.core import access

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


@register.filter
def may_use_admin(user):
    """The header's "Beheer" link: see access.may_use_admin."""
    return access.may_use_admin(user)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """One entry per site language: where this page lives in that language.

    For a Wagtail page: its live translation, or (when it has none) the nearest ancestor that
    has one (an untranslated meeting leads to its atelier, or to the ateliers index, never
    silently to the home page); ``translated`` says which, so the template only sends hreflang
    for real translations. For other views (search): the same URL under the other language
    prefix.
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
        translations.update(_subpage_translations(page, request, translations))
    translations_of_page = dict(translations)
    home_urls = context.get("nav_home_urls") or {}
    missing = [code for code, _name in settings.LANGUAGES if code not in translations]
    if isinstance(page, Page) and missing and page.depth > 2:
        translations.update(_nearest_translated_ancestors(page, missing, request))
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page):
            url = translations.get(code) or home_urls.get(code) or f"/{code}/"
            translated = code in translations
        else:
            url = translate_url(request.get_full_path(), code)
            translated = True
        versions.append({"code": code, "name": name, "url": url, "current": code == current, "translated": translated})
    if isinstance(page, Page):
        for version in versions:
            version["translated"] = version["translated"] and version["url"] == translations_of_page.get(
                version["code"]
            )
    request._language_versions = ((getattr(page, "pk", None), current), versions)
    return versions


def _subpage_translations(page, request, translations):
    """On a route of a routable page (the tool finder, compare): the same route of each
    translation, in that translation's words (/nl/methoden/keuzehulp/ ↔ /en/methods/finder/)."""
    match = getattr(request, "routable_resolver_match", None)
    if match is None or not match.url_name or match.url_name == "index_route" or not translations:
        return {}
    found = {}
    for translation in page.get_translations(inclusive=True).live().specific().select_related("locale"):
        code = translation.locale.language_code
        if code in translations and hasattr(translation, "reverse_subpage"):
            try:
                route = translation.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)
            except Exception:  # a route the translation does not have: its own page then
                continue
            found[code] = translations[code] + route.lstrip("/")
    return found


def _nearest_translated_ancestors(page, codes, request):
    """{language code: URL of the deepest live ancestor of ``page`` in that language}, in one
    query (ancestors and their translations share a translation key)."""
    keys = list(page.get_ancestors().filter(depth__gt=1).values_list("translation_key", flat=True))
    found = {}
    candidates = (
        Page.objects.live()
        .filter(translation_key__in=keys, locale__language_code__in=codes)
        .select_related("locale")
        .order_by("-depth")
    )
    for candidate in candidates:
        found.setdefault(candidate.locale.language_code, candidate.get_url(request))
    return found


@register.simple_tag(takes_context=True)
def reader_pageurl(context, page):
    """``pageurl`` for a reader: a page in another language than the reader's opens on the
    reader's site, inside their interface (``leeratelier.core.i18n.reader_url``)."""
    from leeratelier.core.i18n import reader_url

    return reader_url(page, context.get("request"))


@register.filter
def page_language(page):
    """The language code of a page (for ``lang`` on links to a page in another language)."""
    locale = page.locale if hasattr(page, "locale_id") else Locale.get_default()
    return locale.language_code


@register.filter
def in_section(page, section):
    """True when ``page`` is ``section`` or below it (for aria-current in the navigation)."""
    return isinstance(page, Page) and page.path.startswith(section.path)


@register.simple_tag
def language_note(page):
    """ " (in Dutch)" after the title of a page shown in a list of another language, in the
    reader's language (the list item itself carries the page's ``lang``), so an English visitor
    knows before following the link that the page is not in English."""
    code = page_language(page)
    current = get_language()
    if code == current:
        return ""
    names = {"nl": _("in Dutch"), "en": _("in English")}
    return format_html(' <span class="untranslated" lang="{}">({})</span>', current, names.get(code, code))


@register.simple_tag(takes_context=True)
def safe_next_url(context):
    """The request's ``next`` when it is an address on this site, else ""."""
    from leeratelier.core.views_toolkit import safe_next

    request = context.get("request")
    return safe_next(request, "") if request is not None else ""


@register.simple_tag(takes_context=True)
def content_language(context):
    """The language of the page's content when it differs from the interface's (a Dutch-only
    page read on the English site), else "": the base template then puts a notice above the
    content and ``lang`` on it."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.locale_id:
        return ""
    code = page_language(page)
    return code if code != get_language() else ""


@register.simple_tag
def only_in_language_notice(code):
    names = {"nl": _("This page is only available in Dutch."), "en": _("This page is only available in English.")}
    return names.get(code, "")


@register.inclusion_tag("includes/public_meta.html", takes_context=True)
def public_page_meta(context):
    """Canonical link and OpenGraph tags, only for a page a signed-out visitor may read (through
    the access function): a hidden atelier's page must not be announced or previewed anywhere."""
    from django.contrib.auth.models import AnonymousUser

    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or request is None or not page.live:
        return {"public": False}
    if not access.can_view_page(AnonymousUser(), page) or page.get_view_restrictions().exists():
        return {"public": False}
    url = page.get_full_url(request)
    description = page.search_description or getattr(page, "intro", "") or getattr(page, "summary", "")
    language = page.locale.language_code
    return {
        "public": True,
        "url": url,
        "title": page.seo_title or page.title,
        "description": description,
        "og_locale": {"nl": "nl_NL", "en": "en_GB"}.get(language, language),
        "og_type": "article" if page.depth > 3 else "website",
    }
