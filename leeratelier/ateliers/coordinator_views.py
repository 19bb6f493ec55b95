"""The coordinator's pages: the members of an atelier (join requests, roles, removal,
invitations), accepting an invitation, and the attendee list of a meeting.

Who may open them is decided by ``access.can(user, "manage", ...)`` (coordinators of the atelier
and site editors); the rules themselves live in services.py."""

import functools
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leeratelier.core import access
from leeratelier.core.views_toolkit import atelier_page, csv_response

from . import changes, services
from .forms import CancelMeetingForm, InviteForm, RemoveForm, SuspendForm
from .models import AtelierPage, ExpertMeetingPage, Invitation, Membership, Registration
from .tokens import INVITATION_MAX_AGE, read_invitation_token

REGISTRATION_STATUS_ORDER = [
    Registration.Status.CONFIRMED,
    Registration.Status.WAITLISTED,
    Registration.Status.UNCONFIRMED,
    Registration.Status.CANCELLED,
]


def manager_view(model):
    """Decorator for the coordinator's views: the view gets the atelier or meeting page instead
    of its id. A visitor goes to the login page (before the id is even looked up, so it reveals
    nothing); a signed-in user who may not manage the page gets a plain 404."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, page_id, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            page = get_object_or_404(model, pk=page_id)
            if not access.can(request.user, "manage", page):
                raise Http404
            return view(request, page, *args, **kwargs)

        return wrapped

    return decorate


def _membership_of(atelier, membership_id):
    """A membership of this atelier only: an id of another atelier's member is a 404."""
    return get_object_or_404(Membership.objects.of_atelier(atelier).select_related("user"), pk=membership_id)


def _back_to_members(atelier):
    return redirect("ateliers:members", atelier.pk)


@manager_view(AtelierPage)
def members(request, atelier):
    """Join requests, members and the invitation form of one atelier."""
    return _members_page(request, atelier, InviteForm())


def _members_page(request, atelier, invite_form, status=200):
    memberships = Membership.objects.of_atelier(atelier).select_related("user")
    still_valid_since = timezone.now() - timedelta(seconds=INVITATION_MAX_AGE)
    return render(
        request,
        "ateliers/manage/members.html",
        {
            "atelier": atelier,
            "requests": memberships.pending().order_by("created_at"),
            "members": memberships.active().order_by("role", "user__last_name", "user__first_name"),
            "invite_form": invite_form,
            "invitation_days": INVITATION_MAX_AGE // (60 * 60 * 24),
            "open_invitations": Invitation.objects.filter(
                atelier_key=atelier.translation_key, accepted_at__isnull=True, created_at__gte=still_valid_since
            ).order_by("-created_at"),
        },
        status=status,
    )


@require_POST
@manager_view(AtelierPage)
def decide(request, atelier, membership_id):
    """Approve or decline a join request; services.decide emails the person."""
    membership = _membership_of(atelier, membership_id)
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        return _back_to_members(atelier)
    approve = decision == "approve"
    services.decide(membership, approve=approve, by=request.user)
    name = _person(membership.user)
    if approve:
        messages.success(request, _("%(name)s is now a member.") % {"name": name})
    else:
        messages.success(request, _("The request of %(name)s has been declined.") % {"name": name})
    return _back_to_members(atelier)


@require_POST
@manager_view(AtelierPage)
def set_role(request, atelier, membership_id):
    membership = _membership_of(atelier, membership_id)
    role = request.POST.get("role")
    if role not in Membership.Role.values:
        return _back_to_members(atelier)
    try:
        services.set_role(membership, role, by=request.user)
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        if role == Membership.Role.COORDINATOR:
            messages.success(request, _("%(name)s is now a coordinator.") % {"name": _person(membership.user)})
        else:
            messages.success(
                request, _("%(name)s is now a member, no longer a coordinator.") % {"name": _person(membership.user)}
            )
    if not access.can(request.user, "manage", atelier):
        return redirect(atelier.url or "/")
    return _back_to_members(atelier)


@manager_view(AtelierPage)
def remove(request, atelier, membership_id):
    """Removing someone takes a confirmation step: a page with a required checkbox."""
    membership = _membership_of(atelier, membership_id)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_member(membership, by=request.user)
        except services.NotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(name)s has been removed from the atelier.") % {"name": _person(membership.user)}
            )
            if not access.can(request.user, "manage", atelier):
                return redirect(atelier.url or "/")
        return _back_to_members(atelier)
    return render(
        request,
        "ateliers/manage/remove_confirm.html",
        {"atelier": atelier, "membership": membership, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@manager_view(AtelierPage)
def suspend(request, atelier, membership_id):
    """Suspend a member: a page with the reason and whether they keep reading (POST saves)."""
    membership = _membership_of(atelier, membership_id)
    form = SuspendForm(
        request.POST or None,
        initial={"reason": membership.suspension_reason, "keep_reading": not membership.suspension_blocks_reading},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.suspend(membership, request.user, form.cleaned_data["reason"], form.cleaned_data["keep_reading"])
        except services.NotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s is suspended in this atelier.") % {"name": _person(membership.user)})
        return _back_to_members(atelier)
    return render(
        request,
        "ateliers/manage/suspend.html",
        {"atelier": atelier, "membership": membership, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@manager_view(AtelierPage)
def reinstate(request, atelier, membership_id):
    membership = _membership_of(atelier, membership_id)
    try:
        services.reinstate(membership, request.user)
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The suspension of %(name)s has been lifted.") % {"name": _person(membership.user)})
    return _back_to_members(atelier)


@require_POST
@manager_view(AtelierPage)
def invite(request, atelier):
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _members_page(request, atelier, form, status=400)
    try:
        services.invite(
            atelier,
            form.cleaned_data["email"],
            by=request.user,
            language=get_language(),
            anyone_with_link=form.cleaned_data["anyone_with_link"],
        )
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("An invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]}
        )
    return _back_to_members(atelier)


def _open_invitation(token):
    """The invitation behind a link, or None when the link is tampered with, expired, already
    used, or its atelier is gone."""
    try:
        invitation = Invitation.objects.get(pk=read_invitation_token(token))
    except (signing.BadSignature, ValueError, Invitation.DoesNotExist):
        return None
    if invitation.accepted_at is not None:
        return None
    return invitation


def _link_invalid(request):
    return render(request, "ateliers/link_invalid.html", status=400)


@login_required
def accept_invitation(request, token):
    """The invitation link: a confirmation page, then (POST) the membership. Opening the link
    changes nothing, so mail scanners that follow links cannot use it up."""
    invitation = _open_invitation(token)
    try:
        atelier = atelier_page(key=invitation.atelier_key) if invitation else None
    except Http404:  # the atelier is gone
        atelier = None
    if atelier is None:
        return _link_invalid(request)
    context = {"atelier": atelier, "invitation": invitation}
    if not services.may_accept(invitation, request.user):
        # Someone else's invitation (a forwarded link): say so, change nothing; the link still
        # works for the invited person.
        return render(request, "ateliers/manage/accept_invitation.html", {**context, "wrong_account": True}, status=403)
    if request.method == "POST":
        try:
            services.accept_invitation(invitation, request.user)
        except services.WrongAccount:
            return render(
                request, "ateliers/manage/accept_invitation.html", {**context, "wrong_account": True}, status=403
            )
        except services.NotAllowed:
            return _link_invalid(request)
        messages.success(request, _("Welcome! You are now a member of this atelier."))
        return redirect(atelier.url or "/")
    return render(request, "ateliers/manage/accept_invitation.html", context)


@manager_view(ExpertMeetingPage)
def attendees(request, meeting):
    """Everyone registered for the meeting, in both language versions (they share the
    translation_key), grouped by status."""
    registrations = _registrations(meeting)
    groups = [(status.label, [r for r in registrations if r.status == status]) for status in REGISTRATION_STATUS_ORDER]
    return render(
        request,
        "ateliers/manage/attendees.html",
        {
            "meeting": meeting,
            "atelier": access.atelier_of(meeting),
            "groups": groups,
            "has_registrations": bool(registrations),
            "seats_left": services.seats_left(meeting),
            "attended_count": changes.attended_count(meeting),
            "attendance_open": meeting.start <= timezone.now(),
        },
    )


@require_POST
@manager_view(ExpertMeetingPage)
def attendance(request, meeting, registration_id):
    """Check one person on the list: attended, or did not come. Only confirmed places count;
    the meeting's number of attendees is counted from these checks."""
    registration = get_object_or_404(
        Registration.objects.of_meeting(meeting).confirmed().select_related("user"), pk=registration_id
    )
    choice = request.POST.get("attended")
    if choice not in ("yes", "no"):
        messages.error(request, _("Choose attended or did not come."))
    elif meeting.start > timezone.now():
        messages.error(request, _("Attendance can be checked once the meeting has started."))
    else:
        changes.set_attendance(registration, choice == "yes")
        if choice == "yes":
            messages.success(request, _("%(name)s attended.") % {"name": registration.display_name})
        else:
            messages.success(request, _("%(name)s did not come.") % {"name": registration.display_name})
    return redirect(f"{reverse('ateliers:attendees', args=[meeting.pk])}#registration-{registration.pk}")


@manager_view(ExpertMeetingPage)
def cancel_meeting(request, meeting):
    """The coordinator cancels the meeting on the site: a confirmation page, then the POST."""
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changes.cancel_meeting(meeting, by=request.user)
        except services.NotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The meeting has been cancelled. Everyone who registered gets an email."))
        return redirect(meeting.localized.url if meeting.live else reverse("ateliers:attendees", args=[meeting.pk]))
    people = Registration.objects.of_meeting(meeting).current().count()
    return render(
        request,
        "ateliers/manage/cancel_meeting.html",
        {"meeting": meeting, "atelier": access.atelier_of(meeting), "form": form, "people": people},
        status=400 if request.method == "POST" else 200,
    )


@manager_view(ExpertMeetingPage)
def attendees_csv(request, meeting):
    """The attendee list as a CSV file. The file name holds the meeting's id, never its title."""
    attendance_labels = {True: _("attended"), False: _("did not come"), None: ""}
    rows = (
        [
            registration.display_name,
            registration.email,
            registration.get_status_display(),
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            attendance_labels[registration.attended],
        ]
        for registration in _registrations(meeting)
    )
    header = [_("Name"), _("Email address"), _("Status"), _("Registered at"), _("Attendance")]
    return csv_response(f"attendees-meeting-{meeting.pk}.csv", header, rows)


def _registrations(meeting):
    order = {status: position for position, status in enumerate(REGISTRATION_STATUS_ORDER)}
    registrations = Registration.objects.of_meeting(meeting).select_related("user")
    return sorted(registrations, key=lambda r: (order.get(r.status, len(order)), r.waitlisted_at or r.created_at, r.pk))


def _person(user):
    return user.get_full_name() or user.get_username()
