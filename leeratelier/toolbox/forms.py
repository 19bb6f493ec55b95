"""The tool finder's questions and the experience form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from leeratelier.core import once
from leeratelier.core.models import Role
from leeratelier.core.privacy_forms import PrivacyCheckMixin

from .finder import Answers
from .models import MethodExperience, Purpose, TimeNeeded, Yields

NO_PREFERENCE = ""


class FinderForm(forms.Form):
    """Answered with GET, so the result has a URL to share and works without JavaScript.
    Every question may be left open ("no preference")."""

    purposes = forms.MultipleChoiceField(
        label=_("What do you want to achieve?"),
        choices=Purpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    roles = forms.MultipleChoiceField(
        label=_("Who is at the table?"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence = forms.ChoiceField(
        label=_("Do you need numbers or stories?"),
        choices=[(NO_PREFERENCE, _("No preference")), *Yields.choices],
        required=False,
        widget=forms.RadioSelect,
        initial=NO_PREFERENCE,
    )
    time = forms.ChoiceField(
        label=_("How much time do you have?"),
        choices=[(NO_PREFERENCE, _("No preference")), *TimeNeeded.choices],
        required=False,
        widget=forms.RadioSelect,
        initial=NO_PREFERENCE,
    )

    def answers(self):
        data = self.cleaned_data
        return Answers(
            purposes=tuple(data.get("purposes") or ()),
            roles=tuple(data.get("roles") or ()),
            evidence=data.get("evidence") or "",
            time=data.get("time") or "",
        )


ABOUT_CLIENTS = _("Everyone who reads this page sees your experience: leave out who your clients are.")


class ExperienceForm(PrivacyCheckMixin):
    """A member's experience; ``ateliers`` are the (key, title) pairs the member may name."""

    privacy_fields = ("text",)
    privacy_why = ABOUT_CLIENTS

    text = forms.CharField(
        label=_("Your experience"),
        max_length=MethodExperience.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What did you use it for, what worked and what did not? You can use **bold** and lists. Everyone who reads this page sees your experience and your name."
        ),
    )
    atelier = forms.ChoiceField(label=_("Which of your ateliers used it?"), required=False)
    form_token = once.TokenField()

    def __init__(self, *args, ateliers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["atelier"].choices = [("", _("None, or I would rather not say")), *ateliers]
        if not ateliers:
            del self.fields["atelier"]
        once.start(self)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write a few words about your experience."))
        return text


class ExperienceEditForm(PrivacyCheckMixin):
    """The author changes the text of their experience (the atelier named stays)."""

    privacy_fields = ("text",)
    privacy_why = ABOUT_CLIENTS

    text = forms.CharField(
        label=_("Your experience"),
        max_length=MethodExperience.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=ExperienceForm.base_fields["text"].help_text,
    )

    clean_text = ExperienceForm.clean_text


class RemoveExperienceForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, remove my experience"), required=True)
