"""Mijn leeratelier, the member's own page: my ateliers, my meetings and waitlist places, the
join requests waiting for me as a coordinator, my personal calendar feed, and what to do first
in an atelier joined recently. The other apps add their panels (core.panels).

Everything on it but the form to renew the calendar address (its CSRF token) is the reader's
own, and it is kept in the cache per reader, language, time zone and site (core.generations; a
page with a query, such as another page of a panel, is rendered afresh) under two generations:
the page cache's, which every page publication and every registration and membership moves on
(meeting times and titles, waitlist places, join requests), and the reader's own
(core.panels.reader_generation), which saving or deleting anything of theirs that a panel shows
moves on (the apps' ``my_page_models``). It also turns stale by itself when the first meeting
it lists ends or a recent atelier stops being new."""

from collections import Counter
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from leeratelier.core import access, generations, pagecache, panels
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


def _kept_key(request):
    """The cache key of this reader's page, or None when it is rendered afresh: with anything in
    the query (a panel's other pages, e.g. ``?cases=2``, which its links keep in the query)."""
    if request.GET:
        return None
    return generations.reader_key(request, "my-page")


@login_required
def my_page(request):
    """Mijn leeratelier: my ateliers, my meetings and waitlist places, the join requests
    waiting for me as a coordinator, and my personal calendar feed."""
    key = _kept_key(request)
    kept = None
    if key is not None:
        names = [panels.reader_generation(request.user.pk)]
        kept, stamp = generations.lookup(key, names, extra=(pagecache.generation(),))
    if kept is None:
        context = my_page_context(request)
        kept = {
            "kept_html": render_to_string("ateliers/includes/my_page_kept.html", context, request=request),
            "personal_feed_url": context["personal_feed_url"],
        }
        if key is not None:
            generations.store(key, stamp, kept, stale_at=context["stale_at"])
    return render(request, "ateliers/my_page.html", kept)


def my_page_context(request):
    """What the page shows, and ``stale_at``: when it turns stale by itself (a timestamp, or None)."""
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

    steps = next_steps(request, my_ateliers)
    # A meeting leaves the lists when it ends; an atelier leaves the next steps when it stops
    # being new, and its next meeting makes way for the one after it when it ends.
    moments = [meeting.end for meeting in meetings]
    if steps:
        moments += [step["new_until"] for step in steps["ateliers"]]
        moments += [step["next_meeting"].end for step in steps["ateliers"] if step["next_meeting"]]
    return {
        "my_ateliers": my_ateliers,
        "confirmed_meetings": confirmed,
        "waitlisted_meetings": waitlisted,
        "join_requests": join_requests,
        "next_steps": steps,
        "personal_feed_url": personal_feed_url(CalendarFeedToken.for_user(user)),
        "stale_at": min(moments).timestamp() if moments else None,
    }


NEW_MEMBER_DAYS = 30


def next_steps(request, my_ateliers):
    """For the ateliers joined in the last NEW_MEMBER_DAYS: what to do first (complete the
    profile, the atelier's next meeting, its case library). Two queries at most, however many
    ateliers: the profile and the next meetings of all of them (the memberships come with the roles)."""
    from leeratelier.accounts.models import profile_of

    new_for = timedelta(days=NEW_MEMBER_DAYS)
    new_keys = access.joined_since(request.user, timezone.now() - new_for)
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
        "ateliers": [
            {
                "atelier": atelier,
                "next_meeting": next_meeting.get(atelier.path),
                "new_until": access.joined_at(request.user, atelier.translation_key) + new_for,
            }
            for atelier in new_ateliers
        ],
    }
