"""Registrations for expert meetings. Like memberships they belong to the meeting, not to one
language version of its page (``meeting_key`` is the page's translation_key)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "id")

    def current(self):
        """Confirmed or on the waitlist: the registrations that still count."""
        return self.filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED])

    def attended(self):
        return self.filter(attended=True)

    def of_meeting(self, meeting):
        return self.filter(meeting_key=meeting.translation_key)


class Registration(models.Model):
    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    meeting_key = models.UUIDField(_("meeting"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    guest_name = models.CharField(_("name"), max_length=150, blank=True)
    guest_email = models.EmailField(_("email address"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="nl")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    waitlisted_at = models.DateTimeField(_("on the waitlist since"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Checked by a coordinator on the attendee list: True attended, False did not come, None not
    # checked yet. The meeting's number of attendees is counted from it.
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting_key", "user"], condition=Q(user__isnull=False), name="one_registration_per_member"
            ),
            models.UniqueConstraint(
                fields=["meeting_key", "guest_email"],
                condition=Q(user__isnull=True),
                name="one_registration_per_guest_email",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} · {self.get_status_display()}"

    @property
    def display_name(self):
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.guest_name

    @property
    def email(self):
        return self.user.email if self.user_id else self.guest_email


class MeetingAnnouncement(models.Model):
    """What the people registered for a meeting were last told: its time, place and whether it
    is cancelled, and whether its report was announced. A publish of the meeting compares the
    page with this row (locked), so a change is emailed once however often, or by how many
    coordinators at once, the meeting is saved. ``changes`` counts the announced changes; it
    makes each change's outbox keys unique."""

    meeting_key = models.UUIDField(_("meeting"), unique=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.TextField(_("venue address"), blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    changes = models.PositiveIntegerField(_("changes announced"), default=0)
    report_announced_at = models.DateTimeField(_("report announced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting announcement")
        verbose_name_plural = _("meeting announcements")

    def __str__(self):
        return f"{self.meeting_key} · {self.changes}"
