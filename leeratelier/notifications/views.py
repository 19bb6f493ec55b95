"""The notification list (read and unread, paginated), opening one (marks it read and follows
its link, if the person may still see it), the email preferences in the profile, the one-click
unsubscribe page (RFC 8058: GET asks, POST turns the kind off, no sign-in needed) and the
coordinators' announcements."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from leeratelier.accounts.views import private
from leeratelier.ateliers.coordinator_views import manager_view
from leeratelier.ateliers.models import AtelierPage
from leeratelier.core import access
from leeratelier.core.preview import markdown_preview, wants_preview
from leeratelier.core.views_toolkit import atelier_page

from . import kinds, services
from .forms import AnnouncementForm, PreferencesForm
from .models import Announcement, Notification

PER_PAGE = 20


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-id")
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    items = services.describe(list(page.object_list), get_language())
    context = {"page_obj": page, "items": items, "unread": services.unread_count(request.user)}
    return private(render(request, "notifications/list.html", context))


@login_required
def open_notification(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(request.user, [notification.pk])
    path = services.target_path(notification, request.user)
    if path is None:
        return private(render(request, "notifications/gone.html", status=404))
    return redirect(path)


@require_POST
@login_required
def mark_read(request):
    if request.POST.get("all"):
        services.mark_read(request.user)
        messages.success(request, _("All notifications are marked as read."))
    else:
        ids = [value for value in request.POST.getlist("notification") if value.isdigit()]
        services.mark_read(request.user, ids)
    page = request.POST.get("page", "")
    target = redirect("notifications:list")
    if page.isdigit() and page != "1":
        target["Location"] += f"?page={page}"
    return target


@login_required
def preferences(request):
    current = services.frequencies(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST, initial_frequencies=current)
        if form.is_valid():
            services.set_frequencies(request.user, form.cleaned_data)
            messages.success(request, _("Your email settings have been saved."))
            return redirect("notifications:preferences")
        messages.error(request, _("Choose one option for every kind of email."))
    else:
        form = PreferencesForm(initial_frequencies=current)
    rows = [(form[name], kind) for name, kind in kinds.KINDS.items()]
    return private(render(request, "notifications/preferences.html", {"form": form, "rows": rows}))


# RFC 8058: mail programs POST the one-click unsubscribe without cookies or a CSRF token; the
# signed token is the authority, and it can only turn emails off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    found = services.read_unsubscribe_token(token)
    if found is None:
        return private(render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400))
    user, kind_name = found
    label = _("the weekly digest") if kind_name == services.DIGEST else kinds.get(kind_name).label
    context = {"label": label, "token": token, "done": False}
    if request.method == "POST":
        services.unsubscribe(user, kind_name)
        context["done"] = True
    return private(render(request, "notifications/unsubscribe.html", context))


# --- announcements ---------------------------------------------------------------------------------


@manager_view(AtelierPage)
def announce(request, atelier):
    """A coordinator writes to the members of their atelier (second factor required: it is in
    accounts.mfa.COORDINATOR_VIEWS). Each member is told as they chose for announcements."""
    atelier = atelier.specific
    form = AnnouncementForm(request.POST or None)
    preview = []
    if wants_preview(request):  # the message as members will read it; nothing sent (core/preview.py)
        preview = markdown_preview(form, "body")
    elif request.method == "POST" and form.is_valid():
        with transaction.atomic():
            announcement = form.save(commit=False)
            announcement.atelier_key, announcement.sent_by = atelier.translation_key, request.user
            announcement.save()
            told = services.notify(
                "announcement",
                announcement,
                services.active_members(atelier.translation_key),
                event=announcement.pk,
                atelier_key=atelier.translation_key,
                by=request.user,
            )
        messages.success(request, _("Your message has been sent to %(count)s members.") % {"count": len(told)})
        return redirect("notifications:announcement", announcement.pk)
    elif request.method == "POST":
        messages.error(request, _("The message was not sent. Look at the fields marked below."))
    context = {"atelier": atelier, "form": form, "preview": preview}
    return private(render(request, "notifications/announce.html", context))


def announcement_detail(request, pk):
    announcement = get_object_or_404(Announcement, pk=pk)
    if not access.is_member(request.user, announcement.atelier_key):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    atelier = atelier_page(key=announcement.atelier_key)
    return private(
        render(request, "notifications/announcement.html", {"announcement": announcement, "atelier": atelier})
    )
