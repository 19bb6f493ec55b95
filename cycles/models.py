"""Learning cycles: an atelier's plan-do-reflect loops around a learning question, steered by a
values compass, and the narrative accountability reports made from them.

A cycle belongs to the atelier, not to one language version of its page: like Membership it
points at the page's ``translation_key``. Plain Django models (not Wagtail pages): cycles are
members-only working material, and their URLs carry ids only.

Text people write (contributions, summaries, score comments) is Markdown; the sanitised HTML is
stored beside it with the sanitiser version (the pattern of leeratelier.cases), never rendered raw.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel

from leeratelier.cases.models import HiddenState
from leeratelier.core.models import Track
from leeratelier.core.rendering import MarkdownMixin
from leeratelier.core.storage import private_storage


def upload_path(instance, filename):
    """Uploaded files get a random name: the file is served through an access-checked view,
    and its address says nothing about its content."""
    extension = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"cycles/{uuid.uuid4().hex}.{extension}"


def in_reader_language(obj, field):
    """A field kept in both languages (``name_nl``, ``name_en``): the reader's, else the Dutch."""
    language = (get_language() or "nl")[:2]
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_nl")


class CycleTemplate(ClusterableModel):
    """The steps a cycle goes through in each loop: plan-do-reflect, the value circle of
    narrative accountability (Hilversum), or any other an editor adds in the admin. A template is
    a row with its steps, not a code path: the cycle copies its steps into each loop's phases."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description_nl = models.TextField(_("description (Dutch)"), max_length=1000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("cycle template")
        verbose_name_plural = _("cycle templates")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return in_reader_language(self, "name")

    @property
    def description(self):
        return in_reader_language(self, "description")


class CycleTemplateStep(models.Model):
    template = ParentalKey(CycleTemplate, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=30, help_text=_("Short and unique within the template, e.g. plan."))
    name_nl = models.CharField(_("name (Dutch)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)
    guidance_nl = models.TextField(_("what happens in this step (Dutch)"), max_length=1000, blank=True)
    guidance_en = models.TextField(_("what happens in this step (English)"), max_length=1000, blank=True)
    scores_values = models.BooleanField(
        _("the values are scored in this step"),
        default=False,
        help_text=_("Participants score the values compass while this step is open. One step per template."),
    )

    panels = [
        FieldPanel("key"),
        FieldPanel("name_nl"),
        FieldPanel("name_en"),
        FieldPanel("guidance_nl"),
        FieldPanel("guidance_en"),
        FieldPanel("scores_values"),
    ]

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="unique_step_key_per_template")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return in_reader_language(self, "name")

    @property
    def guidance(self):
        return in_reader_language(self, "guidance")


def default_template():
    """Plan-do-reflect: the template of a cycle that names none (made if missing, e.g. after a
    test flushed the migration's rows)."""
    from .cycle_templates import ensure_built_in

    return CycleTemplate.objects.filter(key="plan-do-reflect").first() or ensure_built_in(
        CycleTemplate, CycleTemplateStep
    )


class LearningCycleQuerySet(models.QuerySet):
    def in_atelier(self, atelier):
        return self.filter(atelier_key=getattr(atelier, "translation_key", atelier))

    def running(self):
        return self.filter(closed_at__isnull=True)


class LearningCycle(models.Model):
    atelier_key = models.UUIDField(_("atelier"), db_index=True)
    learning_question = models.TextField(_("learning question"), max_length=1000)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_cycles",
        help_text=_("Empty: the atelier's coordinators facilitate."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    template = models.ForeignKey(
        CycleTemplate,
        verbose_name=_("steps"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )

    objects = LearningCycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning cycle")
        verbose_name_plural = _("learning cycles")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="cycle_ends_after_start"),
        ]

    def __str__(self):
        return f"Learning cycle {self.pk}"  # never the question: str() ends up in logs

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The cycle cannot end before it starts.")})

    @property
    def is_closed(self):
        return self.closed_at is not None


class Perspective(models.TextChoices):
    """From where a participant looks at the question: the report shows, per track, what each
    perspective said (the multi-stakeholder view of the Lingewaard example)."""

    RESIDENT = "resident", _("Resident or client")
    EXPERIENCE_EXPERT = "experience_expert", _("Experience expert")
    PROFESSIONAL = "professional", _("Professional")
    VOLUNTEER = "volunteer", _("Volunteer")
    MUNICIPALITY = "municipality", _("Municipality or funder")
    RESEARCHER = "researcher", _("Researcher")


# A member's profile role gives their perspective when they join (they can change it).
PERSPECTIVE_OF_ROLE = {
    "citizen": Perspective.RESIDENT,
    "experience_expert": Perspective.EXPERIENCE_EXPERT,
    "social_worker": Perspective.PROFESSIONAL,
    "social_entrepreneur": Perspective.PROFESSIONAL,
    "volunteer": Perspective.VOLUNTEER,
    "policy_maker": Perspective.MUNICIPALITY,
    "executive": Perspective.MUNICIPALITY,
    "researcher": Perspective.RESEARCHER,
}


class Participant(models.Model):
    """Someone taking part in a cycle: a member of the atelier who joined, or a named outside
    participant without an account (e.g. a resident who takes part in person), recorded by the
    facilitator with their consent."""

    cycle = models.ForeignKey(LearningCycle, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="cycle_participations"
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    consent_text = models.TextField(_("what they consented to"), max_length=1000, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "user"], condition=Q(user__isnull=False), name="one_participation_per_member"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | (~Q(name="") & Q(consent_at__isnull=False)),
                name="outside_participant_named_with_consent",
            ),
        ]

    def __str__(self):
        return f"Participant {self.pk}"

    @property
    def display_name(self):
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.name

    @property
    def is_outside(self):
        return self.user_id is None


class CompassValue(models.Model):
    """One value of the cycle's values compass, with what it means in practice."""

    cycle = models.ForeignKey(LearningCycle, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(_("value"), max_length=80)
    meaning = models.TextField(_("what it means in practice"), max_length=1000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values compass")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class Loop(models.Model):
    cycle = models.ForeignKey(LearningCycle, on_delete=models.CASCADE, related_name="loops")
    number = models.PositiveSmallIntegerField(_("loop"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("loop")
        verbose_name_plural = _("loops")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["cycle", "number"], name="unique_loop_number")]

    def __str__(self):
        return f"Loop {self.number}"


class Phase(MarkdownMixin, models.Model):
    """One step of a loop, copied from the cycle's template: ``kind`` is the step's key."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not started")
        OPEN = "open", _("Current phase")
        CLOSED = "closed", _("Closed")

    markdown_fields = ("summary",)

    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="phases")
    cycle = models.ForeignKey(LearningCycle, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=30)
    step = models.ForeignKey(CycleTemplateStep, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    goal = models.TextField(_("goal"), max_length=2000, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    summary = models.TextField(_("facilitator's summary"), max_length=6000, blank=True)
    summary_html = models.TextField(editable=False, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["loop__number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["loop", "kind"], name="one_phase_of_a_kind_per_loop"),
            models.UniqueConstraint(fields=["cycle"], condition=Q(status="open"), name="one_open_phase_per_cycle"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"Phase {self.pk}"

    @property
    def name(self):
        return self.step.name

    @property
    def scores_values(self):
        return self.step.scores_values

    def save(self, *args, **kwargs):
        self.render_sources()
        super().save(*args, **kwargs)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The phase cannot end before it starts.")})

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class ContributionQuerySet(models.QuerySet):
    def shareable(self):
        """Shared in reports: with consent, and not hidden by moderation."""
        return self.filter(shareable=True, hidden_at__isnull=True)


class Contribution(MarkdownMixin, HiddenState, models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        OBSERVATION = "observation", _("Observation")
        STORY = "story", _("Story")
        INDICATOR = "indicator", _("Indicator value")
        LINK = "link", _("Link to the platform")

    markdown_fields = ("body",)

    cycle = models.ForeignKey(LearningCycle, on_delete=models.CASCADE, related_name="contributions")
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="contributions")
    participant = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="contributions")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    track = models.CharField(_("track of impact"), max_length=12, choices=Track.choices, blank=True)
    body = models.TextField(_("text"), max_length=8000, blank=True)
    body_html = models.TextField(editable=False, blank=True)
    image = models.FileField(_("image"), storage=private_storage, upload_to=upload_path, blank=True)
    image_alt = models.CharField(_("image description (alt text)"), max_length=300, blank=True)
    audio = models.FileField(_("audio"), storage=private_storage, upload_to=upload_path, blank=True)
    audio_type = models.CharField(max_length=40, blank=True, editable=False)
    transcript = models.TextField(_("transcript"), max_length=20000, blank=True)
    indicator_name = models.CharField(_("indicator"), max_length=120, blank=True)
    indicator_value = models.DecimalField(_("number"), max_digits=14, decimal_places=2, null=True, blank=True)
    indicator_unit = models.CharField(_("unit"), max_length=40, blank=True)
    indicator_date = models.DateField(_("date of the value"), null=True, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    meeting_key = models.UUIDField(_("expert meeting"), null=True, blank=True)
    method = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    shareable = models.BooleanField(_("may be shared in a report"), default=False)
    shareable_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["phase", "created_at"], name="contribution_phase_idx")]

    def __str__(self):
        return f"Contribution {self.pk}"

    def save(self, *args, **kwargs):
        self.render_sources()
        super().save(*args, **kwargs)

    def is_author(self, user):
        """Who may edit and remove it: the participant who wrote it, or, for an outside
        participant (no account), the facilitator who recorded it."""
        if not user.is_authenticated or self.participant is None:
            return False
        if self.participant.user_id:
            return self.participant.user_id == user.pk
        return self.recorded_by_id == user.pk


class ContributionRevision(models.Model):
    """The texts of a contribution before an edit: edits keep a history (as posts do)."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="revisions")
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    content = models.JSONField(_("content before the edit"))

    class Meta:
        verbose_name = _("revision of a contribution")
        verbose_name_plural = _("revisions of contributions")
        ordering = ["-created_at", "-id"]


class ValueScore(MarkdownMixin, models.Model):
    """At reflect: did we stay on course? One score (1-5) and a comment per value, participant
    and loop."""

    markdown_fields = ("comment",)

    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="scores")
    value = models.ForeignKey(CompassValue, on_delete=models.CASCADE, related_name="scores")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    comment_html = models.TextField(editable=False, blank=True)
    # Chosen when scoring: the comment is shown to the other participants without a name (and
    # the name is left out of every export for them).
    anonymous = models.BooleanField(_("comment without my name"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("value score")
        verbose_name_plural = _("value scores")
        constraints = [
            models.UniqueConstraint(
                fields=["loop", "value", "participant"], name="one_score_per_value_loop_participant"
            ),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_between_1_and_5"),
        ]

    def save(self, *args, **kwargs):
        self.render_sources()
        super().save(*args, **kwargs)


class Activity(models.Model):
    """Who did what and when in a cycle (shown on the cycle page)."""

    class Action(models.TextChoices):
        STARTED = "started", _("started the cycle")
        JOINED = "joined", _("joined the cycle")
        ADDED_PARTICIPANT = "added_participant", _("added an outside participant")
        CONTRIBUTED = "contributed", _("contributed")
        ADVANCED = "advanced", _("advanced the phase")
        REOPENED = "reopened", _("reopened a phase")
        SUMMARISED = "summarised", _("wrote the phase summary")
        SCORED = "scored", _("scored the values")
        CLOSED = "closed", _("closed the cycle")
        CONSENT = "consent", _("changed consent to share")

    cycle = models.ForeignKey(LearningCycle, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-created_at", "-id"]


class NarrativeReport(MarkdownMixin, models.Model):
    """A narrative accountability report of a cycle, or of an atelier over a period. While a
    draft, ``selection`` holds what the coordinator chose; publishing freezes the selection and
    the numbers into ``snapshot``. Stories in a snapshot still drop out when their author
    withdraws consent (checked each time the report is shown)."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone with the link, the municipality included")
        PRIVATE = "private", _("Private: members of the atelier only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    markdown_fields = ("intro",)

    atelier_key = models.UUIDField(_("atelier"), db_index=True)
    cycle = models.ForeignKey(LearningCycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), max_length=6000, blank=True)
    intro_html = models.TextField(editable=False, blank=True)
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    selection = models.JSONField(default=list, blank=True)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    # A public report of a hidden atelier names the atelier only when the coordinator chose so when
    # publishing: the report is for the municipality, the atelier's existence may not be.
    names_atelier = models.BooleanField(_("name the atelier in the public report"), default=False)

    class Meta:
        verbose_name = _("narrative report")
        verbose_name_plural = _("narrative reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="report_period_in_order"
            ),
        ]

    def __str__(self):
        return f"Narrative report {self.pk}"

    def save(self, *args, **kwargs):
        self.render_sources()
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_public(self):
        return self.is_published and self.visibility == self.Visibility.PUBLIC


class ReportSignOff(models.Model):
    """A named person of the commissioning party (e.g. the municipality's policy officer or its
    auditor, who need no account) asked to sign off a published report. They read it through a
    signed link and record "agreed" or "comments"; the report shows who signed off and when. The
    link holds the fingerprint of the report as it was when they were asked: when a story drops
    out after that, the old link records nothing and they are asked again with a new one."""

    class Decision(models.TextChoices):
        AGREED = "agreed", _("Agreed")
        COMMENTS = "comments", _("Comments")

    report = models.ForeignKey(NarrativeReport, on_delete=models.CASCADE, related_name="sign_offs")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, help_text=_("E.g. policy officer, municipality of Lingewaard."))
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language of the emails"), max_length=8, choices=settings.LANGUAGES, default="nl")
    secret = models.CharField(max_length=32, editable=False)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    asked_fingerprint = models.CharField(max_length=64, editable=False)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    comment = models.TextField(_("comments"), max_length=4000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        ordering = ["asked_at", "id"]

    def __str__(self):
        return f"Sign-off {self.pk}"
