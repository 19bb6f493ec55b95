"""The organisation's details as pages and emails show them, read from the editors' Site
settings (``core.SiteSettings``) in the active language.

Every page's footer shows them, so they are built once and kept in Django's cache per host and
language under the page-cache generation, like the navigation: saving the settings, or
publishing, moving or deleting a page (the statements' addresses) moves to the next generation,
so a footer never outlives the settings or the pages it links to. Plain values, no model
objects: cheap to store, and the same in a request and in the background worker's emails.
"""

from dataclasses import dataclass

from django.utils.translation import get_language

from . import pagecache
from .i18n import active_language_code


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    language_code: str


@dataclass(frozen=True)
class SiteContact:
    organisation_name: str
    contact_email: str
    address_lines: tuple
    footer_text: str
    footer_text_language: str  # the language the footer text is in (Dutch when no English is given)
    privacy: Link | None
    accessibility: Link | None
    social_links: tuple  # of (label, url)
    statement_keys: frozenset  # translation keys of the two statements: they show the contact block


def site_contact(request=None):
    """The details for this request's host and language (cached; see the module notes). Without
    a request (an email in the worker) the addresses are the default site's."""
    host = request.get_host() if request is not None else "-"
    return pagecache.shared(f"site-contact:{pagecache.generation()}:{host}:{get_language()}", lambda: build(request))


def build(request=None):
    from .models import SiteSettings

    values = SiteSettings.load(request_or_site=request)
    language = active_language_code()
    footer = values.footer_text(language)
    footer_language = language
    if not footer.strip() and language != "nl":
        footer, footer_language = values.footer_text("nl"), "nl"
    return SiteContact(
        organisation_name=values.organisation_name,
        contact_email=values.contact_email,
        address_lines=tuple(line.strip() for line in values.postal_address.splitlines() if line.strip()),
        footer_text=footer.strip(),
        footer_text_language=footer_language,
        privacy=_statement(values.privacy_page_id, request),
        accessibility=_statement(values.accessibility_page_id, request),
        social_links=tuple((block.value["label"], block.value["url"]) for block in values.social_links),
        statement_keys=frozenset(
            key for key in _translation_keys(values.privacy_page_id, values.accessibility_page_id) if key
        ),
    )


def _statement(page_id, request):
    """The statement page in the active language (its translation where one is live), or None
    when the chosen page is gone or not live."""
    from wagtail.models import Page

    if page_id is None:
        return None
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return None
    page = page.localized
    if not page.live:
        return None
    return Link(page.title, page.get_url(request), page.locale.language_code)


def _translation_keys(*page_ids):
    from wagtail.models import Page

    return Page.objects.filter(pk__in=[pk for pk in page_ids if pk]).values_list("translation_key", flat=True)


def connect_signals():
    """Saving the settings moves the page cache on (the footer of every page changes). Not when
    the row is first made with its defaults (``SiteSettings.load()`` on a page's first render
    after a fresh install): that shows what the page already showed, and moving on there would
    make the next request build its navigation and footer again."""
    from django.db.models.signals import post_delete, post_save

    from .models import SiteSettings

    def saved(sender, instance, created, raw=False, **kwargs):
        if not created:
            pagecache.invalidate()

    post_save.connect(saved, sender=SiteSettings, dispatch_uid="site-contact-saved", weak=False)
    post_delete.connect(pagecache.invalidate, sender=SiteSettings, dispatch_uid="site-contact-deleted")
