from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from leeratelier.core.blocks import BaseStreamBlock
from leeratelier.core.i18n import ServesUntranslatedChildren, pages_in_active_language
from leeratelier.core.models import Track


class HomePage(ServesUntranslatedChildren, Page):
    """The root of each language tree: explains the initiative, the three tracks of impact and
    shows the latest magazine chapters. Later apps add their own sections to it."""

    intro = models.TextField(_("introduction"))
    tracks_intro = models.TextField(_("introduction to the three tracks of impact"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("tracks_intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "magazine.MagazinePage",
        "ateliers.AtelierIndexPage",
        "pioneers.PracticeIndexPage",
        "toolbox.MethodIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        from leeratelier.magazine.models import ChapterPage

        context = super().get_context(request, *args, **kwargs)
        context["tracks"] = list(Track)
        context["latest_chapters"] = pages_in_active_language(
            ChapterPage.objects.live().select_related("locale")
        ).order_by("-first_published_at", "number")[:3]
        return context


class StandardPage(Page):
    """About, privacy statement, accessibility statement and other plain pages."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
