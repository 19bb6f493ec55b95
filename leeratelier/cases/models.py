"""Cases (casussen) and reflections. Members write Markdown; the sanitised HTML is stored next
to the source with the sanitiser version that made it (``rendered_with``), so a command can
re-render everything when the allowlist or the library changes. The source is never rendered
raw anywhere."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from leeratelier.core.fields import ChoicesListField
from leeratelier.core.models import Role, Track
from leeratelier.core.rendering import MarkdownMixin
from leeratelier.core.storage import private_storage

from . import documents

# On PostgreSQL cases and reflections are searched on their own documents (cases.documents) and
# stay out of Wagtail's index: an index entry per reflection cost every post a second write and
# the generator a third of its time, and nothing read it. On SQLite the Wagtail backend searches.
WAGTAIL_INDEXED = not documents.enabled()


def wagtail_index(*fields):
    """A model's ``search_fields``: these on SQLite, none on PostgreSQL (see WAGTAIL_INDEXED)."""
    return list(fields) if WAGTAIL_INDEXED else []


class HiddenState(models.Model):
    """Hidden by moderation, with the reason its author is shown (and told by email). Shared by
    every kind of post that can be reported (cases, reflections, cycle contributions, method
    experiences)."""

    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class PostState(HiddenState):
    """What cases and reflections share: edited, removed and hidden (moderation) states."""

    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_removed(self):
        return self.removed_at is not None


class Pseudonym(models.Model):
    """The name someone posts under in one atelier. Members see the pseudonym; coordinators can
    see who it is."""

    atelier_key = models.UUIDField(_("atelier"), db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pseudonyms")
    name = models.CharField(_("pseudonym"), max_length=60)

    class Meta:
        verbose_name = _("pseudonym")
        verbose_name_plural = _("pseudonyms")
        constraints = [
            models.UniqueConstraint(fields=["atelier_key", "user"], name="one_pseudonym_per_atelier"),
            models.UniqueConstraint(fields=["atelier_key", "name"], name="unique_pseudonym_in_atelier"),
        ]

    def __str__(self):
        return self.name


def save_with_document(instance, save, *args, **kwargs):
    """Save a case or reflection and its search document in one transaction (PostgreSQL; on
    SQLite the Wagtail index follows through its own signal)."""
    from . import documents

    if not documents.enabled():
        return save(*args, **kwargs)
    with transaction.atomic(savepoint=False):
        save(*args, **kwargs)
        documents.refresh_after_save(instance, kwargs.get("update_fields"))


class CaseQuerySet(models.QuerySet):
    def in_atelier(self, atelier):
        return self.filter(atelier_key=getattr(atelier, "translation_key", atelier))

    def listed(self):
        """Cases that show in a library: not removed (hidden ones show as hidden)."""
        return self.filter(removed_at__isnull=True)

    def with_public_summary(self):
        return self.filter(public_status=Case.PublicStatus.APPROVED, removed_at__isnull=True, hidden_at__isnull=True)


class Case(index.Indexed, MarkdownMixin, PostState):
    class Visibility(models.TextChoices):
        ATELIER = "atelier", _("Members of this atelier")
        MEMBERS = "members", _("All signed-in members of the platform")

    class Stage(models.TextChoices):
        OPEN = "open", _("Open")
        REFLECTING = "reflecting", _("Reflecting")
        RETAINED = "retained", _("Lesson retained")

    class PublicStatus(models.TextChoices):
        NONE = "none", _("Not public")
        PENDING = "pending", _("Public summary awaiting approval")
        APPROVED = "approved", _("Public summary approved")

    markdown_fields = ("situation", "question", "done_so_far", "lesson_learned", "lesson_next_time", "public_summary")

    atelier_key = models.UUIDField(_("atelier"), db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        help_text=_("Empty when the author deleted their account: the case then shows as by a former member."),
    )
    pseudonym = models.ForeignKey(Pseudonym, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    situation = models.TextField(_("situation and context"), max_length=10000)
    situation_html = models.TextField(editable=False, blank=True)
    question = models.TextField(_("question or dilemma"), max_length=4000)
    question_html = models.TextField(editable=False, blank=True)
    done_so_far = models.TextField(_("what was done so far"), max_length=6000, blank=True)
    done_so_far_html = models.TextField(editable=False, blank=True)
    roles = ChoicesListField(_("who is involved"), choices=Role.choices)
    tracks = ChoicesListField(_("tracks of impact"), choices=Track.choices)
    themes = models.ManyToManyField("core.Theme", verbose_name=_("themes"), blank=True, related_name="+")
    # The chain case - method - practice: the methods tried and the practices the case relates
    # to. Pages of either language; lists match them by translation_key. Counting and listing on
    # the method and practice pages goes through the cases policy (leeratelier.cases.chain).
    methods = models.ManyToManyField(
        "toolbox.MethodPage",
        verbose_name=_("methods tried"),
        blank=True,
        related_name="cases",
    )
    practices = models.ManyToManyField(
        "pioneers.PracticePage",
        verbose_name=_("related practices"),
        blank=True,
        related_name="cases",
    )
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.ATELIER
    )
    anonymised_confirmed = models.BooleanField(_("the author confirmed the case is anonymised"), default=False)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.OPEN, db_index=True)
    lesson_learned = models.TextField(_("what I learned"), max_length=4000, blank=True)
    lesson_learned_html = models.TextField(editable=False, blank=True)
    lesson_next_time = models.TextField(_("what I will do differently"), max_length=4000, blank=True)
    lesson_next_time_html = models.TextField(editable=False, blank=True)
    retained_at = models.DateTimeField(_("lesson retained at"), null=True, blank=True)
    public_summary = models.TextField(_("anonymised public summary"), max_length=4000, blank=True)
    public_summary_html = models.TextField(editable=False, blank=True)
    public_status = models.CharField(
        _("public"), max_length=10, choices=PublicStatus.choices, default=PublicStatus.NONE
    )
    public_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # PostgreSQL's own search document (cases.documents): title A, the texts B, GIN-indexed.
    search_document = SearchVectorField(null=True, editable=False)
    # ... and its thread's: the documents of its visible reflections, merged (cases.documents).
    thread_document = SearchVectorField(null=True, editable=False)

    objects = CaseQuerySet.as_manager()

    # Wagtail's index, on SQLite only (see WAGTAIL_INDEXED): searches filter on these FilterFields
    # so hidden, removed and unreadable cases never come back (see cases.library).
    search_fields = wagtail_index(
        index.SearchField("title", boost=2),
        index.SearchField("situation"),
        index.SearchField("question"),
        index.SearchField("done_so_far"),
        index.SearchField("lesson_learned"),
        index.FilterField("atelier_key"),
        index.FilterField("visibility"),
        index.FilterField("stage"),
        index.FilterField("removed_at"),
        index.FilterField("hidden_at"),
        index.FilterField("tracks"),
        index.FilterField("roles"),
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["atelier_key", "-created_at"], name="case_library_idx"),
            # The few approved public summaries, found without reading every case (search, list).
            models.Index(
                fields=["-retained_at"],
                name="case_public_summary_idx",
                condition=Q(public_status="approved", removed_at__isnull=True, hidden_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"Case {self.pk}"  # never the title: str() ends up in logs and the admin

    def save(self, *args, **kwargs):
        self.render_sources()
        save_with_document(self, super().save, *args, **kwargs)


class Reflection(index.Indexed, MarkdownMixin, PostState):
    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        EXPERIENCE = "experience", _("Experience from my own practice")
        THEORY = "theory", _("Link to theory or research")
        ALTERNATIVE = "alternative", _("Alternative approach")

    markdown_fields = ("body",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reflections"
    )
    pseudonym = models.ForeignKey(Pseudonym, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    body = models.TextField(_("reflection"), max_length=8000)
    body_html = models.TextField(editable=False, blank=True)
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies", verbose_name=_("reply to")
    )
    quotes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("quotes")
    )
    helpful = models.BooleanField(_("marked helpful by the author of the case"), default=False)
    # "Reuse", the second step of the cycle: the reflection quotes the retained lesson of another
    # case (with a normal, access-checked link to it). Counted on the case page.
    reuses_lesson_of = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lesson_reused_in",
        verbose_name=_("reuses the lesson of"),
    )

    # PostgreSQL's own search document (cases.documents): the text, weight B, GIN-indexed.
    search_document = SearchVectorField(null=True, editable=False)

    # Wagtail's index, on SQLite only (see WAGTAIL_INDEXED): the "Cases" search tab restricts
    # reflections to cases the reader may see (see cases.search) through these FilterFields.
    search_fields = wagtail_index(
        index.SearchField("body"),
        index.FilterField("case"),
        index.FilterField("removed_at"),
        index.FilterField("hidden_at"),
    )

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="reflection_thread_idx")]

    def __str__(self):
        return f"Reflection {self.pk}"

    def save(self, *args, **kwargs):
        self.render_sources()
        save_with_document(self, super().save, *args, **kwargs)


class PostRevision(models.Model):
    """The text of a case or reflection before an edit: edits keep a history."""

    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    reflection = models.ForeignKey(
        Reflection, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    content = models.JSONField(_("content before the edit"))

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, reflection__isnull=True)
                | Q(case__isnull=True, reflection__isnull=False),
                name="revision_of_one_post",
            )
        ]


class Report(models.Model):
    """A member reports a post. "Identifiable client data" hides the post at once until a
    coordinator has looked.

    A report is of a case, a reflection, or another component's post (a cycle contribution, a
    method experience) through ``content_type``/``object_id``: the cases component knows no
    other component, they register what can be reported (``leeratelier.core.moderation``).
    ``atelier_key`` is the atelier whose coordinators moderate it (None: site editors only)."""

    class Reason(models.TextChoices):
        IDENTIFIABLE = "identifiable", _("Contains identifiable client data")
        HURTFUL = "hurtful", _("Hurtful or disrespectful")
        OTHER = "other", _("Something else")

    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reflection = models.ForeignKey(Reflection, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    atelier_key = models.UUIDField(_("atelier"), null=True, blank=True, db_index=True)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the moderator decided: "hidden" or "kept"; the reporter is told (never who decided).
    outcome = models.CharField(_("outcome"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(case__isnull=False, reflection__isnull=True, content_type__isnull=True)
                    | Q(case__isnull=True, reflection__isnull=False, content_type__isnull=True)
                    | Q(case__isnull=True, reflection__isnull=True, content_type__isnull=False, object_id__isnull=False)
                ),
                name="report_of_one_post",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="report_generic_post_idx")]

    def moderated_in(self):
        """The key of the atelier whose coordinators decide this report (None: site editors
        only). Reports of cases and reflections made before ``atelier_key`` was stored for them
        find it through their case."""
        if self.atelier_key is not None:
            return self.atelier_key
        if self.case_id:
            return self.case.atelier_key
        if self.reflection_id:
            return self.reflection.case.atelier_key
        return None


class Mention(models.Model):
    """A member mentioned by name in a reflection (``@First Last``): recorded once per person
    per reflection, so an edit that keeps the mention tells nobody again (cases.mentions)."""

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [models.UniqueConstraint(fields=["reflection", "user"], name="one_mention_per_person_per_post")]

    def __str__(self):
        return f"Mention {self.pk}"


def attachment_path(attachment, filename):
    """Ids and a random name only: never words from the case or the uploaded file's name."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"cases/{attachment.case_id}/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    """An image or PDF with a case, in private storage (see storage.py). Not a Wagtail image:
    renditions are public files. Served only through the attachment view."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        PDF = "pdf", _("PDF document")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path, max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(_("file name"), max_length=120)
    alt_text = models.CharField(_("description of the image (alt text)"), max_length=250, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Attachment {self.pk}"


class MeetingDiscussion(models.Model):
    """A case was discussed at an expert meeting of its own atelier (a coordinator links them).
    Keyed by the meeting page's translation_key, so both language versions show it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="discussions")
    meeting_key = models.UUIDField(_("meeting"), db_index=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("discussion at a meeting")
        verbose_name_plural = _("discussions at meetings")
        constraints = [models.UniqueConstraint(fields=["case", "meeting_key"], name="case_discussed_once_per_meeting")]

    def __str__(self):
        return f"Case {self.case_id} at meeting {self.meeting_key}"


class SimilarCaseOpened(models.Model):
    """ "Retrieve", the first step of the cycle: a member opened a similar case from the panel on
    this case's page. Once per member and pair, so reloading counts nothing twice."""

    from_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="similar_opened")
    opened_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("similar case opened")
        verbose_name_plural = _("similar cases opened")
        constraints = [
            models.UniqueConstraint(fields=["from_case", "opened_case", "user"], name="similar_case_opened_once"),
        ]

    def __str__(self):
        return f"Case {self.opened_case_id} opened from case {self.from_case_id}"
