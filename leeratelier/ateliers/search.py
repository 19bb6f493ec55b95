"""The "Meetings" tab of the site search: expert meetings the reader may see."""

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from leeratelier.core import access
from leeratelier.core.i18n import pages_in_active_language
from search.tabs import SearchTab, register_tab
from search.views import highlight

from .models import ExpertMeetingPage


def search_meetings(request, query):
    meetings = access.visible_pages(request.user, ExpertMeetingPage.objects.live())
    return pages_in_active_language(meetings).order_by("-start").search(query, operator="and", order_by_relevance=False)


def describe_meeting(meeting, query, request):
    when = formats.date_format(timezone.localtime(meeting.start), "DATETIME_FORMAT")
    return {
        "title": meeting.title,
        "url": meeting.get_url(request),
        "type": f"{ExpertMeetingPage._meta.verbose_name} · {when}",
        "snippet": highlight(meeting.intro[:300], query),
        "lang": meeting.locale.language_code,
    }


register_tab(
    SearchTab(
        slug="meetings",
        label=_("Meetings"),
        search=search_meetings,
        describe=describe_meeting,
        order=10,
        model=ExpertMeetingPage,
    ),
    page_types=[ExpertMeetingPage],
)
