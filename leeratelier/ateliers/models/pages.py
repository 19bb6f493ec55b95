from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from leeratelier.core.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from leeratelier.core.fields import ChoicesListField
from leeratelier.core.i18n import ServesUntranslatedChildren
from leeratelier.core.models import Track


def id_slug(page, prefix):
    """The slug of a page in a hidden atelier: made from its id, never from title words.
    Shared by the Dutch and English versions (same translation_key)."""
    return f"{prefix}-{page.translation_key.hex[:12]}"


class AtelierIndexPage(ServesUntranslatedChildren, Page):
    """/ateliers/: every atelier the reader may see, filterable by werkplaats and theme."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["ateliers.AtelierPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("atelier index")

    def get_context(self, request, *args, **kwargs):
        from leeratelier.ateliers.views import atelier_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(atelier_index_context(request, self))
        return context


class AtelierPage(ServesUntranslatedChildren, Page):
    """The profile of a learning atelier (the space). Its members, coordinators and settings
    belong to the atelier, not to a language version: see Membership."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public profile")
        HIDDEN = "hidden", _("Hidden from non-members")

    class JoinMode(models.TextChoices):
        OPEN = "open", _("Open: anyone with an account joins at once")
        REQUEST = "request", _("On request: coordinators decide")
        INVITATION = "invitation", _("By invitation only")

    werkplaats = models.ForeignKey(
        "core.Werkplaats",
        verbose_name=_("werkplaats"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    theme = models.ForeignKey(
        "core.Theme", verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.TextField(_("purpose"), help_text=_("What the atelier works on, in a few sentences."))
    how_it_works = StreamField(
        BaseStreamBlock(),
        verbose_name=_("how it works"),
        blank=True,
        help_text=_("E.g. monthly expert meetings, a core group plus people who join per theme, sub-groups."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    join_mode = models.CharField(
        _("how people join"), max_length=12, choices=JoinMode.choices, default=JoinMode.REQUEST
    )

    content_panels = Page.content_panels + [
        FieldPanel("purpose"),
        FieldRowPanel([FieldPanel("werkplaats"), FieldPanel("theme")]),
        FieldPanel("how_it_works"),
        FieldPanel("contact_email"),
        MultiFieldPanel([FieldPanel("visibility"), FieldPanel("join_mode")], heading=_("Access")),
    ]
    search_fields = Page.search_fields + [index.SearchField("purpose"), index.FilterField("visibility")]

    parent_page_types = ["ateliers.AtelierIndexPage"]
    subpage_types = ["ateliers.ExpertMeetingPage"]

    class Meta:
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")

    @property
    def is_hidden(self):
        return self.visibility == self.Visibility.HIDDEN

    def full_clean(self, *args, **kwargs):
        if self.is_hidden:
            self.slug = id_slug(self, "atelier")
        super().full_clean(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from leeratelier.ateliers.views import atelier_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(atelier_page_context(request, self))
        return context


class MeetingQuerySet(PageQuerySet):
    def upcoming(self):
        """Meetings that have not ended yet (a meeting under way still counts)."""
        return self.filter(end__gte=timezone.now())


class ExpertMeetingPage(Page):
    """An expert meeting of an atelier: a theme, an invited speaker, a date. Registrations and
    capacity belong to the meeting (both language versions share one attendee list)."""

    objects = PageManager.from_queryset(MeetingQuerySet)()

    theme = models.ForeignKey(
        "core.Theme", verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tracks = ChoicesListField(_("tracks of impact"), choices=Track.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.TextField(_("venue address"), blank=True, help_text=_("Leave empty for an online-only meeting."))
    online_url = models.URLField(
        _("online meeting link"), blank=True, help_text=_("Shown only to people who registered.")
    )
    intro = models.TextField(_("introduction"))
    agenda = StreamField(BaseStreamBlock(), verbose_name=_("agenda"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: at the start of the meeting.")
    )
    guests_allowed = models.BooleanField(
        _("people without an account may register"),
        default=False,
        help_text=_("Guests give a name and email address and confirm through an emailed link."),
    )
    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_(
            "The meeting stays visible, marked as cancelled. Publishing emails everyone registered "
            "or on the waitlist, once, with a calendar file that removes the meeting."
        ),
    )
    # After the meeting: its harvest.
    report = RichTextField(_("report"), features=RICH_TEXT_FEATURES, blank=True)
    recording_url = models.URLField(_("recording link"), blank=True)
    # Typed in by hand before attendance was checked on the attendee list; still shown for those
    # meetings. Once anyone's attendance is checked, the count comes from the list instead.
    attendee_count = models.PositiveIntegerField(_("number of attendees"), null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("When")),
        FieldRowPanel([FieldPanel("theme"), FieldPanel("tracks")]),
        MultiFieldPanel([FieldPanel("venue"), FieldPanel("online_url")], heading=_("Where")),
        FieldPanel("cancelled"),
        InlinePanel("speakers", label=_("Speakers")),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
                FieldPanel("guests_allowed"),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [FieldPanel("report"), InlinePanel("documents", label=_("Documents")), FieldPanel("recording_url")],
            heading=_("After the meeting"),
            classname="collapsed",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("agenda"),
        index.SearchField("report"),
        index.FilterField("start"),
    ]

    parent_page_types = ["ateliers.AtelierPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("expert meeting")
        verbose_name_plural = _("expert meetings")

    @property
    def atelier(self):
        return AtelierPage.objects.ancestor_of(self).specific().first()

    def track_labels(self):
        return [Track(value).label for value in self.tracks]

    @property
    def is_past(self):
        return self.end < timezone.now()

    def registration_window(self):
        """(opens, closes) with the defaults filled in: open now, close at the start."""
        return self.registration_opens, self.registration_closes or self.start

    def full_clean(self, *args, **kwargs):
        parent = self.get_parent() if self.path else None
        atelier = parent.specific if parent and isinstance(parent.specific, AtelierPage) else None
        if atelier and atelier.is_hidden:
            self.slug = id_slug(self, "meeting")
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The meeting must end after it starts.")
        if self.registration_closes and self.end and self.registration_closes > self.end:
            errors["registration_closes"] = _("Registration cannot close after the meeting has ended.")
        if self.registration_opens and self.registration_closes and self.registration_opens >= self.registration_closes:
            errors["registration_opens"] = _("Registration must open before it closes.")
        if self.capacity is not None and self.pk:
            from .registration import Registration

            taken = Registration.objects.filter(meeting_key=self.translation_key).confirmed().count()
            if self.capacity < taken:
                errors["capacity"] = _(
                    "%(taken)s people are already registered; the capacity cannot be lower than that."
                ) % {"taken": taken}
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from leeratelier.ateliers.views import meeting_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(meeting_page_context(request, self))
        return context


class MeetingSpeaker(Orderable):
    meeting = ParentalKey(ExpertMeetingPage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=1000)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")


class MeetingDocument(Orderable):
    meeting = ParentalKey(ExpertMeetingPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
