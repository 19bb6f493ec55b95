"""The rules of joining ateliers and registering for meetings, in one place. Views, the admin
and commands call these; each runs in one transaction and queues its emails in the outbox in
that same transaction, so an email goes out if and only if the change was saved."""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Page

from leeratelier.core import access, audit, outbox

from . import events, policy
from .models import AtelierPage, Membership, Registration


class NotAllowed(Exception):
    """A rule said no; ``str(error)`` is a message for the person, in their language."""


# --- membership ------------------------------------------------------------------------------


def coordinator_users(atelier):
    from django.contrib.auth import get_user_model

    keys = Membership.objects.coordinators().of_atelier(atelier).values("user_id")
    return get_user_model().objects.filter(pk__in=keys, is_active=True)


@transaction.atomic
def ask_to_join(atelier, user, motivation=""):
    """Join an open atelier at once, or ask the coordinators of an on-request atelier.
    Asking twice changes nothing; a declined person may ask again."""
    if atelier.join_mode == AtelierPage.JoinMode.INVITATION:
        raise NotAllowed(_("This atelier only admits people by invitation of its coordinators."))
    membership, created = Membership.objects.get_or_create(
        atelier_key=atelier.translation_key, user=user, defaults={"motivation": motivation}
    )
    if membership.is_active or (membership.status == Membership.Status.REQUESTED and not created):
        return membership
    membership.motivation = motivation
    membership.created_at = timezone.now()
    if atelier.join_mode == AtelierPage.JoinMode.OPEN:
        membership.status = Membership.Status.ACTIVE
        membership.decided_at = timezone.now()
        membership.save()
        audit.record(user, audit.Action.MEMBERSHIP_JOINED, membership, atelier)
        _welcome(membership)
    else:
        membership.status = Membership.Status.REQUESTED
        membership.save()
        audit.record(user, audit.Action.MEMBERSHIP_REQUESTED, membership, atelier)
        for coordinator in coordinator_users(atelier):
            outbox.enqueue(
                key=f"join-request:{membership.pk}:{membership.created_at.timestamp():.0f}:{coordinator.pk}",
                kind="atelier-join-request",
                recipient=coordinator.email,
                language=preferred_language(coordinator),
                context={"membership": membership.pk, "atelier": atelier.pk},
            )
    access.forget_roles(user)
    return membership


@transaction.atomic
def decide(membership, approve, by):
    """A coordinator approves or declines a join request; the person is told."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.REQUESTED:
        return membership
    membership.status = Membership.Status.ACTIVE if approve else Membership.Status.DECLINED
    membership.decided_at, membership.decided_by = timezone.now(), by
    membership.save()
    audit.record(by, audit.Action.MEMBERSHIP_DECIDED, membership, membership.atelier_key, status=membership.status)
    # The person is told (in the site, and by email as they chose) by the notifications component.
    events.join_decided.send(sender=Membership, membership=membership, approved=approve)
    return membership


def _welcome(membership):
    """The welcome email of a new member, with the next steps (once per joining). An approved
    join request gets it as the decision email instead (``decide``)."""
    outbox.enqueue(
        key=f"atelier-welcome:{membership.pk}:{membership.decided_at.timestamp():.0f}",
        kind="atelier-welcome",
        recipient=membership.user.email,
        language=preferred_language(membership.user),
        context={"membership": membership.pk},
    )


def preferred_language(user):
    profile = getattr(user, "profile", None)
    return getattr(profile, "language", None) or "nl"


# --- meetings --------------------------------------------------------------------------------


def meeting_pages(meeting):
    """Every language version of a meeting, locked for the rest of the transaction. Locking the
    page rows makes two people taking the last seat at once queue behind each other."""
    return list(Page.objects.select_for_update().filter(translation_key=meeting.translation_key).order_by("pk"))


def seats_left(meeting):
    """Free places (None: no limit). Counted over both language versions of the meeting."""
    return seats_left_by_meeting([meeting])[meeting.translation_key]


def seats_left_by_meeting(meetings):
    """{translation_key: free places or None} for many meetings with one query (lists)."""
    limited = [meeting.translation_key for meeting in meetings if meeting.capacity is not None]
    taken = {}
    if limited:
        taken = dict(
            Registration.objects.confirmed()
            .filter(meeting_key__in=limited)
            .values("meeting_key")
            .annotate(count=Count("pk"))
            .values_list("meeting_key", "count")
        )
    return {
        meeting.translation_key: None
        if meeting.capacity is None
        else max(meeting.capacity - taken.get(meeting.translation_key, 0), 0)
        for meeting in meetings
    }


def registration_closed_reason(meeting, now=None):
    """None while registration is open, else a message saying why not."""
    now = now or timezone.now()
    opens, closes = meeting.registration_window()
    if meeting.cancelled:
        return _("This meeting has been cancelled.")
    if meeting.end <= now:
        return _("This meeting has already taken place.")
    if opens and now < opens:
        return _("Registration opens on %(date)s.") % {
            "date": date_format(timezone.localtime(opens), "DATETIME_FORMAT")
        }
    if now >= closes:
        return _("Registration for this meeting has closed.")
    return None


def registration_of(meeting, user):
    if not user.is_authenticated:
        return None
    return Registration.objects.of_meeting(meeting).filter(user=user).first()


@transaction.atomic
def register(meeting, user=None, guest_name="", guest_email="", language="nl"):
    """Register a member (or, where the meeting allows guests, a guest) for a meeting.
    Registering twice returns the existing registration. A full meeting puts people on the
    waitlist; a guest's place counts only once they confirm their email address."""
    reason = registration_closed_reason(meeting)
    if reason:
        raise NotAllowed(reason)
    as_member = user is not None and user.is_authenticated and access.is_member(user, access.atelier_of(meeting))
    if not as_member and not meeting.guests_allowed:
        raise NotAllowed(_("Only members of this atelier can register for this meeting."))
    meeting = lock_meeting(meeting.translation_key) or meeting
    reason = registration_closed_reason(meeting)  # again: a cancellation may have just committed
    if reason:
        raise NotAllowed(reason)
    known_to_registrants(meeting)
    registrations = Registration.objects.of_meeting(meeting)
    if as_member:
        registration = registrations.filter(user=user).first() or Registration(
            meeting_key=meeting.translation_key, user=user
        )
    else:
        email = (guest_email or (user.email if user and user.is_authenticated else "")).strip().lower()
        registration = registrations.filter(user__isnull=True, guest_email=email).first() or Registration(
            meeting_key=meeting.translation_key, guest_email=email
        )
        registration.guest_name = guest_name or (user.get_full_name() if user and user.is_authenticated else "")
    if registration.pk and registration.status != Registration.Status.CANCELLED:
        return registration
    registration.language = language
    registration.created_at = timezone.now()
    registration.cancelled_at = None
    if as_member:
        _take_seat_or_wait(meeting, registration)
    else:
        registration.status = Registration.Status.UNCONFIRMED
        registration.save()
        _notify(registration, "meeting-guest-confirm")
    return registration


@transaction.atomic
def confirm_guest(registration):
    """The guest clicked the emailed link: now they take a seat (or the waitlist)."""
    meeting = lock_meeting(registration.meeting_key)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.UNCONFIRMED:
        return registration
    reason = registration_closed_reason(meeting)
    if reason:
        raise NotAllowed(reason)
    _take_seat_or_wait(meeting, registration)
    return registration


def _take_seat_or_wait(meeting, registration):
    left = seats_left(meeting)
    if left is None or left > 0:
        registration.status = Registration.Status.CONFIRMED
        registration.waitlisted_at = None
        registration.save()
        _notify(registration, "meeting-registration-confirmed")
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.waitlisted_at = timezone.now()
        registration.save()
        _notify(registration, "meeting-waitlisted")


@transaction.atomic
def cancel(registration):
    """Cancel a registration and give a freed seat to the first person on the waitlist."""
    meeting = lock_meeting(registration.meeting_key)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save()
    if was_confirmed and meeting is not None:
        promote_waitlist(meeting)
    return registration


@transaction.atomic
def erase_guest(registration):
    """A guest erases what is stored about them: the registration row goes, a seat it held goes
    to the waitlist, emails about it not yet sent are dropped (they would name a person who is no
    longer there), and the emails already sent lose the address at once (the rows stay as the
    record that they went out, as after the outbox retention)."""
    from leeratelier.core.models import OutboxEmail
    from leeratelier.core.privacy import forget_addresses

    meeting = lock_meeting(registration.meeting_key)
    registration = Registration.objects.select_for_update().filter(pk=registration.pk, user__isnull=True).first()
    if registration is None:
        return False
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    emails = OutboxEmail.objects.filter(recipient=registration.guest_email, context__registration=registration.pk)
    emails.exclude(status=OutboxEmail.Status.SENT).delete()
    forget_addresses(emails.filter(status=OutboxEmail.Status.SENT))
    registration.delete()
    if was_confirmed and meeting is not None:
        promote_waitlist(meeting)
    return True


def promote_waitlist(meeting):
    """Fill free seats from the waitlist, first come first served. Call inside the transaction
    that freed (or added) the seats, with the meeting read by ``lock_meeting`` there: the
    capacity counted is then the one saved last, whoever raised it at the same moment."""
    promoted = []
    if meeting.cancelled:
        return promoted
    left = seats_left(meeting)
    waiting = Registration.objects.of_meeting(meeting).waitlisted()
    for registration in waiting[: left if left is not None else None]:
        registration.status = Registration.Status.CONFIRMED
        registration.waitlisted_at = None
        registration.save()
        _notify(registration, "meeting-waitlist-promoted")
        promoted.append(registration)
    return promoted


def meeting_page_for_key(key):
    from .models import ExpertMeetingPage

    return ExpertMeetingPage.objects.filter(translation_key=key).order_by("pk").first()


# The facts a registrant plans around: changing one of them is a move (see changes.py).
SCHEDULE_FIELDS = ("start", "end", "venue", "online_url")


def announced_facts(meeting):
    return {field: getattr(meeting, field) for field in (*SCHEDULE_FIELDS, "cancelled")}


def known_to_registrants(meeting):
    """What the people registering now are told (the live page), kept as the starting point
    against which a later publish finds a change. Made at the first registration when the
    meeting was put live without a publish (the demo, imports, the test factories)."""
    from .models import MeetingAnnouncement

    return MeetingAnnouncement.objects.get_or_create(
        meeting_key=meeting.translation_key, defaults=announced_facts(meeting)
    )[0]


def lock_meeting(key):
    """Lock every language version of a meeting (see ``meeting_pages``) and return its source
    version (the first created), read after the lock: its capacity and cancelled state are then
    the ones saved last, not those a request read before it queued."""
    pages = list(Page.objects.select_for_update().filter(translation_key=key).order_by("pk"))
    return meeting_page_for_key(key) if pages else None


def _notify(registration, kind):
    outbox.enqueue(
        key=f"{kind}:{registration.pk}:{registration.created_at.timestamp():.0f}",
        kind=kind,
        recipient=registration.email,
        language=registration.language,
        context={"registration": registration.pk},
    )


# --- members management (coordinators) ------------------------------------------------------


def atelier_for_key(key):
    """The original (first created) page of an atelier, or None when it no longer exists."""
    return AtelierPage.objects.filter(translation_key=key).order_by("pk").first()


def atelier_names(atelier_keys, language):
    """{atelier key: the atelier's name in ``language``, else its original (Dutch) one}, in one
    query: what notifications and emails call an atelier. A key whose atelier is gone is left out.
    Keys may be UUIDs or their text (as stored in an email's context); the answer uses the same."""
    given = {str(key): key for key in atelier_keys if key}
    names = {}
    pages = AtelierPage.objects.filter(translation_key__in=list(given))
    for page in pages.select_related("locale").order_by("pk"):
        key = given[str(page.translation_key)]
        if key not in names or page.locale.language_code == language:
            names[key] = page.title
    return names


def atelier_name(atelier_key, language):
    """One atelier's name in ``language`` (see ``atelier_names``); "" when it is gone."""
    return atelier_names([atelier_key], language).get(atelier_key, "")


def _forget_roles(*users):
    for user in users:
        access.forget_roles(user)


def _lock_for_change(membership):
    """Lock the atelier's coordinator rows, then the membership itself, and return the fresh
    membership and the ids of the coordinators. Coordinator rows are always locked first and in
    one order: two coordinators demoting or removing each other at the same moment then queue
    one behind the other (instead of deadlocking), and the second sees the first's change."""
    coordinators = list(
        Membership.objects.coordinators()
        .filter(atelier_key=membership.atelier_key, user__is_active=True)
        .order_by("pk")
        .select_for_update(of=("self",))
        .values_list("pk", flat=True)
    )
    membership = Membership.objects.select_for_update(of=("self",)).select_related("user").get(pk=membership.pk)
    return membership, coordinators


def _refuse_if_last_coordinator(membership, coordinators):
    """An atelier without a coordinator can be managed by nobody but a site editor, so the last
    (active) coordinator can be neither removed nor demoted."""
    if membership.is_coordinator and not [pk for pk in coordinators if pk != membership.pk]:
        raise NotAllowed(_("An atelier needs at least one coordinator. Make someone else coordinator first."))


@transaction.atomic
def remove_member(membership, by):
    """Take someone out of an atelier (an active member or an open request). The row is deleted
    rather than marked, so the person may ask to join again later."""
    membership, coordinators = _lock_for_change(membership)
    _refuse_if_last_coordinator(membership, coordinators)
    audit.record(
        by,
        audit.Action.MEMBERSHIP_LEFT if by == membership.user else audit.Action.MEMBERSHIP_REMOVED,
        membership,
        membership.atelier_key,
        member=membership.user_id,
    )
    membership.delete()
    _forget_roles(membership.user, by)


@transaction.atomic
def leave(membership):
    """A member leaves an atelier themselves (the last coordinator cannot). Their places at the
    atelier's coming meetings are given up too, each going to the waitlist: registering is for
    members, and a hidden atelier's meetings are no longer theirs to see. Past registrations
    stay (the attendance history of the meeting). Returns the number of places given up."""
    from .models import ExpertMeetingPage

    membership, coordinators = _lock_for_change(membership)
    _refuse_if_last_coordinator(membership, coordinators)
    user = membership.user
    inside = [page.path for page in AtelierPage.objects.filter(translation_key=membership.atelier_key)]
    meeting_keys = set()
    for path in inside:
        meeting_keys |= set(
            ExpertMeetingPage.objects.filter(path__startswith=path).upcoming().values_list("translation_key", flat=True)
        )
    freed = 0
    for registration in Registration.objects.current().filter(user=user, meeting_key__in=meeting_keys).order_by("pk"):
        cancel(registration)
        freed += 1
    audit.record(
        user, audit.Action.MEMBERSHIP_LEFT, membership, membership.atelier_key, member=user.pk, places_given_up=freed
    )
    membership.delete()
    _forget_roles(user)
    return freed


@transaction.atomic
def set_role(membership, role, by):
    """Make an active member coordinator, or a coordinator an ordinary member again."""
    if role not in Membership.Role.values:
        raise ValueError(f"Unknown role {role!r}")
    membership, coordinators = _lock_for_change(membership)
    if not membership.is_active:
        raise NotAllowed(_("Only active members can be given a role."))
    if membership.role == role:
        return membership
    if role == Membership.Role.MEMBER:
        _refuse_if_last_coordinator(membership, coordinators)
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        by, audit.Action.ROLE_CHANGED, membership, membership.atelier_key, member=membership.user_id, role=role
    )
    _forget_roles(membership.user, by)
    return membership


@transaction.atomic
def appoint_coordinator(atelier, email, by, language):
    """An editor appoints a coordinator of ``atelier`` from the Wagtail admin: a person with an
    account (a verified address) becomes an active coordinator at once; anyone else is invited
    as coordinator by email. Returns ("appointed", membership) or ("invited", invitation)."""
    from allauth.account.models import EmailAddress

    email = email.strip()
    address = EmailAddress.objects.filter(email__iexact=email, verified=True).select_related("user").first()
    if address is None or not address.user.is_active:
        return "invited", invite(atelier, email, by, language, role=Membership.Role.COORDINATOR)
    user = address.user
    now = timezone.now()
    membership, created = Membership.objects.select_for_update().get_or_create(
        atelier_key=atelier.translation_key,
        user=user,
        defaults={
            "status": Membership.Status.ACTIVE,
            "role": Membership.Role.COORDINATOR,
            "decided_at": now,
            "decided_by": by,
        },
    )
    if not created and (not membership.is_active or membership.role != Membership.Role.COORDINATOR):
        membership.status, membership.role = Membership.Status.ACTIVE, Membership.Role.COORDINATOR
        membership.decided_at, membership.decided_by = now, by
        membership.save()
    audit.record(
        by,
        audit.Action.ROLE_CHANGED,
        membership,
        membership.atelier_key,
        member=user.pk,
        role=Membership.Role.COORDINATOR,
    )
    _forget_roles(user, by)
    return "appointed", membership


@transaction.atomic
def invite(atelier, email, by, language, role=Membership.Role.MEMBER, anyone_with_link=False):
    """Invite someone by email. The email holds a signed link that expires and works once (see
    tokens.py and ``accept_invitation``); the outbox row stores only the invitation's id.
    ``anyone_with_link``: whoever opens the link may accept it, not only the invited address."""
    from .models import Invitation

    email = email.strip()
    if Membership.objects.of_atelier(atelier).active().filter(user__email__iexact=email).exists():
        raise NotAllowed(_("%(email)s is already a member of this atelier.") % {"email": email})
    invitation = Invitation.objects.create(
        atelier_key=atelier.translation_key, email=email, invited_by=by, role=role, anyone_with_link=anyone_with_link
    )
    audit.record(by, audit.Action.INVITATION_SENT, invitation, atelier)
    outbox.enqueue(
        key=f"atelier-invitation:{invitation.pk}",
        kind="atelier-invitation",
        recipient=email,
        language=language,
        context={"invitation": invitation.pk},
    )
    return invitation


class WrongAccount(NotAllowed):
    """The invitation is for another email address than the signed-in account's."""


def may_accept(invitation, user):
    """Whether ``user`` may accept: the invitation is for anyone with the link, or one of the
    account's verified email addresses is the invited one."""
    from allauth.account.models import EmailAddress

    if invitation.anyone_with_link:
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=invitation.email.strip(), verified=True).exists()


@transaction.atomic
def accept_invitation(invitation, user):
    """The invited person, signed in, accepts: they become an active member, once. The
    invitation row is locked, so two clicks at the same moment cannot both use it."""
    from .models import Invitation

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise NotAllowed(_("This invitation has already been used."))
    if not may_accept(invitation, user):
        raise WrongAccount(
            _(
                "This invitation was sent to another email address than the one of this account. "
                "Sign out and sign in with the invited address (or create an account with it); then "
                "open the link again."
            )
        )
    if atelier_for_key(invitation.atelier_key) is None:
        raise NotAllowed(_("This atelier no longer exists."))
    now = timezone.now()
    membership, created = Membership.objects.get_or_create(
        atelier_key=invitation.atelier_key,
        user=user,
        defaults={
            "status": Membership.Status.ACTIVE,
            "role": invitation.role,
            "decided_at": now,
            "decided_by": invitation.invited_by,
        },
    )
    if not membership.is_active or (
        invitation.role == Membership.Role.COORDINATOR and membership.role != invitation.role
    ):
        membership.status = Membership.Status.ACTIVE
        membership.role = invitation.role if invitation.role == Membership.Role.COORDINATOR else Membership.Role.MEMBER
        membership.decided_at, membership.decided_by = now, invitation.invited_by
        membership.save()
        created = True
    if created:
        _welcome(membership)
    invitation.accepted_at, invitation.accepted_by = now, user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(user, audit.Action.INVITATION_ACCEPTED, invitation, invitation.atelier_key, membership=membership.pk)
    access.forget_roles(user)
    return membership


# --- suspension (moderation) -----------------------------------------------------------------


@transaction.atomic
def suspend(membership, by, reason, keep_reading=True):
    """A coordinator suspends an ordinary member: no posting in the atelier (the access
    function's ``can_post_in``), and without ``keep_reading`` no reading either, until
    ``reinstate``. Suspending again changes the reason and the reading; both are audited."""
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if not policy.can_suspend(by, membership) or not membership.is_active:
        raise NotAllowed(_("Only an ordinary member can be suspended, by a coordinator of the atelier."))
    if not reason.strip():
        raise NotAllowed(_("Give a reason: the member sees it."))
    membership.suspended_at = membership.suspended_at or timezone.now()
    membership.suspension_reason = reason.strip()[:300]
    membership.suspension_blocks_reading = not keep_reading
    membership.suspended_by = by
    membership.save(update_fields=["suspended_at", "suspension_reason", "suspension_blocks_reading", "suspended_by"])
    audit.record(
        by,
        audit.Action.MEMBER_SUSPENDED,
        membership,
        membership.atelier_key,
        member=membership.user_id,
        keep_reading=keep_reading,
    )
    access.forget_roles(membership.user)
    return membership


@transaction.atomic
def reinstate(membership, by):
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if not policy.can_suspend(by, membership):
        raise NotAllowed(_("Only a coordinator of the atelier can lift a suspension."))
    if not membership.is_suspended:
        return membership
    membership.suspended_at, membership.suspension_reason = None, ""
    membership.suspension_blocks_reading, membership.suspended_by = False, None
    membership.save(update_fields=["suspended_at", "suspension_reason", "suspension_blocks_reading", "suspended_by"])
    audit.record(by, audit.Action.MEMBER_REINSTATED, membership, membership.atelier_key, member=membership.user_id)
    access.forget_roles(membership.user)
    return membership
