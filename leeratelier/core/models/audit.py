from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def of_actor(self, user):
        return self.filter(actor=user)


class AuditEvent(models.Model):
    """One access-relevant action: who did what to which object, in which atelier, and when.

    Written through ``leeratelier.core.audit.record`` in the transaction of the action itself, so
    the log holds exactly the changes that were saved. Rows are never edited or deleted through
    the site (the admin view is read-only, for site admins only).

    ``actor_label`` is what the log shows once the actor's account is gone: "#<id>", never a name
    or email address, because an erased account must leave no personal data behind. ``details``
    holds ids and choice values only, for the same reason.
    """

    class Action(models.TextChoices):
        MEMBERSHIP_JOINED = "membership.joined", _("Joined an atelier")
        MEMBERSHIP_REQUESTED = "membership.requested", _("Asked to join an atelier")
        MEMBERSHIP_DECIDED = "membership.decided", _("Decided on a join request")
        MEMBERSHIP_LEFT = "membership.left", _("Left an atelier")
        MEMBERSHIP_REMOVED = "membership.removed", _("Removed a member")
        ROLE_CHANGED = "membership.role_changed", _("Changed a member's role")
        INVITATION_SENT = "invitation.sent", _("Sent an invitation")
        INVITATION_ACCEPTED = "invitation.accepted", _("Accepted an invitation")
        MODERATION_REPORT = "moderation.report", _("Reported a post")
        MODERATION_HIDE = "moderation.hide", _("Hid a post")
        MODERATION_RESTORE = "moderation.restore", _("Restored a post")
        MEMBER_SUSPENDED = "moderation.suspend", _("Suspended a member")
        MEMBER_REINSTATED = "moderation.unsuspend", _("Lifted a member's suspension")
        DATA_EXPORT_REQUESTED = "privacy.export_requested", _("Asked for a data export")
        DATA_EXPORT_DOWNLOADED = "privacy.export_downloaded", _("Downloaded a data export")
        ACCOUNT_DELETED = "privacy.account_deleted", _("Deleted their account")
        CONSENT_GIVEN = "privacy.consent_given", _("Gave consent")
        CONSENT_WITHDRAWN = "privacy.consent_withdrawn", _("Withdrew consent")
        RETENTION_PURGE = "privacy.retention_purge", _("Purged expired data")
        PARTICIPANT_ERASED = "privacy.participant_erased", _("Erased an outside participant")

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("by (kept after deletion)"), max_length=40, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    atelier_key = models.UUIDField(_("atelier"), null=True, blank=True, db_index=True)
    details = models.JSONField(_("details (ids only)"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        target = f" ({self.target_type} {self.target_id})" if self.target_type else ""
        return f"{self.get_action_display()}{target}"

    @property
    def actor_display(self):
        """The actor as the admin sees them: their current name while the account exists,
        otherwise the kept label."""
        if self.actor is not None:
            return self.actor.get_full_name() or self.actor.get_username()
        if self.actor_label:
            return _("Former member %(label)s") % {"label": self.actor_label}
        return _("The system")
