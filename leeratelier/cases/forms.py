"""Forms of the case thread. Plain forms, not model forms: every save goes through
leeratelier.cases.services, which holds the rules; the forms only shape and bound the input
(lengths come from the model, so the form and the database agree)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from leeratelier.core import once, uploads
from leeratelier.core.forms import FORMATTING_HINT
from leeratelier.core.models import Role, Theme, Track
from leeratelier.core.privacy_forms import PrivacyCheckMixin

from .models import Attachment, Case, Pseudonym, Reflection, Report


def _max(model, name):
    return model._meta.get_field(name).max_length


def _markdown(model, name, rows=6, required=True):
    field = model._meta.get_field(name)
    return forms.CharField(
        # capfirst keeps the name lazy: sliced, it was fixed in the language active at import
        # (Dutch), and English pages labelled the field "Reflectie"
        label=capfirst(field.verbose_name),
        max_length=field.max_length,
        required=required,
        help_text=FORMATTING_HINT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


ABOUT_CLIENTS = _("Texts about clients must be anonymised.")
BECOMES_PUBLIC = _("This text will be public, for everyone to read.")


class PublishedPagesField(forms.MultipleChoiceField):
    """Checkboxes of published pages (methods, practices). A chosen page that is no longer
    published, was deleted or never existed is not an error: the form drops it and says so
    (``LinksMixin.dropped_links``), and the rest of the case is saved."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        if not value:
            return []
        return [int(item) if str(item).isdigit() else -1 for item in value]

    def validate(self, value):
        pass  # checked against what is published in LinksMixin.clean_links


class LinksMixin:
    """The methods tried and the practices a case relates to, offered from what is published in
    the reader's language."""

    link_fields = ("methods", "practices")

    def _set_link_choices(self):
        from leeratelier.core.i18n import pages_in_active_language
        from leeratelier.pioneers.models import PracticePage
        from leeratelier.toolbox.models import MethodPage

        from .chain import published

        self.dropped_links = 0
        for name, model in (("methods", MethodPage), ("practices", PracticePage)):
            pages = pages_in_active_language(published(model)).order_by("title").values_list("pk", "title")
            self.fields[name].choices = list(pages)

    def clean_links(self, data):
        from leeratelier.pioneers.models import PracticePage
        from leeratelier.toolbox.models import MethodPage

        from .chain import published

        for name, model in (("methods", MethodPage), ("practices", PracticePage)):
            chosen = list(dict.fromkeys(data.get(name) or []))
            alive = set(published(model).filter(pk__in=[pk for pk in chosen if pk > 0]).values_list("pk", flat=True))
            data[name] = [pk for pk in chosen if pk in alive]
            self.dropped_links += len(chosen) - len(data[name])
        return data

    def links(self):
        return {name: self.cleaned_data.get(name, []) for name in self.link_fields}


METHODS_HELP = _("The methods from the toolbox you tried in this case.")
PRACTICES_HELP = _("Practices from the registry this case relates to.")


class CaseForm(LinksMixin, PrivacyCheckMixin):
    privacy_fields = ("title", "situation", "question", "done_so_far", "pseudonym")

    title = forms.CharField(label=_("Title"), max_length=_max(Case, "title"))
    situation = _markdown(Case, "situation", rows=8)
    question = _markdown(Case, "question", rows=4)
    done_so_far = _markdown(Case, "done_so_far", rows=5, required=False)
    roles = forms.MultipleChoiceField(
        label=_("Who is involved"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    tracks = forms.MultipleChoiceField(
        label=_("Tracks of impact"), choices=Track.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    methods = PublishedPagesField(label=_("Methods tried"), help_text=METHODS_HELP)
    practices = PublishedPagesField(label=_("Related practices"), help_text=PRACTICES_HELP)
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Case.Visibility.choices,
        initial=Case.Visibility.ATELIER,
        widget=forms.RadioSelect,
    )
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=_max(Pseudonym, "name"),
        required=False,
        help_text=_("Members of this atelier see this name instead of yours; coordinators can see who it is."),
    )
    anonymised_confirmed = forms.BooleanField(
        label=_("I confirm this case is anonymised"),
        error_messages={"required": _("Confirm that the case is anonymised.")},
    )
    form_token = once.TokenField()

    #: Fields the template lays out itself (hidden, or shown only with the privacy warning).
    special_fields = ("not_identifiable", "checked_findings", "form_token")

    def __init__(self, *args, **kwargs):
        from wagtail.models import Locale

        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(locale=Locale.get_active()).order_by("name")
        self._set_link_choices()
        once.start(self)

    def clean(self):
        return self.clean_links(super().clean())

    def visible_main_fields(self):
        return [self[name] for name in self.fields if name not in self.special_fields]

    def service_fields(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "situation": data["situation"],
            "question": data["question"],
            "done_so_far": data["done_so_far"],
            "roles": data["roles"],
            "tracks": data["tracks"],
            "visibility": data["visibility"],
            "anonymised_confirmed": data["anonymised_confirmed"],
            "themes": list(data["themes"]),
            "pseudonym_name": data["pseudonym"].strip(),
            **self.links(),
        }


MENTION_HINT = _(
    "You can use **bold**, *italic* and lists. To mention a member of this atelier, type @ and their "
    "first and last name, e.g. @Anna de Vries: they hear of it."
)


# "@Anna de Vries": a mention of a member of the atelier (cases.mentions), not a client.
_MENTION = re.compile(
    r"(?<![\w@])@[^\W\d_][\w'’-]*(?:[ \u00a0]+(?:van|de|der|den|ter|ten|het|'t|el|al|ben|da|dos|le|la|von))*"
    r"(?:[ \u00a0]+[A-ZÀ-ÖØ-Þ][\w'’-]*)?"
)


def without_mentions(text):
    return _MENTION.sub("@lid", text or "")


class ReflectionForm(PrivacyCheckMixin):
    privacy_fields = ("body",)
    privacy_why = ABOUT_CLIENTS
    privacy_id = "-reflect"

    def privacy_texts(self):
        return [without_mentions(text) for text in PrivacyCheckMixin.privacy_texts(self)]

    kind = forms.ChoiceField(label=_("Kind"), choices=Reflection.Kind.choices)
    body = _markdown(Reflection, "body", rows=6)
    body.help_text = MENTION_HINT
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False)
    quotes = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The case whose retained lesson this reflection reuses ("Reuse this lesson").
    reuses = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = once.TokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        once.start(self)


class EditReflectionForm(PrivacyCheckMixin):
    privacy_fields = ("body",)
    privacy_why = ABOUT_CLIENTS
    privacy_id = "-edit-reflection"

    body = _markdown(Reflection, "body", rows=6)

    privacy_texts = ReflectionForm.privacy_texts


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Report.Reason.choices)
    note = forms.CharField(
        label=_("Note"), max_length=_max(Report, "note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the author sees it)"), max_length=300, widget=forms.TextInput)


class LessonForm(PrivacyCheckMixin):
    privacy_fields = ("lesson_learned", "lesson_next_time")
    privacy_why = ABOUT_CLIENTS
    privacy_id = "-lesson"

    lesson_learned = _markdown(Case, "lesson_learned", rows=4)
    lesson_next_time = _markdown(Case, "lesson_next_time", rows=4, required=False)


class PublicSummaryForm(PrivacyCheckMixin):
    privacy_fields = ("public_summary",)
    privacy_why = BECOMES_PUBLIC
    privacy_id = "-summary"

    public_summary = _markdown(Case, "public_summary", rows=5)


class ApproveSummaryForm(PrivacyCheckMixin):
    """The coordinator's approval of the pending public summary: the same check on the summary
    text, so the approver sees the findings (before the first click, see warn_in_advance) and
    confirms them before the summary becomes public."""

    privacy_why = BECOMES_PUBLIC
    privacy_id = "-approve"

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def privacy_texts(self):
        return [self.case.public_summary]


class EditCaseForm(LinksMixin, PrivacyCheckMixin):
    """The author's edit of the case text (the same privacy check as a new case) and of the
    methods and practices it names."""

    privacy_fields = ("title", "situation", "question", "done_so_far")

    title = CaseForm.base_fields["title"]
    situation = CaseForm.base_fields["situation"]
    question = CaseForm.base_fields["question"]
    done_so_far = CaseForm.base_fields["done_so_far"]
    methods = PublishedPagesField(label=_("Methods tried"), help_text=METHODS_HELP)
    practices = PublishedPagesField(label=_("Related practices"), help_text=PRACTICES_HELP)

    special_fields = ("not_identifiable", "checked_findings")

    visible_main_fields = CaseForm.visible_main_fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_link_choices()

    def clean(self):
        return self.clean_links(super().clean())

    def changes(self):
        changes = {name: self.cleaned_data[name] for name in ("title", "situation", "question", "done_so_far")}
        return {**changes, **self.links()}


class AttachmentForm(forms.Form):
    """One image or PDF for a case. The type is decided by the file's content through
    core.uploads (images re-encoded without metadata; SVG, bombs and oversized files refused);
    an image needs a description for people who cannot see it."""

    file = forms.FileField(
        label=_("Image or PDF"),
        help_text=_("JPEG, PNG or WebP images up to 8 MB, PDF documents up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )
    alt_text = forms.CharField(
        label=_("Description of the image"),
        max_length=_max(Attachment, "alt_text"),
        required=False,
        help_text=_("Required for an image: what it shows, for people who cannot see it."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        head = upload.read(8)
        upload.seek(0)
        if head.startswith(b"%PDF-"):
            cleaned = uploads.clean_document(upload, allowed=(uploads.PDF,))
            self.kind = Attachment.Kind.PDF
        else:
            try:
                cleaned = uploads.clean_image(upload)
            except ValidationError as error:
                if error.code in ("not_image", "image_type"):
                    raise ValidationError(
                        _("Only images (JPEG, PNG, WebP) and PDF documents can be attached."), code="type"
                    ) from None
                raise
            self.kind = Attachment.Kind.IMAGE
        # The name it is offered under: cleaned of invisible characters, with its real extension.
        self.original_name = cleaned.name[:120]
        return cleaned

    def clean(self):
        data = super().clean()
        if getattr(self, "kind", None) == Attachment.Kind.IMAGE and not data.get("alt_text", "").strip():
            self.add_error("alt_text", _("Describe what the image shows."))
        return data
