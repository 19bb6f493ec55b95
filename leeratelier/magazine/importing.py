"""Write a parsed magazine (see ``importer.py``) into the page tree.

The import can be run again whenever the text export improves. It then updates only pages that
nobody touched since the previous import and keeps those an editor changed (unless forced), so
hand corrections are never lost silently. Everything happens in one transaction: either all
pages are written or none.

Pages are saved as draft revisions unless ``publish`` is set, because the PDF export scrambled
parts of the text and an editor should review the order before readers see it.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.models import Site

from home.models import HomePage
from leeratelier.core.b1_admin import page_readability
from leeratelier.core.readability import LONG_SENTENCE_WORDS, LONG_WORD_SYLLABLES, TARGET_SCORE

from .importer import MagazineImportError
from .models import ChapterPage, MagazinePage

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
PUBLISHED = "published"
KEPT = "kept"
OVERWRITTEN = "overwritten"


@dataclass(frozen=True)
class PageOutcome:
    """What the import did with one page, for the report to the editor."""

    label: str
    action: str
    live: bool
    #: How easy the page reads (core/readability.py), for the B1 line of the report.
    readability: object = None

    def describe(self):
        state = "live" if self.live else "draft"
        if self.action == KEPT:
            return f"{self.label}: kept, an editor changed it after the last import (--force overwrites it)"
        if self.action == OVERWRITTEN:
            return f"{self.label}: overwritten although an editor changed it (--force) [{state}]"
        return f"{self.label}: {self.action} [{state}]"

    def describe_readability(self):
        """The page's B1 line: its Flesch-Douma score and what makes it hard."""
        result = self.readability
        if result is None or result.score is None:
            return "B1: no text to score"
        verdict = "meets B1" if result.meets_b1 else f"below the B1 target of {TARGET_SCORE}"
        return (
            f"B1: Flesch-Douma {result.score:.1f} ({verdict}); "
            f"{len(result.long_sentences)} sentences over {LONG_SENTENCE_WORDS} words, "
            f"{len(result.long_words)} words over {LONG_WORD_SYLLABLES} syllables"
        )


def find_home_page():
    """The Dutch home page: the root page of the default site."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise MagazineImportError("There is no default Wagtail site; create the site and its home page first.")
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise MagazineImportError(
            f"The default site's root page ({home.title!r}) is not a home page; "
            "the magazine must be placed under the home page."
        )
    return home


def import_magazine(parsed, home, *, publish=False, force=False):
    """Create or update the magazine under ``home`` and its chapters; return a PageOutcome per page."""
    with transaction.atomic():
        magazine, magazine_outcome = _import_magazine_page(parsed, home, publish=publish, force=force)
        outcomes = [magazine_outcome]
        for chapter in parsed.chapters:
            outcomes.append(_import_chapter(chapter, magazine, publish=publish, force=force))
    return outcomes


def content_checksum(content):
    """A stable fingerprint of what the import would write, to skip writes that change nothing."""
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def _import_magazine_page(parsed, home, *, publish, force):
    key = slugify(parsed.title)
    content = {"title": parsed.title, "subtitle": parsed.subtitle, "intro": parsed.intro}
    checksum = content_checksum(content)
    magazine = MagazinePage.objects.child_of(home).filter(import_key=key).first()
    label = f"Magazine {parsed.title!r}"
    if magazine is None:
        magazine = MagazinePage(import_key=key, slug=find_available_slug(home, key), live=False, **content)
        home.add_child(instance=magazine)
        return magazine, _record_new_page(magazine, checksum, label, publish=publish)
    return magazine, _update_page(magazine, content, checksum, label, publish=publish, force=force)


def _import_chapter(chapter, magazine, *, publish, force):
    key = f"chapter-{chapter.number}"
    content = {
        "title": chapter.title,
        "number": chapter.number,
        "intro": chapter.intro,
        "body": [{"type": block_type, "value": value} for block_type, value in chapter.blocks],
    }
    checksum = content_checksum(content)
    fields = {**content, "body": _native_blocks(content["body"])}
    page = ChapterPage.objects.child_of(magazine).filter(import_key=key).first()
    label = f"Chapter {chapter.number} {chapter.title!r}"
    if page is None:
        page = ChapterPage(
            import_key=key, slug=find_available_slug(magazine, slugify(chapter.title)), live=False, **fields
        )
        _insert_in_number_order(magazine, page)
        return _record_new_page(page, checksum, label, publish=publish)
    return _update_page(page, fields, checksum, label, publish=publish, force=force)


def _native_blocks(raw_blocks):
    """The body as (block_type, native value) pairs. Saved in raw form, the interview turns (a
    list block) would be stored in the legacy list format without item ids; converted first,
    the body is stored the way the admin stores it."""
    stream_block = ChapterPage._meta.get_field("body").stream_block
    return [(block.block_type, block.value) for block in stream_block.to_python(raw_blocks)]


def _insert_in_number_order(magazine, page):
    """Place a new chapter before the first sibling with a higher number, so the tree order is
    the chapter order even when one chapter is re-created later. Existing pages are not moved:
    an editor may have ordered them on purpose."""
    later = next(
        (sibling for sibling in magazine.get_children().type(ChapterPage).specific() if sibling.number > page.number),
        None,
    )
    if later is None:
        magazine.add_child(instance=page)
    else:
        later.add_sibling(pos="left", instance=page)


def _record_new_page(page, checksum, label, *, publish):
    log(instance=page, action="wagtail.create")
    _save_import_revision(page, checksum, publish=publish)
    return PageOutcome(label, CREATED, page.live, page_readability(page))


def _update_page(page, fields, checksum, label, *, publish, force):
    edited = page.edited_since_import()
    if edited and not force:
        return PageOutcome(label, KEPT, page.live, page_readability(page.get_latest_revision_as_object()))
    if not edited and page.import_checksum == checksum:
        if publish and (not page.live or page.has_unpublished_changes):
            page.import_revision.publish()
            return PageOutcome(label, PUBLISHED, True, page_readability(page.import_revision.as_object()))
        return PageOutcome(label, UNCHANGED, page.live, page_readability(page.import_revision.as_object()))
    # Start from the latest draft, so fields the import does not own (SEO title, cover image)
    # keep what an editor gave them.
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    _save_import_revision(draft, checksum, publish=publish)
    return PageOutcome(label, OVERWRITTEN if edited else UPDATED, draft.live, page_readability(draft))


def _save_import_revision(page, checksum, *, publish):
    """Save the imported content as a revision and remember it as the import's own."""
    revision = page.save_revision(log_action=True)
    page.import_revision = revision
    page.import_checksum = checksum
    page.save(update_fields=["import_revision", "import_checksum"])
    if publish:
        revision.publish()
        page.live = True
