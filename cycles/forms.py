"""Forms of the cycles app. They shape and bound input; the rules live in services.py."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from leeratelier.core.forms import FORMATTING_HINT
from leeratelier.core.models import Track
from leeratelier.core.names import NameField
from leeratelier.core.once import OnceForm
from leeratelier.core.privacy_forms import PrivacyCheckMixin
from leeratelier.core.uploads import ValidatedAudioField, ValidatedImageField

from .models import (
    Contribution,
    CycleTemplate,
    NarrativeReport,
    Participant,
    Perspective,
    ReportSignOff,
    default_template,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _in_order(form, start_name, end_name, message):
    start, end = form.cleaned_data.get(start_name), form.cleaned_data.get(end_name)
    if start and end and end < start:
        form.add_error(end_name, message)


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        steps = " → ".join(step.name for step in obj.steps.all())
        return f"{obj.name} ({steps}). {obj.description}".strip()


class CycleForm(OnceForm):
    template = TemplateChoiceField(
        label=_("Steps of each loop"),
        queryset=CycleTemplate.objects.prefetch_related("steps"),
        widget=forms.RadioSelect,
        empty_label=None,
        required=False,
        help_text=_("Most ateliers use plan, do, reflect. Nothing chosen: plan, do, reflect."),
    )
    learning_question = forms.CharField(
        label=_("Learning question"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What do you want to find out or improve together?"),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    facilitator = forms.TypedChoiceField(
        label=_("Facilitator"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("A coordinator facilitates, or you appoint a member."),
    )
    plan_goal = forms.CharField(
        label=_("Goal of the first step"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    plan_ends_on = forms.DateField(label=_("The first step ends on"), required=False, widget=DATE)
    values = forms.CharField(
        label=_("Values compass"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One value per line: the value, a colon, and what it means in practice. "
            'E.g. "Equality: every voice counts as much, residents\' too".'
        ),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].initial = default_template()
        self.members = {user.pk: user for user in members}
        self.fields["facilitator"].choices = [("", _("Coordinators (no appointed facilitator)"))] + [
            (user.pk, user.get_full_name() or user.get_username()) for user in members
        ]

    def clean_values(self):
        values = []
        for number, line in enumerate(self.cleaned_data["values"].splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            name, colon, meaning = line.partition(":")
            if not colon or not name.strip() or not meaning.strip():
                raise ValidationError(
                    _("Line %(number)s: write the value, a colon, and what it means in practice."),
                    params={"number": number},
                )
            if len(name.strip()) > 80:
                raise ValidationError(
                    _("Line %(number)s: a value name has at most 80 characters."), params={"number": number}
                )
            values.append((name.strip(), meaning.strip()))
        if not values:
            raise ValidationError(_("Name at least one value."))
        return values

    def clean(self):
        super().clean()
        _in_order(self, "starts_on", "ends_on", _("The cycle cannot end before it starts."))
        _in_order(self, "starts_on", "plan_ends_on", _("The first step cannot end before the cycle starts."))
        ends_on, plan_ends_on = self.cleaned_data.get("ends_on"), self.cleaned_data.get("plan_ends_on")
        if ends_on and plan_ends_on and plan_ends_on > ends_on:
            self.add_error("plan_ends_on", _("The first step cannot end after the cycle ends."))
        facilitator = self.cleaned_data.get("facilitator")
        self.cleaned_data["facilitator_user"] = self.members.get(facilitator) if facilitator else None
        return self.cleaned_data


class OutsideParticipantForm(forms.Form):
    name = NameField(label=_("Name"), max_length=Participant._meta.get_field("name").max_length)
    consent_text = forms.CharField(
        label=_("What they consented to"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('E.g. "Takes part in person; agrees that the facilitator records their contributions."'),
    )
    consent_given = forms.BooleanField(
        label=_("They gave this consent"),
        error_messages={"required": _("Record an outside participant only with their consent.")},
    )
    perspective = forms.ChoiceField(
        label=_("Perspective"),
        choices=[("", _("Not said"))] + Perspective.choices,
        required=False,
        help_text=_("From where do they look at the question? The report shows what each perspective said."),
    )


class PerspectiveForm(forms.Form):
    perspective = forms.ChoiceField(
        label=_("My perspective in this cycle"),
        choices=[("", _("Not said"))] + Perspective.choices,
        required=False,
    )


ABOUT_CLIENTS = _("Texts about clients must be anonymised.")


class ContributionForm(PrivacyCheckMixin, OnceForm):
    privacy_fields = ("body", "transcript", "image_alt")
    privacy_why = ABOUT_CLIENTS

    kind = forms.ChoiceField(
        label=_("Kind of contribution"), choices=Contribution.Kind.choices, widget=forms.RadioSelect
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=8000,
        required=False,
        help_text=FORMATTING_HINT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    track = forms.ChoiceField(
        label=_("Track of impact (optional)"), choices=[("", "—")] + list(Track.choices), required=False
    )
    image = ValidatedImageField(label=_("Image (optional)"), required=False)
    image_alt = forms.CharField(
        label=_("Describe the image for people who cannot see it"),
        max_length=300,
        required=False,
        help_text=_("Needed with an image: what someone who cannot see it should know."),
    )
    audio = ValidatedAudioField(label=_("Audio (optional)"), required=False)
    transcript = forms.CharField(
        label=_("Transcript of the audio"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed with audio, so everyone can read what is said."),
    )
    indicator_name = forms.CharField(label=_("Indicator"), max_length=120, required=False)
    indicator_value = forms.DecimalField(label=_("Number"), max_digits=14, decimal_places=2, required=False)
    indicator_unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    indicator_date = forms.DateField(label=_("Date of the value"), required=False, widget=DATE)
    case = forms.TypedChoiceField(label=_("Case"), coerce=int, required=False, empty_value=None)
    meeting = forms.ChoiceField(label=_("Expert meeting"), required=False)
    method = forms.TypedChoiceField(label=_("Method"), coerce=int, required=False, empty_value=None)
    participant = forms.TypedChoiceField(
        label=_("On behalf of"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("As facilitator you can record the contribution of an outside participant."),
    )
    shareable = forms.BooleanField(
        label=_("This may be shared in a narrative report (you can withdraw this later)"), required=False
    )

    def __init__(self, *args, cases=(), meetings=(), methods=(), outside=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", "—")] + [(case.pk, case.title) for case in cases]
        self.fields["meeting"].choices = [("", "—")] + [(str(m.translation_key), m.title) for m in meetings]
        self.fields["method"].choices = [("", "—")] + [(m.pk, m.title) for m in methods]
        if outside:
            self.fields["participant"].choices = [("", _("Myself"))] + [(p.pk, p.name) for p in outside]
        else:
            del self.fields["participant"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if data.get("image") and not data.get("image_alt", "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        if data.get("audio") and not data.get("transcript", "").strip():
            self.add_error("transcript", _("Add a transcript of the audio."))
        if kind == Contribution.Kind.INDICATOR:
            for name in ("indicator_name", "indicator_value", "indicator_date"):
                if data.get(name) in (None, ""):
                    self.add_error(name, _("An indicator value needs a name, a number and a date."))
        elif kind == Contribution.Kind.LINK:
            if not (data.get("case") or data.get("meeting") or data.get("method")):
                self.add_error(None, _("Choose a case, an expert meeting or a method to link to."))
        elif kind and not data.get("body", "").strip() and not data.get("audio"):
            self.add_error("body", _("Write your contribution."))
        return data

    def service_fields(self):
        data = self.cleaned_data
        fields = {
            "kind": data["kind"],
            "track": data.get("track") or "",
            "body": data.get("body", ""),
            "image_alt": data.get("image_alt", ""),
            "transcript": data.get("transcript", ""),
            "indicator_name": data.get("indicator_name", ""),
            "indicator_value": data.get("indicator_value"),
            "indicator_unit": data.get("indicator_unit", ""),
            "indicator_date": data.get("indicator_date"),
            "case_id": data.get("case"),
            "meeting_key": data.get("meeting") or None,
            "method_id": data.get("method"),
            "shareable": bool(data.get("shareable")),
        }
        if data.get("image"):
            fields["image"] = data["image"]
        if data.get("audio"):
            fields["audio"] = data["audio"]
            fields["audio_type"] = data["audio"].content_type
        return fields


class PhaseForm(forms.Form):
    goal = forms.CharField(label=_("Goal"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    summary = forms.CharField(
        label=_("Facilitator's summary"),
        max_length=6000,
        required=False,
        help_text=FORMATTING_HINT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self):
        super().clean()
        _in_order(self, "starts_on", "ends_on", _("The phase cannot end before it starts."))
        return self.cleaned_data


class AdvanceForm(forms.Form):
    phase = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("Yes, close this phase and open the next one"),
        error_messages={"required": _("Confirm that you want to advance the phase.")},
    )
    close_cycle = forms.BooleanField(label=_("Close the cycle instead of starting a new loop"), required=False)


class ScoreForm(forms.Form):
    """One score (1-5) and a comment per value of the compass."""

    SCORES = [(n, str(n)) for n in range(1, 6)]

    def __init__(self, *args, values=(), initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_scores = initial_scores or {}
        self.values = list(values)
        for value in self.values:
            earlier = initial_scores.get(value.pk)
            self.fields[f"score_{value.pk}"] = forms.TypedChoiceField(
                label=value.name,
                choices=self.SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 = we lost sight of it, 5 = we fully kept to it. %(meaning)s")
                % {"meaning": value.meaning},
                initial=earlier.score if earlier else None,
                error_messages={"required": _("Give a score for this value.")},
            )
            self.fields[f"comment_{value.pk}"] = forms.CharField(
                label=_("Comment on %(value)s") % {"value": value.name},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=earlier.comment if earlier else "",
            )
        # Dissent is information, but not everyone wants their name on it.
        self.fields["anonymous"] = forms.BooleanField(
            label=_("Show my comments to the other participants without my name"),
            required=False,
            help_text=_(
                "Your scores always count. Without your name, nobody sees who wrote the comments, also not in an export."
            ),
            initial=any(score.anonymous for score in initial_scores.values()),
        )

    def scores(self):
        return {
            value: (self.cleaned_data[f"score_{value.pk}"], self.cleaned_data.get(f"comment_{value.pk}", ""))
            for value in self.values
        }

    def anonymous(self):
        return bool(self.cleaned_data.get("anonymous"))

    def pairs(self):
        return [(self[f"score_{value.pk}"], self[f"comment_{value.pk}"]) for value in self.values]


class ReportForm(OnceForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period until"), widget=DATE)
    intro = forms.CharField(
        label=_("Introduction"),
        max_length=6000,
        required=False,
        help_text=FORMATTING_HINT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it once published"),
        choices=NarrativeReport.Visibility.choices,
        initial=NarrativeReport.Visibility.PRIVATE,
        widget=forms.RadioSelect,
    )

    def clean(self):
        super().clean()
        _in_order(self, "period_start", "period_end", _("The period cannot end before it starts."))
        return self.cleaned_data


class SelectionForm(forms.Form):
    """The items the coordinator puts in the report: checkboxes built from the candidates."""

    items = forms.MultipleChoiceField(label=_("Items"), required=False, widget=forms.CheckboxSelectMultiple)
    names_atelier = forms.BooleanField(
        label=_("Name the atelier in the public report"),
        required=False,
        help_text=_(
            "This atelier is hidden. Without this choice the public report does not say which atelier made it. "
            "Check the title and the introduction too."
        ),
    )

    def __init__(self, *args, choices=(), offer_naming=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = choices
        if not offer_naming:  # only a public report of a hidden atelier asks
            del self.fields["names_atelier"]
        else:
            self.fields["names_atelier"].widget.attrs["aria-describedby"] = "id_names_atelier_help"


class ContributionEditForm(PrivacyCheckMixin):
    """The author changes the texts of their contribution; its kind, files and links stay."""

    privacy_fields = ("body", "transcript", "image_alt")
    privacy_why = ABOUT_CLIENTS

    body = forms.CharField(
        label=_("Text"),
        max_length=8000,
        required=False,
        help_text=FORMATTING_HINT,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    image_alt = forms.CharField(
        label=_("Describe the image for people who cannot see it"), max_length=300, required=False
    )
    transcript = forms.CharField(
        label=_("Transcript of the audio"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, contribution, **kwargs):
        super().__init__(*args, **kwargs)
        self.contribution = contribution
        if not contribution.image:
            del self.fields["image_alt"]
        if not contribution.audio:
            del self.fields["transcript"]

    def clean(self):
        data = super().clean()
        if "image_alt" in self.fields and not data.get("image_alt", "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        if "transcript" in self.fields and not data.get("transcript", "").strip():
            self.add_error("transcript", _("Add a transcript, so everyone can read what is said."))
        has_other = (
            self.contribution.image or self.contribution.audio or self.contribution.kind == Contribution.Kind.INDICATOR
        )
        if not data.get("body", "").strip() and not has_other:
            self.add_error("body", _("Write the text of your contribution."))
        return data


class RemoveForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, remove it"), required=True)


class SignOffRequestForm(forms.Form):
    """A coordinator offers a published report for sign-off to someone of the commissioning party."""

    name = NameField(label=_("Name"), max_length=120)
    role = forms.CharField(
        label=_("Role and organisation"),
        max_length=120,
        help_text=_("E.g. policy officer, municipality of Lingewaard."),
    )
    email = forms.EmailField(label=_("Email address"))
    language = forms.ChoiceField(label=_("Language of the email"), choices=settings.LANGUAGES, initial="nl")


class SignOffDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"), choices=ReportSignOff.Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comments"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when you have comments. The coordinators read them."),
    )

    def clean(self):
        super().clean()
        if (
            self.cleaned_data.get("decision") == ReportSignOff.Decision.COMMENTS
            and not self.cleaned_data.get("comment", "").strip()
        ):
            self.add_error("comment", _("Write your comments."))
        return self.cleaned_data
