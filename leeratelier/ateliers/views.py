"""Views of the ateliers app. Page contexts (used by the pages' get_context) and the actions
people take: join, register, cancel, confirm a guest registration. Rules live in services.py,
visibility in leeratelier.core.access."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leeratelier.core import access
from leeratelier.core.i18n import children_in_active_language, pages_in_active_language
from leeratelier.core.ratelimit import rate_limit

from . import changes, services
from .forms import AtelierFilterForm, GuestRegistrationForm, JoinForm, LeaveForm
from .models import AtelierPage, ExpertMeetingPage, Membership, Registration
from .tokens import read_guest_link_token, read_guest_token

ATELIERS_PER_PAGE = 24
UPCOMING_PER_ATELIER = 3


def visible_ateliers(request):
    ateliers = AtelierPage.objects.live().select_related("werkplaats", "theme", "locale")
    return pages_in_active_language(access.visible_pages(request.user, ateliers))


def upcoming_meetings(request, queryset=None):
    meetings = queryset if queryset is not None else ExpertMeetingPage.objects.all()
    meetings = meetings.live().upcoming().select_related("locale", "theme")
    return pages_in_active_language(access.visible_pages(request.user, meetings)).order_by("start")


def atelier_index_context(request, index_page):
    form = AtelierFilterForm(request.GET or None)
    ateliers = visible_ateliers(request).order_by("title")
    if form.is_valid():
        if form.cleaned_data["werkplaats"]:
            ateliers = ateliers.filter(werkplaats=form.cleaned_data["werkplaats"])
        if form.cleaned_data["theme"]:
            ateliers = ateliers.filter(theme__translation_key=form.cleaned_data["theme"].translation_key)
    page = Paginator(ateliers, ATELIERS_PER_PAGE).get_page(request.GET.get("page"))
    # Upcoming meetings of the ateliers on this page: one query, grouped by atelier path.
    ateliers_on_page = list(page.object_list)
    by_path = defaultdict(list)
    if ateliers_on_page:
        inside = Q()
        for atelier in ateliers_on_page:
            inside |= Q(path__startswith=atelier.path)
        for meeting in upcoming_meetings(request).filter(inside):
            by_path[meeting.path[: -ExpertMeetingPage.steplen]].append(meeting)
    for atelier in ateliers_on_page:
        atelier.upcoming = by_path[atelier.path][:UPCOMING_PER_ATELIER]
    return {"filter_form": form, "ateliers": ateliers_on_page, "page_obj": page}


def atelier_page_context(request, atelier):
    memberships = Membership.objects.of_atelier(atelier)
    coordinators = [m.user for m in memberships.coordinators().select_related("user").order_by("user__last_name")]
    mine = memberships.filter(user=request.user).first() if request.user.is_authenticated else None
    meetings = list(children_in_active_language(atelier, ExpertMeetingPage).order_by("start"))
    now = timezone.now()
    return {
        "coordinators": coordinators,
        "member_count": memberships.active().count(),
        "my_membership": mine,
        "can_join": access.can(request.user, "join", atelier),
        "can_manage": access.can(request.user, "manage", atelier),
        "upcoming": [m for m in meetings if m.end >= now],
        "past": sorted((m for m in meetings if m.end < now), key=lambda m: m.start, reverse=True)[:12],
        "pending_count": memberships.pending().count() if access.can(request.user, "manage", atelier) else 0,
    }


def meeting_page_context(request, meeting):
    registration = services.registration_of(meeting, request.user)
    atelier = access.atelier_of(meeting)
    is_member = access.is_member(request.user, atelier)
    confirmed = registration is not None and registration.status == Registration.Status.CONFIRMED
    return {
        "atelier": atelier,
        "registration": registration,
        "seats_left": services.seats_left(meeting),
        "closed_reason": services.registration_closed_reason(meeting),
        "can_register_as_member": is_member,
        "can_register_as_guest": meeting.guests_allowed and not is_member,
        "show_online_link": confirmed and bool(meeting.online_url),
        "can_manage": access.can(request.user, "manage", atelier),
        "speakers": list(meeting.speakers.select_related("photo")),
        "attended_count": changes.attended_count(meeting) if meeting.is_past else None,
        "documents": list(meeting.documents.select_related("document")),
    }


def _page_or_404(request, model, page_id):
    """A live page the user may see, by id; a plain 404 (or the login page) otherwise."""
    page = get_object_or_404(model, pk=page_id, live=True)
    denied = access.check_page(request, page)
    if denied is not None:
        return None, denied
    return page, None


@login_required
@rate_limit(key="user_or_ip", rate="10/h", method="POST")  # hardening: join-request spam
def join(request, page_id):
    atelier, denied = _page_or_404(request, AtelierPage, page_id)
    if denied:
        return denied
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            try:
                membership = services.ask_to_join(atelier, request.user, form.cleaned_data["motivation"])
            except services.NotAllowed as error:
                messages.error(request, str(error))
            else:
                if membership.is_active:
                    messages.success(request, _("Welcome! You are now a member of this atelier."))
                else:
                    messages.success(
                        request,
                        _("Your request has been sent to the coordinators. You will get an email when they decide."),
                    )
            return redirect(atelier.url)
    else:
        form = JoinForm()
    return render(request, "ateliers/join.html", {"atelier": atelier, "form": form})


@login_required
def leave(request, page_id):
    """A member leaves an atelier: a page that says what happens, a checkbox, then the POST."""
    atelier, denied = _page_or_404(request, AtelierPage, page_id)
    if denied:
        return denied
    membership = Membership.objects.of_atelier(atelier).active().filter(user=request.user).first()
    if membership is None:
        raise Http404
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            freed = services.leave(membership)
        except services.NotAllowed as error:
            messages.error(request, str(error))
            return redirect(atelier.url)
        messages.success(request, _("You have left the atelier."))
        if freed:
            messages.info(
                request,
                ngettext(
                    "Your place at %(count)s coming meeting has been given to someone else.",
                    "Your places at %(count)s coming meetings have been given to someone else.",
                    freed,
                )
                % {"count": freed},
            )
        return redirect("ateliers:my_page") if atelier.is_hidden else redirect(atelier.url)
    places = (
        Registration.objects.current()
        .filter(
            user=request.user,
            meeting_key__in=ExpertMeetingPage.objects.descendant_of(atelier).upcoming().values("translation_key"),
        )
        .count()
    )
    return render(
        request,
        "ateliers/leave.html",
        {
            "atelier": atelier,
            "form": form,
            "places": places,
            "last_coordinator": membership.is_coordinator
            and not Membership.objects.of_atelier(atelier)
            .coordinators()
            .exclude(pk=membership.pk)
            .filter(user__is_active=True)
            .exists(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@rate_limit(key="user_or_ip", rate="10/h", method="POST")  # hardening: guest sign-up spam
def register(request, page_id):
    """A member registers with a button on the meeting page (POST). Anyone else registers as a
    guest on this page of its own (GET shows the form): the meeting page then holds no form
    with a CSRF token, so visitors are served it from the page cache."""
    meeting, denied = _page_or_404(request, ExpertMeetingPage, page_id)
    if denied:
        return denied
    guest = {}
    if not access.is_member(request.user, access.atelier_of(meeting)):
        if not meeting.guests_allowed:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(meeting.url)
            messages.error(request, _("Only members of this atelier can register for this meeting."))
            return redirect(meeting.url)
        if request.method == "GET":
            closed = services.registration_closed_reason(meeting)
            form = None if closed else GuestRegistrationForm()
            return render(
                request, "ateliers/guest_registration.html", {"meeting": meeting, "form": form, "closed_reason": closed}
            )
        form = GuestRegistrationForm(request.POST)
        if not form.is_valid():
            return render(request, "ateliers/guest_registration.html", {"meeting": meeting, "form": form}, status=400)
        guest = {"guest_name": form.cleaned_data["name"], "guest_email": form.cleaned_data["email"]}
    elif request.method == "GET":
        return redirect(meeting.url)  # members register with the button on the meeting page
    try:
        registration = services.register(meeting, user=request.user, language=get_language(), **guest)
    except services.NotAllowed as error:
        messages.error(request, str(error))
        return redirect(meeting.url)
    status_messages = {
        Registration.Status.CONFIRMED: _("You are registered. A confirmation with a calendar file is on its way."),
        Registration.Status.WAITLISTED: _(
            "The meeting is full: you are on the waitlist. We email you when a place becomes free."
        ),
        Registration.Status.UNCONFIRMED: _(
            "Almost done: we have sent you an email. Confirm your registration with the link in it."
        ),
    }
    messages.success(request, status_messages[registration.status])
    return redirect(meeting.url)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, page_id):
    """GET asks first (the links on "Mijn leeratelier" come here); POST cancels (the
    confirmation's button, and the button on the meeting page, which is its own confirmation)."""
    meeting, denied = _page_or_404(request, ExpertMeetingPage, page_id)
    if denied:
        return denied
    registration = services.registration_of(meeting, request.user)
    if registration is None or registration.status == Registration.Status.CANCELLED:
        raise Http404
    if request.method == "GET":
        return render(request, "ateliers/cancel_confirm.html", {"meeting": meeting, "registration": registration})
    services.cancel(registration)
    messages.success(request, _("Your registration has been cancelled."))
    if request.POST.get("then") == "my_page":  # a named place, not an address
        return redirect("ateliers:my_page")
    return redirect(meeting.url)


def _guest_link_invalid(request, reason=""):
    return render(request, "ateliers/link_invalid.html", {"reason": reason}, status=400)


@require_http_methods(["GET", "POST"])
def guest_confirm(request, token):
    """The link in the guest's confirmation email. Opening it shows a button; only the POST
    confirms, so a mail scanner that follows links takes no seat."""
    try:
        registration = Registration.objects.get(pk=read_guest_token(token), user__isnull=True)
    except signing.SignatureExpired:
        return _guest_link_invalid(request, _("This link has expired. Register again on the meeting page."))
    except (signing.BadSignature, ValueError, Registration.DoesNotExist):
        return _guest_link_invalid(request)
    meeting = services.meeting_page_for_key(registration.meeting_key).localized
    if registration.status == Registration.Status.CANCELLED:
        return _guest_link_invalid(request, _("This registration has been cancelled. Nothing has been changed."))
    if request.method == "GET":
        return render(request, "ateliers/guest_confirm.html", {"meeting": meeting, "registration": registration})
    try:
        registration = services.confirm_guest(registration)
    except services.NotAllowed as error:
        messages.error(request, str(error))
        return redirect(meeting.url)
    messages.success(
        request,
        _("Thank you, your registration is confirmed.")
        if registration.status == Registration.Status.CONFIRMED
        else _("Thank you. The meeting is full, so you are on the waitlist."),
    )
    return redirect(meeting.url)


def _guest_registration(token):
    """The registration behind a guest's own link, or (None, reason) when the link is forged,
    expired, or belongs to a registration that was erased or made again since."""
    try:
        pk, registered = read_guest_link_token(token)
    except signing.SignatureExpired:
        return None, _(
            "This link has expired. Nothing has been changed. Ask the coordinators of the atelier if you need help."
        )
    except (signing.BadSignature, ValueError):
        return None, ""
    registration = Registration.objects.filter(pk=pk, user__isnull=True).first()
    if registration is None or f"{registration.created_at.timestamp():.0f}" != str(registered):
        return None, _("This registration no longer exists: it was erased, or you registered again and got a new link.")
    return registration, ""


@require_http_methods(["GET", "POST"])
@rate_limit(key="ip", rate="30/h", method="POST")
def guest_registration(request, token):
    """A guest's own page, from the link in their emails: what is stored about them, and
    buttons to cancel or to erase it all. Opening the page changes nothing."""
    registration, reason = _guest_registration(token)
    if registration is None:
        return _guest_link_invalid(request, reason)
    meeting = services.meeting_page_for_key(registration.meeting_key)
    meeting = meeting.localized if meeting else None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel":
            if registration.status == Registration.Status.CANCELLED:
                messages.info(request, _("Your registration was already cancelled. Nothing has been changed."))
            else:
                services.cancel(registration)
                messages.success(request, _("Your registration has been cancelled."))
            return redirect("ateliers:guest_registration", token)
        if action == "erase":
            services.erase_guest(registration)
            return render(request, "ateliers/guest_erased.html", {"meeting": meeting})
        return redirect("ateliers:guest_registration", token)
    return render(
        request,
        "ateliers/guest_registration_own.html",
        {"registration": registration, "meeting": meeting, "atelier": access.atelier_of(meeting) if meeting else None},
    )
