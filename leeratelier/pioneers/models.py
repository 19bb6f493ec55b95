"""The pioneer-practice registry (action point 3 of the magazine).

Two kinds of data, kept apart on purpose:

- What is published lives on the ``PracticePage`` (and its ingredients, links, images and
  outcomes), goes through Wagtail's moderation workflow, and is kept in page revisions forever.
- Who sent it in lives in ``PracticeSubmission``: the contact person, their consent (text and
  moment) and the submitted text until the address is verified. Page revisions never hold
  personal data, so withdrawing consent or the 30-day purge can erase it completely.
"""

import secrets
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from leeratelier.core.fields import ChoicesListField
from leeratelier.core.i18n import ServesUntranslatedChildren
from leeratelier.core.models import Role
from leeratelier.core.storage import private_storage

from .panels import DuplicatePracticeWarningPanel, SubmitterPanel

MAX_IMAGES = 3
MAX_LINKS = 3


class Principle(models.TextChoices):
    """The four co-creation principles of the magazine's chapter 5. A practice applies a
    principle when it says how (the ``<value>_how`` field of the page is filled)."""

    VALUES = "values", _("A shared values compass")
    NARRATIVE = "narrative", _("Narrative methods, so every voice is heard")
    POWER = "power", _("Awareness of power relations")
    LEARNING = "learning", _("Searching and learning together")


class Maturity(models.TextChoices):
    """How far a practice has come; set by an editor, never by the pioneer."""

    EXPERIMENT = "experiment", _("An experiment")
    DESCRIBED = "described", _("Described")
    EVALUATED = "evaluated", _("Evaluated")


class PracticeIndexPage(ServesUntranslatedChildren, Page):
    """/praktijken/: the registry of pioneer practices, with filters and full-text search."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["pioneers.PracticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("practice registry")

    def get_context(self, request, *args, **kwargs):
        from .registry import registry_context

        context = super().get_context(request, *args, **kwargs)
        context.update(registry_context(request, self))
        return context


class Ingredient(TagBase):
    """A working ingredient (werkzaam bestanddeel), normalised (see ingredients.normalise) so
    "Gelijkwaardigheid " and "gelijkwaardigheid" are one tag. Its own tag model, so the
    ingredients view never mixes with other tags on the site."""

    free_tagging = True

    class Meta:
        verbose_name = _("working ingredient")
        verbose_name_plural = _("working ingredients")
        ordering = ["name"]

    def clean(self):
        """An editor's entry is normalised like a pioneer's, before the unique check, so
        "Gelijkwaardigheid." is refused when "gelijkwaardigheid" exists."""
        from django.core.exceptions import ValidationError
        from django.utils.text import slugify

        from .ingredients import normalise

        super().clean()
        self.name = normalise(self.name)
        if not self.name or not slugify(self.name):
            raise ValidationError({"name": _("Write the working ingredient in a few words.")})
        if Ingredient.objects.exclude(pk=self.pk).filter(name=self.name).exists():
            raise ValidationError({"name": _("This working ingredient already exists.")})
        if self._state.adding:
            self.slug = ""  # TagBase.save() makes a unique slug from the name

    def merge_into(self, target):
        """Two ways of writing one working ingredient become one: every practice (and every
        draft revision) that named this one names ``target``, and this one is deleted, in one
        transaction. Returns the number of practices that moved."""
        from django.db import transaction

        from leeratelier.core import references

        if target is None or target.pk == self.pk:
            raise ValueError(_("Choose another working ingredient to merge into."))
        with transaction.atomic():
            moved = references.repoint(self, target)
            self.delete()
        return moved


class PracticeIngredient(ItemBase):
    tag = models.ForeignKey(Ingredient, related_name="tagged_practices", on_delete=models.CASCADE)
    content_object = ParentalKey("pioneers.PracticePage", related_name="tagged_ingredients", on_delete=models.CASCADE)


# The practice's own text fields, as a submission's payload carries them (the form writes them,
# the services and the demo read them): the texts, then how each principle is applied.
TEXT_FIELDS = (
    "title",
    "summary",
    "organisation",
    "target_group",
    "process_description",
    "what_works",
    "what_does_not_work",
    *(f"{principle.value}_how" for principle in Principle),
)


class PracticePage(Page):
    """A pioneer practice, published after moderation. Holds no personal data: the contact
    person and the consent are in PracticeSubmission."""

    summary = models.TextField(_("summary"), blank=True, max_length=500)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )
    werkplaats = models.ForeignKey(
        "core.Werkplaats",
        verbose_name=_("werkplaats"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )
    themes = ParentalManyToManyField("core.Theme", verbose_name=_("themes"), blank=True, related_name="practices")
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    roles = ChoicesListField(_("stakeholders at the table"), choices=Role.choices)
    values_how = models.TextField(_("shared values compass: how"), max_length=600, blank=True)
    narrative_how = models.TextField(_("narrative methods: how"), max_length=600, blank=True)
    power_how = models.TextField(_("power relations: how"), max_length=600, blank=True)
    learning_how = models.TextField(_("learning together: how"), max_length=600, blank=True)
    process_description = models.TextField(_("process description"), max_length=5000, blank=True)
    what_works = models.TextField(_("what works"), max_length=3000, blank=True)
    what_does_not_work = models.TextField(_("what does not work"), max_length=3000, blank=True)
    ingredients = ClusterTaggableManager(through=PracticeIngredient, verbose_name=_("working ingredients"), blank=True)
    maturity = models.CharField(
        _("maturity"),
        max_length=20,
        choices=Maturity.choices,
        default=Maturity.EXPERIMENT,
        help_text=_("Set by an editor: how far the practice has come."),
    )
    # The toolbox shows, on each method page, the practices that use it: method.practices.
    methods = ParentalManyToManyField(
        "toolbox.MethodPage", verbose_name=_("methods used"), blank=True, related_name="practices"
    )

    content_panels = Page.content_panels + [
        DuplicatePracticeWarningPanel(),
        SubmitterPanel(),
        FieldPanel("maturity"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("municipality"),
                FieldPanel("werkplaats"),
                FieldPanel("target_group"),
                FieldPanel("themes"),
                FieldPanel("roles"),
            ],
            heading=_("Where and with whom"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("values_how"),
                FieldPanel("narrative_how"),
                FieldPanel("power_how"),
                FieldPanel("learning_how"),
            ],
            heading=_("Co-creation principles"),
        ),
        FieldPanel("process_description"),
        FieldPanel("what_works"),
        FieldPanel("what_does_not_work"),
        FieldPanel("ingredients"),
        FieldPanel("methods"),
        InlinePanel("links", label=_("Links"), max_num=MAX_LINKS),
        InlinePanel("images", label=_("Images"), max_num=MAX_IMAGES),
        InlinePanel("outcomes", label=_("Outcomes")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("organisation"),
        index.SearchField("target_group"),
        index.SearchField("process_description"),
        index.SearchField("what_works"),
        index.SearchField("what_does_not_work"),
        index.SearchField("values_how"),
        index.SearchField("narrative_how"),
        index.SearchField("power_how"),
        index.SearchField("learning_how"),
        index.FilterField("maturity"),
    ]
    parent_page_types = ["pioneers.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("pioneer practice")
        verbose_name_plural = _("pioneer practices")

    def principles(self):
        """[(Principle, how)] for the principles this practice applies, in the standard order."""
        return [
            (principle, getattr(self, f"{principle.value}_how"))
            for principle in Principle
            if getattr(self, f"{principle.value}_how").strip()
        ]

    def role_labels(self):
        labels = dict(Role.choices)
        return [labels.get(role, role) for role in self.roles]

    def duplicates(self):
        """Other practices with the same name and municipality (the editor is warned)."""
        if not self.title or self.municipality_id is None:
            return PracticePage.objects.none()
        return PracticePage.objects.filter(
            title__iexact=self.title.strip(), municipality_id=self.municipality_id
        ).exclude(pk=self.pk)

    def related_practices(self, limit=4):
        """Live practices sharing the most methods, ingredients or themes with this one."""
        from .registry import related_practices

        return related_practices(self, limit)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = self.related_practices()
        context["methods_live"] = [method for method in self.methods.all() if method.live]
        context["outcomes_published"] = list(self.outcomes.all())
        # The chain: cases that relate to this practice (counted and named through the cases policy).
        from leeratelier.cases.chain import cases_using

        context["cases_using"] = cases_using(request.user, "practices", self)
        return context


class PracticeLink(Orderable):
    page = ParentalKey(PracticePage, related_name="links", on_delete=models.CASCADE)
    url = models.URLField(_("address"), max_length=500)
    label = models.CharField(_("link text"), max_length=150, blank=True)

    panels = [FieldPanel("url"), FieldPanel("label")]


class PracticeImage(Orderable):
    page = ParentalKey(PracticePage, related_name="images", on_delete=models.CASCADE)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(_("alternative text"), max_length=250)

    panels = [FieldPanel("image"), FieldPanel("alt_text")]


class PracticeOutcome(Orderable):
    """One entry in the practice's log of outcomes. The pioneer adds it through the private link
    as a new page revision, so it is moderated like the practice itself."""

    page = ParentalKey(PracticePage, related_name="outcomes", on_delete=models.CASCADE)
    date = models.DateField(_("date"))
    text = models.TextField(_("what came of it"), max_length=2000)

    panels = [FieldPanel("date"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")


def new_secret():
    return secrets.token_urlsafe(24)


class PracticeSubmissionQuerySet(models.QuerySet):
    def expired_unverified(self, now=None, days=30):
        """Unverified submissions older than ``days``: purged (retention)."""
        now = now or timezone.now()
        return self.filter(
            status=PracticeSubmission.Status.UNVERIFIED, created_at__lt=now - timezone.timedelta(days=days)
        )


class PracticeSubmission(models.Model):
    """A pioneer's submission: the contact person, their consent and, until the email address
    is verified, the submitted content (``payload``, ids and texts, no files). After verification
    the content moves to a draft PracticePage in moderation and ``payload`` is emptied.

    ``secret`` is part of the private link (see tokens.py); replacing it revokes old links.
    """

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("Email address not yet verified")
        IN_MODERATION = "moderation", _("Waiting for an editor")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Changes requested")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNVERIFIED)
    page = models.OneToOneField(
        PracticePage,
        verbose_name=_("practice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
    )
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("email address"), max_length=254)
    contact_phone = models.CharField(_("telephone (optional)"), max_length=30, blank=True)
    consent_text = models.TextField(_("consent text shown"))
    consented_at = models.DateTimeField(_("consent given at"))
    language = models.CharField(_("language"), max_length=10, default="nl")
    payload = models.JSONField(_("submitted content"), default=dict, blank=True)
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    form_token = models.CharField(max_length=64, unique=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    objects = PracticeSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice submission")
        verbose_name_plural = _("practice submissions")
        ordering = ["-created_at"]

    def __str__(self):
        return self.page.title if self.page_id else (self.payload or {}).get("title", str(self.pk))


def submission_image_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower()[:5]
    return f"pioneers/submissions/{uuid.uuid4().hex}.{extension}"


class SubmissionImage(models.Model):
    """An image uploaded with a submission, kept here (re-encoded by core.uploads, metadata
    dropped) until verification makes it a Wagtail image on the draft page. Until then it is in
    private storage (PRIVATE_MEDIA_ROOT, never served): an unverified submission is anyone's
    upload, and nothing under MEDIA_URL should show it."""

    submission = models.ForeignKey(PracticeSubmission, on_delete=models.CASCADE, related_name="uploaded_images")
    file = models.FileField(storage=private_storage, upload_to=submission_image_path)
    alt_text = models.CharField(max_length=250)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
