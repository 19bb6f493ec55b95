"""The kinds of email the ateliers app sends through the outbox. Builders load what the
templates need from the ids stored in the row. Emails about a hidden atelier name the atelier
and the kind of event and hold a link, never a meeting's title or text."""

from leeratelier.core import access
from leeratelier.core.outbox import register_kind

from .models import AtelierPage, Membership, Registration


def absolute(path):
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def meeting_context(email):
    from . import services

    registration = Registration.objects.select_related("user").get(pk=email.context["registration"])
    meeting = services.meeting_page_for_key(registration.meeting_key)
    meeting = meeting.get_translation_or_none(_locale(email.language)) or meeting
    atelier = access.atelier_of(meeting)
    return {
        "registration": registration,
        "meeting": meeting,
        "atelier": atelier,
        "private": atelier.is_hidden,
        "meeting_url": absolute(meeting.url),
        "confirm_url": absolute(_guest_confirm_path(registration)),
        "guest_url": absolute(_guest_link_path(registration)) if not registration.user_id else "",
        "change": email.context.get("change", ""),
    }


def _guest_link_path(registration):
    """A guest's own page (cancel, see or erase their data); members use the meeting page.
    Signed at rendering, so its expiry counts from sending (the row stores only the id)."""
    from django.urls import reverse

    from .tokens import guest_link_token

    if registration.user_id:
        return ""
    return reverse("ateliers:guest_registration", args=[guest_link_token(registration)])


def _guest_confirm_path(registration):
    from django.urls import reverse

    from .tokens import guest_token

    if registration.status != Registration.Status.UNCONFIRMED:
        return ""
    return reverse("ateliers:guest_confirm", args=[guest_token(registration)])


def _locale(language):
    from wagtail.models import Locale

    return Locale.objects.filter(language_code=language).first()


def membership_context(email):
    membership = Membership.objects.select_related("user").get(pk=email.context["membership"])
    atelier = AtelierPage.objects.filter(translation_key=membership.atelier_key).order_by("pk").first()
    atelier = atelier.get_translation_or_none(_locale(email.language)) or atelier
    from django.urls import reverse
    from django.utils import translation

    with translation.override(email.language):
        members_url = reverse("ateliers:members", args=[atelier.pk])
    return {
        "membership": membership,
        "atelier": atelier,
        "approved": email.context.get("approved"),
        "atelier_url": absolute(atelier.url),
        "members_url": absolute(members_url),
    }


def meeting_ics(email):
    from .calendar import meeting_calendar

    context = meeting_context(email)
    if context["private"]:
        return []  # an .ics holds the title and text; the member downloads it from the page
    return [("meeting.ics", meeting_calendar([context["meeting"]], show_private=True), "text/calendar")]


def changed_meeting_ics(email):
    """The updated calendar file: the new time and place, or (METHOD:CANCEL) the cancellation.
    Same UID as the file sent at registration, higher SEQUENCE (the live revision's id)."""
    from .calendar import meeting_calendar

    context = meeting_context(email)
    registration = context["registration"]
    cancelled = email.context.get("change") == "cancelled"
    if context["private"] or not (cancelled or registration.status == Registration.Status.CONFIRMED):
        return []
    body = meeting_calendar([context["meeting"]], show_private=True, method="CANCEL" if cancelled else "PUBLISH")
    return [("meeting.ics", body, "text/calendar")]


register_kind("meeting-registration-confirmed", meeting_context, attachments=meeting_ics)
register_kind("meeting-changed", meeting_context, attachments=changed_meeting_ics)
register_kind("meeting-report-published", meeting_context)
register_kind("meeting-waitlisted", meeting_context)
register_kind("meeting-waitlist-promoted", meeting_context, attachments=meeting_ics)
register_kind("meeting-reminder", meeting_context)
register_kind("meeting-guest-confirm", meeting_context)


def welcome_context(email):
    """The welcome (and an approved join request) with the next steps: complete the profile,
    the atelier's meetings, its case library, one's own page."""
    from django.urls import reverse
    from django.utils import translation

    context = membership_context(email)
    with translation.override(email.language):
        context.update(
            {
                "profile_url": absolute(reverse("accounts:profile")),
                "library_url": absolute(reverse("cases:library", args=[context["atelier"].pk])),
                "my_page_url": absolute(reverse("ateliers:my_page")),
            }
        )
    return context


register_kind("atelier-join-request", membership_context)
register_kind("atelier-welcome", welcome_context)


def invitation_context(email):
    """The invitation email's link is signed when the email is rendered, so its expiry counts
    from sending; the row itself keeps only the invitation id, never a token."""
    from django.urls import reverse
    from django.utils import translation

    from . import services
    from .models import Invitation
    from .tokens import INVITATION_MAX_AGE, invitation_token

    invitation = Invitation.objects.get(pk=email.context["invitation"])
    atelier = services.atelier_for_key(invitation.atelier_key)
    atelier = atelier.get_translation_or_none(_locale(email.language)) or atelier
    with translation.override(email.language):
        accept_path = reverse("ateliers:accept_invitation", args=[invitation_token(invitation)])
    return {
        "invitation": invitation,
        "atelier": atelier,
        "accept_url": absolute(accept_path),
        "valid_days": INVITATION_MAX_AGE // (60 * 60 * 24),
    }


register_kind("atelier-invitation", invitation_context)
