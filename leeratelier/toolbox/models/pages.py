"""The toolbox's pages: the index (with the tool finder and compare view as its routes) and a
page per method."""

from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from leeratelier.core.blocks import RICH_TEXT_FEATURES
from leeratelier.core.fields import ChoicesListField
from leeratelier.core.i18n import ServesUntranslatedChildren
from leeratelier.core.models import Role, Track

from ..blocks import StepsBlock
from .choices import CostBand, PracticeForm, Purpose, Recognition, Scale, TimeNeeded, Yields


class MethodIndexPage(RoutablePageMixin, ServesUntranslatedChildren, Page):
    """/methoden/: the toolbox. The tool finder (keuzehulp/, English finder/) and the compare
    view (vergelijk/, English compare/) are routes of this page, so they follow it wherever
    editors put it. Their words are translated URL patterns in the language of the page (not of
    the request), so /nl/methoden/keuzehulp/ and /en/methods/finder/; an English page reached by
    the Dutch words (old links) redirects to its own."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["toolbox.MethodPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("method toolbox")

    def get_context(self, request, *args, **kwargs):
        from ..views import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(request, self))
        return context

    @path(pgettext_lazy("URL", "finder/"), name="finder")
    def finder_route(self, request):
        from ..views import finder

        return finder(request, self)

    @path(pgettext_lazy("URL", "compare/"), name="compare")
    def compare_route(self, request):
        from ..views import compare

        return compare(request, self)

    def _language(self):
        return self.locale.language_code if self.locale_id else translation.get_language()

    def reverse_subpage(self, name, args=None, kwargs=None):
        with translation.override(self._language()):
            return super().reverse_subpage(name, args=args, kwargs=kwargs)

    def resolve_subpage(self, path):
        with translation.override(self._language()):
            return super().resolve_subpage(path)

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if not (self.live and path_components):
                raise
        # A route in another language's words (an old /en/methods/keuzehulp/): 301 to our own.
        from django.conf import settings
        from django.urls import Resolver404
        from wagtail.url_routing import RouteResult

        path = "/" + "/".join(path_components) + "/"
        for code, _name in settings.LANGUAGES:
            if code == self._language():
                continue
            try:
                with translation.override(code):
                    match = type(self).get_resolver().resolve(path)
            except Resolver404:
                continue
            if not match.url_name or match.url_name not in ("finder", "compare"):
                continue
            target = self.url + self.reverse_subpage(match.url_name).lstrip("/")

            def moved(request, target=target):
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(target + ("?" + query if query else ""))

            return RouteResult(self, args=(moved, (), {}))
        raise Http404

    @property
    def finder_url(self):
        return self.url + self.reverse_subpage("finder")

    @property
    def compare_url(self):
        return self.url + self.reverse_subpage("compare")


class MethodPage(Page):
    """One method or instrument: what it is for, what it yields, what it takes and how it goes.
    Everything the tool finder and the compare view use is a structured field."""

    summary = models.CharField(_("one-line summary"), max_length=255)
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    purposes = ChoicesListField(_("what it is for"), choices=Purpose.choices)
    tracks = ChoicesListField(_("tracks of impact"), choices=Track.choices)
    yields = models.CharField(_("what it yields"), max_length=10, choices=Yields.choices, default=Yields.BOTH)
    practice_forms = ChoicesListField(_("forms of practice development"), choices=PracticeForm.choices)
    roles = ChoicesListField(_("who takes part"), choices=Role.choices)
    scales = ChoicesListField(_("scale"), choices=Scale.choices)
    time_needed = models.CharField(
        _("time it takes"), max_length=10, choices=TimeNeeded.choices, default=TimeNeeded.WEEKS
    )
    time_note = models.CharField(
        _("about the time"), max_length=255, blank=True, help_text=_("E.g. three meetings of two hours.")
    )
    preparation = models.CharField(
        _("preparation"), max_length=255, blank=True, help_text=_("E.g. a one-day training for the facilitator.")
    )
    cost_band = models.CharField(_("cost"), max_length=10, choices=CostBand.choices, default=CostBand.FREE)
    steps = StreamField(StepsBlock(), verbose_name=_("steps"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True, help_text=_("One per line."))
    limitations = models.TextField(_("limitations"), blank=True, help_text=_("One per line."))
    method_owner = models.CharField(
        _("owner"), max_length=200, blank=True, help_text=_("Who developed or maintains the method.")
    )
    method_url = models.URLField(_("link"), blank=True, help_text=_("Where to find the method itself."))
    related_methods = ParentalManyToManyField(
        "self", verbose_name=_("related methods"), blank=True, symmetrical=False, related_name="+"
    )
    recognition = models.CharField(
        _("recognition level"),
        max_length=20,
        choices=Recognition.choices,
        blank=True,
        help_text=_("Only where Movisie's databank of effective social interventions gives one."),
    )
    recognition_date = models.DateField(_("recognised on"), null=True, blank=True)
    recognition_source = models.URLField(_("source of the recognition"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("purposes"),
                FieldPanel("tracks"),
                FieldPanel("yields"),
                FieldPanel("practice_forms"),
                FieldPanel("roles"),
                FieldPanel("scales"),
            ],
            heading=_("What it is for"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("time_needed"), FieldPanel("cost_band")]),
                FieldPanel("time_note"),
                FieldPanel("preparation"),
            ],
            heading=_("Effort"),
        ),
        FieldPanel("steps"),
        FieldPanel("strengths"),
        FieldPanel("limitations"),
        MultiFieldPanel([FieldPanel("method_owner"), FieldPanel("method_url")], heading=_("Owner")),
        FieldPanel("related_methods"),
        MultiFieldPanel(
            [FieldPanel("recognition"), FieldPanel("recognition_date"), FieldPanel("recognition_source")],
            heading=_("Recognition (Movisie)"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.SearchField("strengths"),
        index.SearchField("limitations"),
        index.SearchField("method_owner"),
        index.AutocompleteField("summary"),
        index.FilterField("yields"),
    ]
    # The owner is a name, not text to translate; the English page keeps it.
    override_translatable_fields = [SynchronizedField("method_owner")]

    parent_page_types = ["toolbox.MethodIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("method")
        verbose_name_plural = _("methods")

    def get_context(self, request, *args, **kwargs):
        from ..views import method_context

        context = super().get_context(request, *args, **kwargs)
        context.update(method_context(request, self))
        return context

    @property
    def strength_list(self):
        return [line.strip() for line in self.strengths.splitlines() if line.strip()]

    @property
    def limitation_list(self):
        return [line.strip() for line in self.limitations.splitlines() if line.strip()]

    def labels(self, field_name):
        """The translated labels of a choices-list field, e.g. ``labels("purposes")``."""
        choices = dict(self._meta.get_field(field_name).choices)
        return [choices[value] for value in getattr(self, field_name) if value in choices]

    @property
    def purpose_labels(self):
        return self.labels("purposes")

    @property
    def track_labels(self):
        return self.labels("tracks")

    @property
    def practice_form_labels(self):
        return self.labels("practice_forms")

    @property
    def role_labels(self):
        return self.labels("roles")

    @property
    def scale_labels(self):
        return self.labels("scales")
