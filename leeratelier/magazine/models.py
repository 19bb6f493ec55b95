from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ChapterStreamBlock


class MagazinePage(Page):
    """One issue of the magazine; its children are the chapters, in reading order."""

    subtitle = models.CharField(_("subtitle"), max_length=250, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("subtitle"),
        FieldPanel("cover_image"),
        FieldPanel("intro"),
        HelpPanel(_("The table of contents is made from the chapters below this page, in their order.")),
    ]
    search_fields = Page.search_fields + [index.SearchField("subtitle"), index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["magazine.ChapterPage"]

    class Meta:
        verbose_name = _("magazine")
        verbose_name_plural = _("magazines")

    def chapters(self):
        return ChapterPage.objects.child_of(self).live().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = self.chapters()
        return context


class ChapterPage(Page):
    """A chapter of a magazine issue, with previous/next navigation between its siblings."""

    number = models.PositiveSmallIntegerField(_("chapter number"))
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(ChapterStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("number"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["magazine.MagazinePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    @property
    def magazine(self):
        return self.get_parent().specific

    def previous_chapter(self):
        return self.get_prev_siblings().live().type(ChapterPage).specific().first()

    def next_chapter(self):
        return self.get_next_siblings().live().type(ChapterPage).specific().first()
