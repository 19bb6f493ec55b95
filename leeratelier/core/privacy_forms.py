"""The privacy check on a form: one mixin for every text that can leave the atelier or is about
clients (cases, reflections, retained lessons, the public summary and its approval, cycle
contributions and transcripts, method experiences, the pioneer form).

How it works, for the person filling in the form:
1. They send the form. ``clean()`` runs ``privacy_check.find_identifying_details`` on the form's
   ``privacy_fields``. Nothing found: the form is valid as before.
2. Something found: the form is *not* valid. The confirmation box ``not_identifiable`` carries
   the error, ``privacy_findings`` holds the findings with masked excerpts, and the hidden field
   ``checked_findings`` is set to a fingerprint of exactly these findings. The view shows the
   form again as it does for any error, so every typed text stays; the template includes
   ``includes/privacy_warning.html`` inside the form (the warning, the excerpts, the box).
3. They change the text, or tick the box and send again. The box counts only for the findings
   they were shown: a changed text that holds something new warns again.
4. Saved with the box ticked: ``saved_despite_warning`` is True, and the view records it with
   ``record_saved_despite_warning`` so the coordinators see it in their reports queue.

The two fields are removed from ``cleaned_data``, so views that pass ``cleaned_data`` on to a
service are not affected.
"""

import hashlib

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from .privacy_check import find_identifying_details, warning_message

CONFIRM_LABEL = _("I checked: this is not about an identifiable person")
CONFIRM_ERROR = _("Change the text, or tick this box if you checked that it is not about a real person.")


def findings_digest(findings):
    """A fingerprint of what the privacy check found. The author's "I checked" covers exactly the
    findings they were shown: text changed to hold something new warns again."""
    text = "|".join(f"{finding.kind}:{finding.excerpt}" for finding in findings)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class PrivacyCheckMixin(forms.Form):
    """Mix into a form and name the text fields to check in ``privacy_fields``; set
    ``privacy_why`` to say why the text must not identify anyone (None: the case wording)."""

    privacy_fields = ()
    privacy_why = None
    #: Added to the ids of the warning's heading and box, for pages with several such forms.
    privacy_id = ""
    #: Fields the templates lay out through includes/privacy_warning.html, never in the field loop.
    privacy_field_names = ("not_identifiable", "checked_findings")

    not_identifiable = forms.BooleanField(label=CONFIRM_LABEL, required=False)
    checked_findings = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.privacy_findings = []
        self.saved_despite_warning = False
        if self.privacy_id:
            self.fields["not_identifiable"].widget.attrs["id"] = f"id_not_identifiable{self.privacy_id}"

    def privacy_texts(self):
        """The texts to check; a form whose text is not one of its fields (the approval of a
        summary) overrides this."""
        data = getattr(self, "cleaned_data", {})
        return [data.get(name) or "" for name in self.privacy_fields if name in self.fields]

    def visible_fields_without_privacy(self):
        """The visible fields for a template's field loop; the box is in the warning include."""
        return [field for field in self.visible_fields() if field.name not in self.privacy_field_names]

    @property
    def privacy_warning(self):
        return warning_message(self.privacy_findings, self.privacy_why) if self.privacy_findings else ""

    @property
    def privacy_kinds(self):
        return ",".join(dict.fromkeys(finding.kind for finding in self.privacy_findings))

    def warn_in_advance(self):
        """For an unbound form whose text is already known (the approval of a summary): show the
        findings before the first click, so the box ticked right away counts."""
        self.privacy_findings = find_identifying_details(*self.privacy_texts())
        if self.privacy_findings:
            self.initial["checked_findings"] = findings_digest(self.privacy_findings)

    def clean(self):
        data = super().clean()
        confirmed = bool(data.pop("not_identifiable", False))
        digest = data.pop("checked_findings", "") or ""
        findings = find_identifying_details(*self.privacy_texts())
        self.privacy_findings = findings
        if not findings:
            return data
        expected = findings_digest(findings)
        if confirmed and digest == expected:
            self.saved_despite_warning = True
            return data
        self.add_error("not_identifiable", CONFIRM_ERROR)
        # Shown again with the fingerprint of what was shown now, and the box not ticked: a
        # tick given for other findings must be given again.
        self.data = self.data.copy()
        self.data[self.add_prefix("checked_findings")] = expected
        self.data.pop(self.add_prefix("not_identifiable"), None)
        return data


def record_saved_despite_warning(form, post, part, by=None, atelier_key=None):
    """Record that ``post`` was saved although ``form`` warned (no-op when it did not). Call it in
    the transaction that saves the post."""
    from .models import SavedDespiteWarning

    if not getattr(form, "saved_despite_warning", False) or post is None:
        return None
    return SavedDespiteWarning.objects.create(
        content_type=ContentType.objects.get_for_model(type(post)),
        object_id=post.pk,
        part=part,
        atelier_key=atelier_key,
        kinds=form.privacy_kinds[:200],
        saved_by=by if by is not None and by.is_authenticated else None,
    )


def saved_despite_warning_keys(posts):
    """The (content type id, pk) of those of ``posts`` that were saved despite a warning: one
    query for any number of posts of any kinds."""
    from django.db.models import Q

    from .models import SavedDespiteWarning

    by_type = {}
    for post in posts:
        if post is not None:
            by_type.setdefault(ContentType.objects.get_for_model(type(post)).pk, set()).add(post.pk)
    if not by_type:
        return set()
    query = Q()
    for content_type_id, ids in by_type.items():
        query |= Q(content_type_id=content_type_id, object_id__in=ids)
    return set(SavedDespiteWarning.objects.filter(query).values_list("content_type_id", "object_id"))


def mark_saved_despite_warning(rows, post_key="post"):
    """Set ``row["saved_despite_warning"]`` on each row (dicts holding a post)."""
    keys = saved_despite_warning_keys(row[post_key] for row in rows)
    for row in rows:
        post = row[post_key]
        row["saved_despite_warning"] = (ContentType.objects.get_for_model(type(post)).pk, post.pk) in keys
    return rows
