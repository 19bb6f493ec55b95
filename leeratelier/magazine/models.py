from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from leeratelier.core.i18n import ServesUntranslatedChildren, children_in_active_language

from .blocks import ChapterStreamBlock

IMPORT_TRACKING_FIELDS = ["import_key", "import_revision", "import_checksum"]


class ImportedPageMixin(models.Model):
    """What the magazine importer (``manage.py import_magazine``) last wrote to this page.

    A re-run of the import compares ``import_revision`` with the page's latest revision: if an
    editor saved a newer one, the page is theirs and the import leaves it alone. The checksum
    tells whether the source text changed at all, so an unchanged import writes nothing.
    These fields describe the page as a whole, not one revision, so publishing or reverting a
    revision keeps them, and a copy of the page starts without them."""

    import_key = models.CharField(
        _("import key"),
        max_length=100,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Stable name of the imported part of the source, e.g. chapter-3."),
    )
    import_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision created by the import"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    import_checksum = models.CharField(_("checksum of the imported content"), max_length=64, blank=True, editable=False)

    exclude_fields_in_copy = IMPORT_TRACKING_FIELDS

    class Meta:
        abstract = True

    def with_content_json(self, content):
        page = super().with_content_json(content)
        for name in IMPORT_TRACKING_FIELDS:
            attname = self._meta.get_field(name).attname
            setattr(page, attname, getattr(self, attname))
        return page

    def edited_since_import(self):
        """True when someone saved a revision after the import's own (or it was purged)."""
        return self.import_revision_id is None or self.latest_revision_id != self.import_revision_id


class MagazinePage(ServesUntranslatedChildren, ImportedPageMixin, Page):
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
        """The live chapters in the active language; on the English site a chapter without an
        English version is listed in Dutch (the template marks it lang="nl")."""
        return children_in_active_language(self, ChapterPage).order_by("number", "path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = self.chapters()
        return context


class ChapterPage(ImportedPageMixin, Page):
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
        return self.magazine.chapters().filter(number__lt=self.number).order_by("-number").first()

    def next_chapter(self):
        return self.magazine.chapters().filter(number__gt=self.number).order_by("number").first()
