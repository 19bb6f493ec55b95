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


@hooks.register("register_admin_urls")
def appoint_coordinator_urls():
    from django.urls import path

    from .admin_views import appoint_coordinator

    return [path("ateliers/<int:page_id>/coordinator/", appoint_coordinator, name="ateliers_appoint_coordinator")]


def _appoint_button(page, user, priority):
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from wagtail.admin.widgets import ListingButton

    from .admin_views import may_appoint
    from .models import AtelierPage

    if page.specific_class is AtelierPage and may_appoint(user, page):
        return ListingButton(
            _("Appoint a coordinator"),
            reverse("ateliers_appoint_coordinator", args=[page.pk]),
            icon_name="user",
            priority=priority,
        )
    return None


@hooks.register("register_page_listing_more_buttons")
def appoint_coordinator_listing_button(page, user, next_url=None):
    button = _appoint_button(page, user, priority=35)
    if button:
        yield button


@hooks.register("register_page_header_buttons")
def appoint_coordinator_header_button(page, user, view_name, next_url=None):
    button = _appoint_button(page, user, priority=40)
    if button:
        yield button
