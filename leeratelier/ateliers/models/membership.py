"""Who belongs to an atelier. Memberships belong to the atelier, not to one language version of
its page: they point at the page's ``translation_key``, which the Dutch and English pages share."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def coordinators(self):
        return self.active().filter(role=Membership.Role.COORDINATOR)

    def pending(self):
        return self.filter(status=Membership.Status.REQUESTED)

    def of_atelier(self, atelier):
        return self.filter(atelier_key=atelier.translation_key)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordinator")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        ACTIVE = "active", _("Member")
        DECLINED = "declined", _("Declined")

    atelier_key = models.UUIDField(_("atelier"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    motivation = models.TextField(_("motivation"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A coordinator's suspension (moderation): the member may not post in the atelier until it
    # is lifted; with ``suspension_blocks_reading`` they do not read it either (the access
    # function then treats them as no member at all). See ateliers.services.suspend.
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.CharField(_("reason for the suspension"), max_length=300, blank=True)
    suspension_blocks_reading = models.BooleanField(_("may not read the atelier while suspended"), default=False)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["atelier_key", "user"], name="one_membership_per_atelier"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.get_status_display()}"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_suspended(self):
        return self.suspended_at is not None

    @property
    def is_coordinator(self):
        return self.is_active and self.role == self.Role.COORDINATOR


class Invitation(models.Model):
    """A coordinator's invitation by email. The link carries a signed, expiring token of this
    row's id; accepting it once sets ``accepted_at``, so a second use grants nothing. Only an
    account with the invited address, verified, may accept it, unless the coordinator chose
    ``anyone_with_link`` when inviting (a link to share in a group, say)."""

    atelier_key = models.UUIDField(_("atelier"), db_index=True)
    email = models.EmailField(_("email address"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    anyone_with_link = models.BooleanField(_("anyone with this link may join"), default=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The role the invited person gets on accepting: an editor appointing the first coordinator
    # of a new atelier invites as coordinator.
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email
