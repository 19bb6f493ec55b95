from django import forms
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import Announcement, Frequency


class PreferencesForm(forms.Form):
    """One choice per kind of notification: immediately, in the weekly digest, or no email."""

    def __init__(self, *args, initial_frequencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kind in kinds.KINDS.items():
            help_text = kind.help_text
            if kind.only_for == "coordinators":
                help_text = _("%(text)s For coordinators.") % {"text": kind.help_text}
            self.fields[name] = forms.ChoiceField(
                label=kind.label,
                help_text=help_text,
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                initial=(initial_frequencies or {}).get(name, kind.default),
            )


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["title", "body"]
        help_texts = {
            "title": _(
                "Shown on the site to the members. The emails name only the atelier, so write what matters in the message."
            ),
            "body": _("You can use *italic*, **bold**, lists and links. Members read it on the site."),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
