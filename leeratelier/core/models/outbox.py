from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEmail(models.Model):
    """One email the platform sends, written in the same transaction as the event that causes it.

    ``key`` names the event and the recipient (e.g. ``registration-confirmed:42:alice@example.org``)
    and is unique, so an event saved twice queues its email once. ``context`` holds ids only: the
    text is rendered from the database at send time, in ``language``. See leeratelier.core.outbox.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("event key"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=100)
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=10)
    context = models.JSONField(_("context (ids only)"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("outbox email")
        verbose_name_plural = _("outbox emails")
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self):
        return f"{self.kind} → {self.recipient} ({self.get_status_display()})"
