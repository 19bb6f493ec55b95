from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class PracticeIndexPage(Page):
    """/praktijken/: the registry of pioneer practices, with filters and full-text search."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["pioneers.PracticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("practice registry")


class PracticePage(Page):
    """A pioneer practice, published after moderation."""

    summary = models.TextField(_("summary"), blank=True)
    # The toolbox shows, on each method page, the practices that use it: method.practices.
    methods = ParentalManyToManyField(
        "toolbox.MethodPage", verbose_name=_("methods used"), blank=True, related_name="practices"
    )

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("methods")]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["pioneers.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("pioneer practice")
        verbose_name_plural = _("pioneer practices")
