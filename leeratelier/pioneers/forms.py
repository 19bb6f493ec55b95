"""The forms of the registry: the public sign-up form "Meld je praktijk aan", the pioneer's
change proposal and outcome entry (through the private link), and the registry's filters.

Plain forms, not model forms: what they hold becomes a JSON payload (ids and texts) that
services.py turns into a page revision. Every text field has a length limit taken from the
model, so the form and the database agree; every upload passes core.uploads.
"""

import re
import time

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from leeratelier.core import once
from leeratelier.core.forms import FORMATTING_HINT
from leeratelier.core.models import Municipality, Role, Theme, Werkplaats
from leeratelier.core.names import NameField
from leeratelier.core.privacy_forms import PrivacyCheckMixin
from leeratelier.core.uploads import ValidatedImageField
from leeratelier.toolbox.models import MethodPage

from . import ingredients as ingredient_tags
from .models import (
    MAX_IMAGES,
    MAX_LINKS,
    TEXT_FIELDS,
    PracticeLink,
    PracticeOutcome,
    PracticePage,
    PracticeSubmission,
    Principle,
)

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 20_000_000
# A person needs more than this to fill in the form; a script does not.
MIN_FILL_SECONDS = 5
STARTED_SALT = "leeratelier.pioneers.form-started"

CONSENT_TEXT = _(
    "I agree that Leeratelier publishes this practice (everything above except my contact details) "
    "after an editor has checked it. My name, email address and telephone number are only used to "
    "contact me about this practice. I can withdraw this consent at any time through the private "
    "link I receive by email; the practice is then taken offline and my details are deleted."
)

PRINCIPLE_HELP = {
    Principle.VALUES: _("For example a values compass or ethics map you drew up with everyone at the table."),
    Principle.NARRATIVE: _("Stories, film, audio or drawings, so less verbal people are heard too."),
    Principle.POWER: _("Working with people, not for them; room for disagreement."),
    Principle.LEARNING: _("Learning in loops instead of following a fixed plan."),
}

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _max(model, name):
    return model._meta.get_field(name).max_length


def clean_text(value):
    """Control characters out, line endings unified, outer space trimmed."""
    return CONTROL_CHARACTERS.sub("", (value or "").replace("\r\n", "\n")).strip()


def _text(label, name, rows=4, required=False, help_text=""):
    return forms.CharField(
        label=label,
        max_length=_max(PracticePage, name),
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def live_methods():
    return MethodPage.objects.live().filter(locale=Locale.get_active()).order_by("title")


class PracticeContentForm(PrivacyCheckMixin):
    """What the practice says: the fields the pioneer fills in, at sign-up and when proposing
    changes later. Everything here becomes public, so the privacy check runs on its texts (the
    contact details are meant to identify the pioneer and are not checked)."""

    privacy_fields = ("title", "summary", "target_group", "process_description", "what_works", "what_does_not_work")
    privacy_why = _("This text will be public, for everyone to read.")

    def privacy_texts(self):
        data = getattr(self, "cleaned_data", {})
        return super().privacy_texts() + [data.get(f"{principle.value}_how") or "" for principle in Principle]

    title = forms.CharField(label=_("Name of the practice"), max_length=_max(PracticePage, "title"))
    summary = _text(
        _("In short: what is it?"),
        "summary",
        rows=3,
        required=True,
        help_text=_("Two or three sentences; they show in the registry."),
    )
    organisation = NameField(label=_("Organisation"), max_length=_max(PracticePage, "organisation"))
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), empty_label=_("Choose a municipality")
    )
    werkplaats = forms.ModelChoiceField(
        label=_("Werkplaats or region"),
        queryset=Werkplaats.objects.all(),
        required=False,
        empty_label=_("None or not known"),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    target_group = forms.CharField(
        label=_("Target group"),
        max_length=_max(PracticePage, "target_group"),
        required=False,
        help_text=_("For whom is the practice, for example residents with debts or young people."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Who is at the table?"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    process_description = _text(
        _("How does it work? Describe the process"),
        "process_description",
        rows=8,
        required=True,
        help_text=FORMATTING_HINT,
    )
    what_works = _text(_("Experiences: what works"), "what_works", rows=5)
    what_does_not_work = _text(_("Experiences: what does not work (yet)"), "what_does_not_work", rows=5)
    ingredients = forms.CharField(
        label=_("Working ingredients"),
        required=False,
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What makes it work? One per line, for example: equality, time to listen, a fixed contact person."),
    )
    methods = forms.ModelMultipleChoiceField(
        label=_("Methods you use"),
        queryset=MethodPage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.current()
        self.fields["themes"].queryset = Theme.objects.filter(locale=Locale.get_active()).order_by("name")
        self.fields["methods"].queryset = live_methods()
        for principle in Principle:
            self.fields[f"principle_{principle.value}"] = forms.BooleanField(label=_("We apply this"), required=False)
            self.fields[f"{principle.value}_how"] = forms.CharField(
                label=_("How do you do this?"),
                max_length=_max(PracticePage, f"{principle.value}_how"),
                required=False,
                help_text=PRINCIPLE_HELP[principle],
            )
        for number in range(1, MAX_LINKS + 1):
            self.fields[f"link_{number}"] = forms.URLField(
                label=_("Link %(number)s") % {"number": number},
                required=False,
                max_length=_max(PracticeLink, "url"),
                assume_scheme="https",
            )

    # --- layout: the template asks for groups of fields ------------------------------------

    def principle_rows(self):
        return [
            (principle, self[f"principle_{principle.value}"], self[f"{principle.value}_how"]) for principle in Principle
        ]

    def link_fields(self):
        return [self[f"link_{number}"] for number in range(1, MAX_LINKS + 1)]

    # --- cleaning ---------------------------------------------------------------------------

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = clean_text(value)
        for principle in Principle:
            ticked = data.get(f"principle_{principle.value}")
            how = data.get(f"{principle.value}_how", "")
            if ticked and not how:
                self.add_error(f"{principle.value}_how", _("Say in a line how you apply this principle."))
            elif not ticked:
                data[f"{principle.value}_how"] = ""
        if "ingredients" in data:
            data["ingredient_list"] = ingredient_tags.parse(data["ingredients"])
            if len(data["ingredient_list"]) > ingredient_tags.MAX_INGREDIENTS:
                self.add_error(
                    "ingredients",
                    _("Name at most %(count)s working ingredients.") % {"count": ingredient_tags.MAX_INGREDIENTS},
                )
        return data

    def payload(self):
        """The content as JSON: ids and texts, what a page revision is made from."""
        data = self.cleaned_data
        content = {name: data[name] for name in TEXT_FIELDS}
        content.update(
            {
                "municipality": data["municipality"].pk,
                "werkplaats": data["werkplaats"].pk if data["werkplaats"] else None,
                "themes": [theme.pk for theme in data["themes"]],
                "roles": list(data["roles"]),
                "methods": [method.pk for method in data["methods"]],
                "ingredients": data["ingredient_list"],
                "links": [data[f"link_{n}"] for n in range(1, MAX_LINKS + 1) if data.get(f"link_{n}")],
            }
        )
        return content

    @classmethod
    def initial_from_page(cls, page):
        """The form filled with a page's (latest) content, for a change proposal."""
        initial = {
            "title": page.title,
            "summary": page.summary,
            "organisation": page.organisation,
            "municipality": page.municipality_id,
            "werkplaats": page.werkplaats_id,
            "themes": [theme.pk for theme in page.themes.all()],
            "target_group": page.target_group,
            "roles": page.roles,
            "process_description": page.process_description,
            "what_works": page.what_works,
            "what_does_not_work": page.what_does_not_work,
            "ingredients": "\n".join(tag.name for tag in page.ingredients.all()),
            "methods": [method.pk for method in page.methods.all()],
        }
        for principle in Principle:
            how = getattr(page, f"{principle.value}_how")
            initial[f"principle_{principle.value}"] = bool(how)
            initial[f"{principle.value}_how"] = how
        for number, link in enumerate(page.links.all(), 1):
            initial[f"link_{number}"] = link.url
        return initial


def started_value():
    return signing.TimestampSigner(salt=STARTED_SALT).sign(str(int(time.time())))


class PracticeSubmissionForm(PracticeContentForm):
    """The public sign-up form: the content, up to three images with alt text, the contact
    person, consent and the spam checks (honeypot, minimum fill time, one-time form token)."""

    contact_name = NameField(label=_("Your name"), max_length=_max(PracticeSubmission, "contact_name"))
    contact_email = forms.EmailField(
        label=_("Your email address"),
        max_length=_max(PracticeSubmission, "contact_email"),
        help_text=_("We send you a link to confirm your address. It is never published."),
    )
    contact_phone = forms.CharField(
        label=_("Your telephone number"),
        max_length=_max(PracticeSubmission, "contact_phone"),
        required=False,
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT, error_messages={"required": _("Without your consent we cannot publish the practice.")}
    )
    # The honeypot: hidden from people (and from screen readers); a script fills it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)
    form_token = once.TokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_IMAGES + 1):
            self.fields[f"image_{number}"] = ValidatedImageField(
                label=_("Image %(number)s") % {"number": number},
                required=False,
                max_bytes=MAX_IMAGE_BYTES,
                max_pixels=MAX_IMAGE_PIXELS,
                help_text=_("JPEG, PNG or WebP, at most 5 MB."),
            )
            self.fields[f"alt_{number}"] = forms.CharField(
                label=_("Describe image %(number)s for people who cannot see it") % {"number": number},
                required=False,
                max_length=250,
            )
        if not self.is_bound:
            self.initial.setdefault("started", started_value())
        once.start(self)

    def image_rows(self):
        return [(self[f"image_{n}"], self[f"alt_{n}"]) for n in range(1, MAX_IMAGES + 1)]

    def contact_fields(self):
        return [self["contact_name"], self["contact_email"], self["contact_phone"]]

    def is_spam(self):
        """True when the honeypot was filled: the view then pretends all went well."""
        return bool((self.data.get("website") or "").strip())

    def clean_started(self):
        try:
            started = int(
                signing.TimestampSigner(salt=STARTED_SALT).unsign(self.cleaned_data["started"], max_age=60 * 60 * 24)
            )
        except (signing.BadSignature, ValueError):
            raise ValidationError(_("This form has expired. Please check your answers and send it again.")) from None
        if time.time() - started < MIN_FILL_SECONDS:
            raise ValidationError(_("That was very quick. Please check your answers and send the form again."))
        return started

    def clean(self):
        data = super().clean()
        if "started" in self.errors:
            # Shown at the top (the hidden field has no place of its own); a fresh start time.
            for error in self.errors.pop("started"):
                self.add_error(None, error)
            self.data = self.data.copy()
            self.data["started"] = started_value()
        for number in range(1, MAX_IMAGES + 1):
            if data.get(f"image_{number}") and not data.get(f"alt_{number}"):
                self.add_error(f"alt_{number}", _("Describe the image in a few words."))
        return data

    def images(self):
        data = self.cleaned_data
        return [(data[f"image_{n}"], data[f"alt_{n}"]) for n in range(1, MAX_IMAGES + 1) if data.get(f"image_{n}")]

    def contact(self):
        data = self.cleaned_data
        return {
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "contact_phone": data["contact_phone"],
        }


class OutcomeForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(
        label=_("What came of it?"), max_length=_max(PracticeOutcome, "text"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean_text(self):
        return clean_text(self.cleaned_data["text"])
