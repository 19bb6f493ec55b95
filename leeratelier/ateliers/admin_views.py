"""The Wagtail admin's "Appoint a coordinator" for an atelier: how an editor gives a new atelier
its first coordinator without visiting a site URL by hand. A person with an account becomes
coordinator at once; another address gets an invitation to join as coordinator."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import services
from .forms import AppointForm
from .models import AtelierPage, Membership


def may_appoint(user, atelier):
    return atelier.permissions_for_user(user).can_edit()


def appoint_coordinator(request, page_id):
    atelier = get_object_or_404(AtelierPage, pk=page_id).specific
    if not may_appoint(request.user, atelier):
        raise PermissionDenied
    form = AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome, _record = services.appoint_coordinator(
                atelier, form.cleaned_data["email"], request.user, get_language() or "nl"
            )
        except services.NotAllowed as refusal:
            form.add_error("email", str(refusal))
        else:
            if outcome == "appointed":
                messages.success(request, _("%(email)s is now a coordinator of this atelier.") % form.cleaned_data)
            else:
                messages.success(
                    request, _("We sent %(email)s an invitation to become coordinator.") % form.cleaned_data
                )
            return redirect("ateliers_appoint_coordinator", page_id=atelier.pk)
    coordinators = (
        Membership.objects.of_atelier(atelier).active().filter(role=Membership.Role.COORDINATOR).select_related("user")
    )
    return TemplateResponse(
        request,
        "ateliers/admin/appoint_coordinator.html",
        {
            "atelier": atelier,
            "form": form,
            "coordinators": coordinators,
            "page_title": _("Appoint a coordinator"),
        },
    )
