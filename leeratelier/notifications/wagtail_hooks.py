"""The admin's preview of every kind of email, with sample data (Settings > Email previews):
the subject, the text part and the HTML part, in Dutch or English. For superusers and the
"Editors" group."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from leeratelier.core import access, outbox

from . import previews


def may_preview(user):
    return access.is_editor(user)


def _language(request):
    return "en" if request.GET.get("language") == "en" else "nl"


def email_previews(request):
    if not may_preview(request.user):
        raise PermissionDenied
    language = _language(request)
    return render(
        request, "notifications/admin/email_previews.html", {"rows": previews.previews(language), "language": language}
    )


def email_preview_html(request, name):
    """One kind's HTML part on its own, as a mail program would show it."""
    if not may_preview(request.user):
        raise PermissionDenied
    try:
        outbox.get_kind(name)
    except LookupError:
        raise Http404 from None
    language = _language(request)
    context = previews.sample_context(name, language)
    if context is None:
        raise Http404
    _, _, html = outbox.render_parts(name, context, language)
    response = HttpResponse(html)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'"
    return response


@hooks.register("register_admin_urls")
def register_email_preview_urls():
    return [
        path("email-previews/", email_previews, name="email_previews"),
        path("email-previews/<str:name>/html/", email_preview_html, name="email_preview_html"),
    ]


class EmailPreviewsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_preview(request.user)


@hooks.register("register_settings_menu_item")
def register_email_previews_menu_item():
    return EmailPreviewsMenuItem(_("Email previews"), reverse("email_previews"), icon_name="mail", order=900)
