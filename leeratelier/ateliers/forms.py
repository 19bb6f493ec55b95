"""The ateliers app's forms: the atelier index filter and the forms people fill in (join, leave,
register as a guest), the coordinator's (invite, remove, suspend, cancel a meeting) and the
editor's "Appoint a coordinator" in the Wagtail admin."""

from django import forms
from django.utils.translation import gettext_lazy

from leeratelier.core.forms import FilterForm
from leeratelier.core.i18n import active_language_code
from leeratelier.core.models import Theme, Werkplaats
from leeratelier.core.names import NameField


class AtelierFilterForm(FilterForm):
    werkplaats = forms.ModelChoiceField(
        queryset=Werkplaats.objects.all(),
        required=False,
        label=gettext_lazy("Werkplaats"),
        empty_label=gettext_lazy("All werkplaatsen"),
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        label=gettext_lazy("Theme"),
        empty_label=gettext_lazy("All themes"),
        to_field_name="slug",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(locale__language_code=active_language_code())


class JoinForm(forms.Form):
    motivation = forms.CharField(
        label=gettext_lazy("Why would you like to join?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LeaveForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("Yes, I want to leave this atelier"), required=True)


class GuestRegistrationForm(forms.Form):
    name = NameField(label=gettext_lazy("Your name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Your email address"))


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address of the person you invite"))
    anyone_with_link = forms.BooleanField(
        label=gettext_lazy("Anyone with this link may join"),
        required=False,
        help_text=gettext_lazy(
            "Leave this off, and only an account with this email address can accept. Turn it on "
            "only if you want to share the link, for example in a group."
        ),
    )


class RemoveForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("Yes, remove this person from the atelier"), required=True)


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the member sees it)"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    keep_reading = forms.BooleanField(
        label=gettext_lazy("The member may still read the atelier"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Untick to close the atelier to them too while the suspension lasts."),
    )


class CancelMeetingForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, cancel this meeting and email everyone who registered"), required=True
    )


class AppointForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address of the coordinator"),
        help_text=gettext_lazy(
            "Has this person an account? Then they are coordinator at once. If not, we send an invitation."
        ),
    )
