"""Members' experiences with a method."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from leeratelier.cases.models import HiddenState
from leeratelier.core.rendering import MarkdownMixin


class MethodExperienceQuerySet(models.QuerySet):
    def of_method(self, method):
        return self.filter(method_key=method.translation_key)


class MethodExperience(MarkdownMixin, HiddenState):
    """A member's short experience with a method, optionally naming the atelier that used it.

    Keyed by the method page's ``translation_key`` (like memberships are keyed by the atelier's),
    so the Dutch and English pages of a method show the same experiences. The atelier is stored
    by its key too; whether others see it is decided in the toolbox policy (only where it is public).
    The text is Markdown, stored with its sanitised HTML and the sanitiser version (MarkdownMixin).
    """

    markdown_fields = ("text",)
    MAX_LENGTH = 1500

    method_key = models.UUIDField(_("method"), db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="method_experiences",
    )
    atelier_key = models.UUIDField(_("atelier that used it"), null=True, blank=True)
    text = models.TextField(_("your experience"), max_length=MAX_LENGTH)
    text_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    # The one-time token of the form that made it: a second submit of the same form finds it.
    form_token = models.CharField(max_length=64, editable=False)

    objects = MethodExperienceQuerySet.as_manager()

    class Meta:
        verbose_name = _("experience with a method")
        verbose_name_plural = _("experiences with methods")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["author", "form_token"], name="one_experience_per_form"),
        ]

    def __str__(self):
        return f"Experience {self.pk}"

    def excerpt(self):
        return Truncator(self.text).words(12)

    excerpt.short_description = _("experience")

    def save(self, *args, **kwargs):
        self.render_sources()
        super().save(*args, **kwargs)


class ExperienceRevision(models.Model):
    """The text of an experience before an edit: edits keep a history (as posts do)."""

    experience = models.ForeignKey(MethodExperience, on_delete=models.CASCADE, related_name="revisions")
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    content = models.JSONField(_("content before the edit"))

    class Meta:
        verbose_name = _("revision of an experience")
        verbose_name_plural = _("revisions of experiences")
        ordering = ["-created_at", "-id"]
