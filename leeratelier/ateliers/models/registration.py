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
