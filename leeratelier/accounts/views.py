"""The profile page. Signing up, in and out, verifying and resetting are allauth's views,
styled by the templates in templates/account/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .models import profile_of


@login_required
def profile(request):
    """Edit one's own name and profile. On an error nothing is saved and the form shows why,
    next to the field; on success, a message and a fresh GET (so a reload does not post again)."""
    profile = profile_of(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=profile)
    return render(request, "accounts/profile.html", {"form": form})
