"""The B1 check for editors: how easy a Dutch page reads, in Wagtail's "Checks" side panel.

Wagtail's checks panel measures the preview in the browser with an English-oriented readability
formula. Dutch readers need the Dutch one, and editors need to see which sentences and words make
a page hard. So the panel (templates/wagtailadmin/shared/side_panels/checks.html, which extends
Wagtail's own) starts with a B1 section filled on the server from the page's own text fields: the
Flesch-Douma score, the sentences over 20 words, the words over 4 syllables and what B1 asks.
It is generic over page types: every text, rich text and StreamField field of the page counts,
so a new page type gets the check without code. The magazine import report uses the same
`page_readability`.
"""

from django.db import models
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText

from leeratelier.core.readability import analyse, plain_text

#: Text fields that hold no prose (an address is lines, not sentences; the consent text shown is
#: a copy of an interface string, scored in the catalogue).
SKIPPED_FIELDS = {"venue", "consent_text"}
#: Short one-line fields that are prose (subtitles and one-line summaries).
MIN_CHAR_FIELD_LENGTH = 200

_PAGE_FIELDS = {f.name for f in Page._meta.get_fields()}


def _is_prose_field(model_field):
    if model_field.name in _PAGE_FIELDS or model_field.name in SKIPPED_FIELDS:
        return False
    if not getattr(model_field, "concrete", False) or model_field.choices:
        return False
    if isinstance(model_field, (StreamField, RichTextField, models.TextField)):
        return True
    return type(model_field) is models.CharField and (model_field.max_length or 0) >= MIN_CHAR_FIELD_LENGTH


def _block_texts(block, value):
    """The prose of one StreamField block value, each paragraph and list item on its own line."""
    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        yield plain_text(value.source if isinstance(value, RichText) else str(value))
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        yield str(value)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from _block_texts(child, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _block_texts(block.child_block, item)
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from _block_texts(child.block, child.value)


def page_text(page):
    """The text a reader reads on the page: its title and every prose field, in field order."""
    page = page.specific_deferred if type(page) is Page else page
    parts = [page.title or ""]
    for model_field in type(page)._meta.get_fields():
        if not _is_prose_field(model_field):
            continue
        value = getattr(page, model_field.attname, None)
        if not value:
            continue
        if isinstance(model_field, StreamField):
            for child in value:
                parts.extend(_block_texts(child.block, child.value))
        elif isinstance(model_field, RichTextField):
            parts.append(plain_text(value))
        else:
            parts.append(plain_text(str(value)))
    return "\n\n".join(part for part in parts if part and part.strip())


def is_dutch(page):
    if not getattr(page, "locale_id", None):
        return True
    return page.locale.language_code.split("-")[0] == "nl"


def page_readability(page):
    """The Readability of a page's text (core/readability.py)."""
    return analyse(page_text(page))
