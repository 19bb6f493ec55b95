"""Mijn leeratelier, the member's own page: my ateliers, my meetings and waitlist places, the
join requests waiting for me as a coordinator, my personal calendar feed, and what to do first
in an atelier joined recently. The other apps add their panels (core.panels)."""

from collections import Counter
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from leeratelier.core import access
from leeratelier.core.i18n import pages_in_active_language

from .feeds import attach_ateliers, personal_feed_url
from .models import AtelierPage, CalendarFeedToken, ExpertMeetingPage, Membership, Registration
from .views import upcoming_meetings


def waitlist_positions(user, meeting_keys):
    """{meeting_key: the user's place on its waitlist (1 = next)}, in one query."""
    if not meeting_keys:
        return {}
    places = Counter()
    positions = {}
    for key, user_id in (
        Registration.objects.waitlisted().filter(meeting_key__in=meeting_keys).values_list("meeting_key", "user_id")
    ):
        places[key] += 1
        if user_id == user.pk:
            positions[key] = places[key]
    return positions


@login_required
def my_page(request):
    """Mijn leeratelier: my ateliers, my meetings and waitlist places, the join requests
    waiting for me as a coordinator, and my personal calendar feed."""
    user = request.user
    roles = access.atelier_roles(user)
    ateliers = AtelierPage.objects.live().filter(translation_key__in=list(roles)).select_related("locale")
    my_ateliers = list(pages_in_active_language(access.visible_pages(user, ateliers)).order_by("title"))
    for atelier in my_ateliers:
        atelier.my_role = roles[atelier.translation_key]

    registrations = {
        registration.meeting_key: registration for registration in Registration.objects.current().filter(user=user)
    }
    meetings = attach_ateliers(
        list(upcoming_meetings(request, ExpertMeetingPage.objects.filter(translation_key__in=list(registrations))))
    )
    waitlisted_keys = [
        key for key, registration in registrations.items() if registration.status == Registration.Status.WAITLISTED
    ]
    positions = waitlist_positions(user, waitlisted_keys)
    confirmed, waitlisted = [], []
    for meeting in meetings:
        meeting.registration = registrations[meeting.translation_key]
        if meeting.registration.status == Registration.Status.CONFIRMED:
            confirmed.append(meeting)
        else:
            meeting.waitlist_position = positions.get(meeting.translation_key)
            waitlisted.append(meeting)

    coordinated = [key for key, role in roles.items() if role == Membership.Role.COORDINATOR]
    pending_counts = {}
    if coordinated:
        pending_counts = dict(
            Membership.objects.pending()
            .filter(atelier_key__in=coordinated)
            .values("atelier_key")
            .annotate(count=Count("pk"))
            .values_list("atelier_key", "count")
        )
    join_requests = [
        {"atelier": atelier, "count": pending_counts[atelier.translation_key]}
        for atelier in my_ateliers
        if pending_counts.get(atelier.translation_key)
    ]

    return render(
        request,
        "ateliers/my_page.html",
        {
            "my_ateliers": my_ateliers,
            "confirmed_meetings": confirmed,
            "waitlisted_meetings": waitlisted,
            "join_requests": join_requests,
            "next_steps": next_steps(request, my_ateliers),
            "personal_feed_url": personal_feed_url(CalendarFeedToken.for_user(user)),
        },
    )


NEW_MEMBER_DAYS = 30


def next_steps(request, my_ateliers):
    """For the ateliers joined in the last NEW_MEMBER_DAYS: what to do first (complete the
    profile, the atelier's next meeting, its case library). Two queries at most, however many
    ateliers: the profile and the next meetings of all of them (the memberships come with the roles)."""
    from leeratelier.accounts.models import profile_of

    new_keys = access.joined_since(request.user, timezone.now() - timedelta(days=NEW_MEMBER_DAYS))
    new_ateliers = [atelier for atelier in my_ateliers if atelier.translation_key in new_keys]
    if not new_ateliers:
        return None
    profile = profile_of(request.user)
    inside = Q()
    for atelier in new_ateliers:
        inside |= Q(path__startswith=atelier.path, depth=atelier.depth + 1)
    next_meeting = {}
    for meeting in upcoming_meetings(request, ExpertMeetingPage.objects.filter(inside)):
        next_meeting.setdefault(meeting.path[: -ExpertMeetingPage.steplen], meeting)
    return {
        "profile_incomplete": not (profile.role and profile.organisation and profile.bio),
        "ateliers": [{"atelier": atelier, "next_meeting": next_meeting.get(atelier.path)} for atelier in new_ateliers],
    }
