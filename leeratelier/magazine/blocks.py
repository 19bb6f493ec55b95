"""Blocks of a magazine chapter: the shared blocks plus quotes and interviews."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from leeratelier.core.blocks import BaseStreamBlock


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    speaker = blocks.CharBlock(label=_("speaker"), max_length=150, required=False)
    speaker_role = blocks.CharBlock(
        label=_("speaker's role"),
        max_length=150,
        required=False,
        help_text=_("E.g. experience expert, policy maker, social entrepreneur."),
    )

    class Meta:
        icon = "openquote"
        label = _("Pull quote")
        template = "components/streamfield/blocks/pull_quote_block.html"


class InterviewTurnBlock(blocks.StructBlock):
    speaker = blocks.CharBlock(label=_("speaker"), max_length=150)
    text = blocks.TextBlock(label=_("text"))

    class Meta:
        icon = "user"
        label = _("Interview turn")


class InterviewBlock(blocks.StructBlock):
    """An exchange between speakers, e.g. the magazine's "tweegesprek"."""

    turns = blocks.ListBlock(InterviewTurnBlock(), label=_("turns"))

    class Meta:
        icon = "group"
        label = _("Interview exchange")
        template = "components/streamfield/blocks/interview_block.html"


class ChapterStreamBlock(BaseStreamBlock):
    pull_quote = PullQuoteBlock()
    interview = InterviewBlock()
