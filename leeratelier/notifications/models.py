"""What someone was told (Notification), how they want to hear of each kind
(NotificationSetting; no row means the kind's default), and the coordinators' announcements."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leeratelier.core.rendering import MarkdownMixin


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately, one email per event")
    WEEKLY = "weekly", _("Once a week, in a digest")
    OFF = "off", _("No email")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def waiting_for_digest(self):
        return self.filter(in_digest=True, digested_at__isnull=True)


class Notification(models.Model):
    """One event one person is told about. ``key`` is unique per event and recipient, so an
    event saved twice makes one notification and one email. The row holds ids only: what the
    list and the emails show is made at display time, in the reader's language, and names the
    atelier and the kind of event, never a title or text."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=40)
    variant = models.CharField(max_length=20, blank=True)
    key = models.CharField(max_length=200, unique=True)
    atelier_key = models.UUIDField(null=True, blank=True)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    in_digest = models.BooleanField(default=False)
    digested_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_list_idx"),
            models.Index(fields=["in_digest", "digested_at"], name="notification_digest_idx"),
        ]

    def __str__(self):
        return f"Notification {self.pk}"

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationSetting(models.Model):
    """How one person hears of one kind of notification by email."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings")
    kind = models.CharField(_("kind"), max_length=40)
    frequency = models.CharField(_("email"), max_length=12, choices=Frequency.choices)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_setting_per_kind")]

    def __str__(self):
        return f"{self.user_id} · {self.kind} · {self.frequency}"


class Announcement(MarkdownMixin, models.Model):
    """A coordinator's message to the members of their atelier. The text (sanitised Markdown)
    is read on the site by members; the emails name the atelier and hold a link."""

    atelier_key = models.UUIDField(_("atelier"), db_index=True)
    title = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=6000)
    body_html = models.TextField(editable=False, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Announcement {self.pk}"

    markdown_fields = ("body",)

    def save(self, *args, **kwargs):
        self.render_sources()
        super().save(*args, **kwargs)
