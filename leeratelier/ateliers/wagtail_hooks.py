from wagtail import hooks

from leeratelier.core import access


@hooks.register("before_serve_page")
def check_atelier_access(page, request, serve_args, serve_kwargs):
    """Pages inside a hidden atelier: members only (login page for visitors, 404 for others).
    Wagtail's own page privacy is not used: it sends signed-in users to the login page and the
    sitemap does not honour it."""
    return access.check_page(request, page)


@hooks.register("before_serve_document")
def check_meeting_document_access(document, request):
    """Slides and other documents of a hidden atelier's meeting: members only, like the page."""
    from .models import ExpertMeetingPage

    meetings = list(ExpertMeetingPage.objects.filter(documents__document=document))
    if meetings and not any(access.can_view_page(request.user, meeting) for meeting in meetings):
        return access.check_page(request, meetings[0])
    return None
