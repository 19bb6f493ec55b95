"""The ateliers app's part in people's privacy rights (see leeratelier.core.privacy).

Deleting an account cancels the person's registrations for meetings still to come through
``services.cancel``, so their seats go to the waitlist; their memberships go; an atelier that
loses its last coordinator this way is reported to the site editors (the services refuse that
for a coordinator stepping down, but a person may always delete their account). Invitations
nobody accepted are purged 30 days after their link expired. Guest registrations (name and email
of someone without an account) are erased GUEST_RETENTION_DAYS after their meeting.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy

from leeratelier.core import access, audit, outbox
from leeratelier.core.outbox import register_kind
from leeratelier.core.privacy import RETENTION_DAYS, register_eraser, register_exporter, register_purger

from . import services
from .models import CalendarFeedToken, ExpertMeetingPage, Invitation, Membership, Registration
from .tokens import INVITATION_MAX_AGE

LAST_COORDINATOR_LEFT = "atelier-last-coordinator-left"


def _titles(keys):
    """{translation_key: title} of the original pages, with one query."""
    from .models import AtelierPage

    titles = {}
    for key, title in (
        AtelierPage.objects.filter(translation_key__in=keys).order_by("-pk").values_list("translation_key", "title")
    ):
        titles[key] = title
    return titles


@register_exporter("ateliers", label=gettext_lazy("Ateliers and meetings"))
def export_ateliers(user):
    memberships = list(Membership.objects.filter(user=user).order_by("created_at"))
    registrations = list(Registration.objects.filter(user=user).order_by("created_at"))
    meetings = {}
    for title, key, start in (
        ExpertMeetingPage.objects.filter(
            translation_key__in={registration.meeting_key for registration in registrations}
        )
        .order_by("-pk")
        .values_list("title", "translation_key", "start")
    ):
        meetings[key] = {"title": title, "start": start}
    atelier_titles = _titles({membership.atelier_key for membership in memberships})
    data = {
        "memberships": [
            {
                "atelier": atelier_titles.get(membership.atelier_key, ""),
                "atelier_key": membership.atelier_key,
                "role": membership.role,
                "status": membership.status,
                "motivation": membership.motivation,
                "since": membership.created_at,
                "decided_at": membership.decided_at,
                # A suspension concerns the person: they get its reason (never who decided it).
                "suspended_at": membership.suspended_at,
                "suspension_reason": membership.suspension_reason,
            }
            for membership in memberships
        ],
        "registrations": [
            {
                "meeting": meetings.get(registration.meeting_key, {}).get("title", ""),
                "meeting_start": meetings.get(registration.meeting_key, {}).get("start"),
                "meeting_key": registration.meeting_key,
                "status": registration.status,
                "registered_at": registration.created_at,
                "cancelled_at": registration.cancelled_at,
            }
            for registration in registrations
        ],
        "invitations_accepted": [
            {"atelier_key": invitation.atelier_key, "email": invitation.email, "accepted_at": invitation.accepted_at}
            for invitation in Invitation.objects.filter(accepted_by=user)
        ],
        "personal_calendar_feed": CalendarFeedToken.objects.filter(user=user).exists(),
    }
    return data, []


def site_editors():
    return get_user_model().objects.filter(is_active=True, is_superuser=True).exclude(email="")


@register_eraser
def erase_ateliers_data(user, keep_contributions):
    now = timezone.now()
    upcoming = set(ExpertMeetingPage.objects.filter(end__gt=now).values_list("translation_key", flat=True))
    for registration in Registration.objects.current().filter(user=user, meeting_key__in=upcoming):
        services.cancel(registration)  # frees the seat and promotes the waitlist
    for membership in Membership.objects.filter(user=user).order_by("pk"):
        last_coordinator = (
            membership.is_coordinator
            and not Membership.objects.coordinators()
            .filter(atelier_key=membership.atelier_key, user__is_active=True)
            .exclude(user=user)
            .exists()
        )
        audit.record(user, audit.Action.MEMBERSHIP_LEFT, membership, membership.atelier_key, account_deleted=True)
        membership_id = membership.pk
        membership.delete()
        if last_coordinator:
            atelier = services.atelier_for_key(membership.atelier_key)
            for editor in site_editors().exclude(pk=user.pk):
                outbox.enqueue(
                    key=f"{LAST_COORDINATOR_LEFT}:{membership_id}:{editor.pk}",
                    kind=LAST_COORDINATOR_LEFT,
                    recipient=editor.email,
                    language=services.preferred_language(editor),
                    context={"atelier": atelier.pk} if atelier else {},
                )
    access.forget_roles(user)


def last_coordinator_context(email):
    from django.urls import reverse
    from django.utils import translation

    from .emails import _locale, absolute
    from .models import AtelierPage

    atelier = AtelierPage.objects.filter(pk=email.context.get("atelier")).first()
    if atelier is not None:
        atelier = atelier.get_translation_or_none(_locale(email.language)) or atelier
    with translation.override(email.language):
        members_url = absolute(reverse("ateliers:members", args=[atelier.pk])) if atelier else ""
    return {"atelier": atelier, "members_url": members_url}


register_kind(LAST_COORDINATOR_LEFT, last_coordinator_context)


GUEST_RETENTION_DAYS = 90


@register_purger("guest-registrations")
def purge_guest_registrations(now):
    """Guests' registrations of meetings that ended more than GUEST_RETENTION_DAYS ago, and of
    meetings no longer on the site, registered as long ago. (A meeting moved to a later date in
    one translation counts by its latest end.)"""
    cutoff = now - timedelta(days=GUEST_RETENTION_DAYS)
    meetings = ExpertMeetingPage.objects.all()
    past = set(meetings.filter(end__lt=cutoff).values_list("translation_key", flat=True))
    past -= set(meetings.filter(end__gte=cutoff).values_list("translation_key", flat=True))
    guests = Registration.objects.filter(user__isnull=True)
    deleted, _ = guests.filter(meeting_key__in=past).delete()
    orphans, _ = (
        guests.filter(created_at__lt=cutoff)
        .exclude(meeting_key__in=ExpertMeetingPage.objects.values("translation_key"))
        .delete()
    )
    return deleted + orphans


@register_purger("expired-invitations")
def purge_expired_invitations(now):
    """Invitations not accepted whose link expired more than RETENTION_DAYS ago."""
    cutoff = now - timedelta(seconds=INVITATION_MAX_AGE) - timedelta(days=RETENTION_DAYS)
    deleted, _ = Invitation.objects.filter(accepted_at__isnull=True, created_at__lt=cutoff).delete()
    return deleted
