"""The agenda: upcoming expert meetings of every atelier the reader may see, by month, a page at
a time. Which meetings anyone sees is decided by ``leeratelier.core.access``; a page of meetings
costs the same number of queries however many it shows (their ateliers and seat counts in one
query each)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from . import services
from .calendar import absolute_url
from .feeds import attach_ateliers
from .views import upcoming_meetings

AGENDA_PER_PAGE = 20


def attach_seats_left(meetings):
    """Set ``meeting.seats_left`` (None: no limit) with one query for all meetings."""
    seats = services.seats_left_by_meeting(meetings)
    for meeting in meetings:
        meeting.seats_left = seats[meeting.translation_key]
    return meetings


def group_by_month(meetings):
    """[{"start": first day of the month, "meetings": [...]}, ...] in local (Dutch) time."""
    months = []
    for meeting in meetings:
        month = timezone.localtime(meeting.start).date().replace(day=1)
        if not months or months[-1]["start"] != month:
            months.append({"start": month, "meetings": []})
        months[-1]["meetings"].append(meeting)
    return months


def agenda(request):
    """Upcoming meetings of every atelier the reader may see, by month."""
    meetings = upcoming_meetings(request).order_by("start", "pk")
    page_obj = Paginator(meetings, AGENDA_PER_PAGE).get_page(request.GET.get("page"))
    on_page = attach_seats_left(attach_ateliers(list(page_obj.object_list)))
    site_feed_url = absolute_url(reverse("ateliers:site_feed"))
    return render(
        request,
        "ateliers/agenda.html",
        {
            "months": group_by_month(on_page),
            "page_obj": page_obj,
            "site_feed_url": site_feed_url,
            # webcal:// asks the reader's calendar app to subscribe rather than download once.
            "site_feed_subscribe_url": "webcal://" + site_feed_url.split("://", 1)[1],
        },
    )
