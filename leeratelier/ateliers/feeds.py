"""The feeds of expert meetings: the .ics of one meeting, the public calendar feeds (and the Atom
feed of upcoming public meetings) and a person's own feed. The agenda is in agenda.py, "Mijn
leeratelier" in my_page.py; both use the loading helpers here.

Which meetings anyone sees is decided by ``leeratelier.core.access``. The public feeds are read
as a signed-out visitor reads the site, because calendar apps fetch them without cookies: they
never hold a hidden atelier's meeting, whoever subscribed. The personal feed proves who is
asking with the secret token in its address (``CalendarFeedToken``).

Lists here keep a constant number of queries however many meetings they show: the ateliers of
a page of meetings are loaded in one query.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leeratelier.core import access
from leeratelier.core.i18n import pages_in_active_language
from leeratelier.core.middleware import plain_404
from leeratelier.core.views_toolkit import atelier_page

from . import services
from .calendar import absolute_url, meeting_calendar
from .models import AtelierPage, CalendarFeedToken, ExpertMeetingPage, Registration

# Calendar apps delete events that disappear from a feed; past meetings stay in the personal
# feed for a year so people keep their own history.
PERSONAL_FEED_HISTORY = timedelta(days=365)
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


# --- loading helpers -------------------------------------------------------------------------


def public_upcoming_meetings():
    """Upcoming meetings as a signed-out visitor may see them, in the active language."""
    meetings = ExpertMeetingPage.objects.live().upcoming().select_related("locale")
    return pages_in_active_language(access.visible_pages(AnonymousUser(), meetings)).order_by("start", "pk")


def attach_ateliers(meetings):
    """Set ``meeting.atelier_page``: the meeting's atelier in the active language (its own
    language where the atelier is untranslated). One query for any number of meetings: a
    meeting's atelier is its parent, found by the parent's tree path, and the language versions
    come along through the shared translation_key."""
    parent_paths = {meeting.path[: -ExpertMeetingPage.steplen] for meeting in meetings}
    if not parent_paths:
        return meetings
    parent_keys = AtelierPage.objects.filter(path__in=parent_paths).values("translation_key")
    versions = list(AtelierPage.objects.filter(translation_key__in=parent_keys).select_related("locale"))
    by_path = {atelier.path: atelier for atelier in versions}
    language = get_language()
    in_language = {
        atelier.translation_key: atelier
        for atelier in versions
        if atelier.live and atelier.locale.language_code == language
    }
    for meeting in meetings:
        parent = by_path.get(meeting.path[: -ExpertMeetingPage.steplen])
        meeting.atelier_page = in_language.get(parent.translation_key, parent) if parent else None
    return meetings


def calendar_response(body, filename=None, private=False):
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
    return response


def personal_feed_url(feed_token):
    return absolute_url(reverse("ateliers:personal_feed", args=[feed_token.token]))


# --- calendar files --------------------------------------------------------------------------


def meeting_ics(request, page_id):
    """One meeting as a calendar file, for anyone who may see the meeting. The online link is
    in it only for the reader's own confirmed registration."""
    meeting = get_object_or_404(ExpertMeetingPage, pk=page_id, live=True)
    denied = access.check_page(request, meeting)
    if denied is not None:
        return denied
    registration = services.registration_of(meeting, request.user)
    status = registration.status if registration else None
    confirmed = status == Registration.Status.CONFIRMED
    waitlisted = {meeting.translation_key} if status == Registration.Status.WAITLISTED else set()
    body = meeting_calendar([meeting], show_private=confirmed, waitlisted_keys=waitlisted)
    # Anything a signed-in reader gets may hold members-only details: never cached.
    return calendar_response(body, filename=f"meeting-{meeting.pk}.ics", private=request.user.is_authenticated)


def site_feed(request):
    """Upcoming meetings of every public atelier."""
    return calendar_response(meeting_calendar(public_upcoming_meetings(), name=_("Leeratelier: expert meetings")))


@plain_404  # calendar apps fetch without a session; a hidden atelier has no feed for anyone
def atelier_feed(request, page_id):
    """Upcoming meetings of one public atelier; a hidden atelier has no feed (404)."""
    atelier = atelier_page(page_id)
    if atelier.is_hidden:
        raise Http404
    inside = Q()
    for version in atelier.get_translations(inclusive=True):
        inside |= Q(path__startswith=version.path, depth=version.depth + 1)
    meetings = public_upcoming_meetings().filter(inside)
    return calendar_response(meeting_calendar(meetings, name=atelier.title))


def personal_feed(request, token):
    """The person's confirmed and waitlisted meetings, hidden ateliers included (as long as
    they are still a member), with online links for confirmed places."""
    feed_token = get_object_or_404(CalendarFeedToken.objects.select_related("user"), token=token, user__is_active=True)
    user = feed_token.user
    statuses = dict(Registration.objects.current().filter(user=user).values_list("meeting_key", "status"))
    meetings = ExpertMeetingPage.objects.live().filter(
        translation_key__in=list(statuses), end__gte=timezone.now() - PERSONAL_FEED_HISTORY
    )
    meetings = pages_in_active_language(access.visible_pages(user, meetings)).order_by("start", "pk")
    waitlisted = {key for key, status in statuses.items() if status == Registration.Status.WAITLISTED}
    body = meeting_calendar(meetings, show_private=True, name=_("Leeratelier: my meetings"), waitlisted_keys=waitlisted)
    return calendar_response(body, private=True)


@login_required
@require_POST
def renew_personal_feed(request):
    CalendarFeedToken.renew(request.user)
    messages.success(
        request,
        _(
            "Your calendar feed has a new address. The old address no longer works: "
            "subscribe again with the new one in your calendar app."
        ),
    )
    return redirect("ateliers:my_page")


# --- the Atom feed of upcoming public meetings ------------------------------------------------


class UpcomingMeetingsFeed(Feed):
    """The agenda as an Atom feed for feed readers: upcoming meetings as a signed-out visitor
    sees them (``public_upcoming_meetings``, through the access function), in the language of
    the address. A hidden atelier's meeting never appears, whoever fetches it."""

    feed_type = Atom1Feed
    limit = 50

    def title(self):
        return _("Leeratelier: upcoming expert meetings")

    def subtitle(self):
        return _("The expert meetings of the public ateliers.")

    def link(self):
        return reverse("ateliers:agenda")

    def items(self):
        return attach_ateliers(list(public_upcoming_meetings()[: self.limit]))

    def item_title(self, meeting):
        return meeting.title

    def item_description(self, meeting):
        when = date_format(timezone.localtime(meeting.start), "DATETIME_FORMAT")
        atelier = meeting.atelier_page.title if getattr(meeting, "atelier_page", None) else ""
        return " · ".join(part for part in (when, atelier, meeting.intro) if part)

    def item_link(self, meeting):
        return meeting.get_url()

    def item_pubdate(self, meeting):
        return meeting.first_published_at

    def item_updateddate(self, meeting):
        return meeting.last_published_at
