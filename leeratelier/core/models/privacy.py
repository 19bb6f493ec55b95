from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SavedDespiteWarning(models.Model):
    """A text that was saved although the privacy check warned about it: its author (or, for a
    public summary, the approving coordinator) confirmed that the findings are not about a real
    person. One generic table for every kind of post, so the coordinators' reports page and the
    editors' queue find them with one query.

    Only the kinds of what was found are kept (``"name,phone"``), never the values or excerpts:
    this row must not become a second copy of the identifying detail.
    """

    class Part(models.TextChoices):
        CASE = "case", _("Case")
        REFLECTION = "reflection", _("Reflection")
        LESSON = "lesson", _("Retained lesson")
        SUMMARY_PROPOSAL = "summary_proposal", _("Public summary (proposal)")
        SUMMARY_APPROVAL = "summary_approval", _("Public summary (approved)")
        CONTRIBUTION = "contribution", _("Cycle contribution")
        EXPERIENCE = "experience", _("Method experience")
        PRACTICE = "practice", _("Pioneer practice")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    part = models.CharField(_("text"), max_length=32, choices=Part.choices)
    atelier_key = models.UUIDField(_("atelier"), null=True, blank=True, db_index=True)
    kinds = models.CharField(_("what was found"), max_length=200)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("text saved despite a privacy warning")
        verbose_name_plural = _("texts saved despite a privacy warning")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        ordering = ["-saved_at", "-pk"]

    def __str__(self):
        return f"{self.get_part_display()} #{self.object_id}"
