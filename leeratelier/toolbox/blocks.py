"""The blocks of a method's steps. Each block names its template and icon."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class StepBlock(blocks.StructBlock):
    """One step of working with a method: what you do, and what to watch out for."""

    title = blocks.CharBlock(label=_("what you do"), max_length=200)
    description = blocks.TextBlock(label=_("how"), max_length=2000)
    tip = blocks.CharBlock(label=_("tip"), max_length=300, required=False)

    class Meta:
        icon = "list-ol"
        label = _("Step")
        template = "toolbox/blocks/step_block.html"


class StepsBlock(blocks.StreamBlock):
    """The steps in order; the method page numbers them in an ordered list."""

    step = StepBlock()
