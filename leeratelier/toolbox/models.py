from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class MethodIndexPage(Page):
    """/methoden/: the toolbox, with the tool finder and compare view."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["toolbox.MethodPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("method toolbox")


class MethodPage(Page):
    """One method or instrument: what it is for and what it yields."""

    summary = models.CharField(_("one-line summary"), max_length=255)

    content_panels = Page.content_panels + [FieldPanel("summary")]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["toolbox.MethodIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("method")
        verbose_name_plural = _("methods")
