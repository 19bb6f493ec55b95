"""Names people give themselves (and their organisation) must not spoof other people or the page.

One cleaning for every name field of the site (sign-up, profile, guest registration, outside
cycle participants, the pioneer's contact person): ``NameField``. It

- normalises to NFKC, so full-width, mathematical or ligature letters become the plain ones;
- removes what cannot be seen: control and format characters (bidi overrides, embeddings and
  isolates, zero-width spaces and joiners, the BOM, tag characters), variation selectors, the
  combining grapheme joiner, and characters that look like a space but are letters or symbols
  (Braille blank U+2800, the Hangul fillers, the Khmer inherent vowels); any other space
  becomes an ordinary one and runs of spaces collapse;
- refuses a name with no letter left, and a word that mixes alphabets which look alike (Latin,
  Cyrillic, Greek, Armenian, Cherokee, Coptic: "Pаul" with a Cyrillic "а"), the usual homoglyph
  trick. Names in one alphabet, or with words in different alphabets, are fine ("Анна Jansen").
  This follows the "mixed-script confusable" check of Unicode TS #39 in its simple, per-word
  form (no full confusables table).

Templates print names inside <bdi> (the ``person_name`` and ``bdi`` filters of
leeratelier_tags), so a right-to-left name cannot reorder the text around it.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# Letters, marks and symbols that show as nothing (or as a blank), outside the categories above.
_INVISIBLE = {
    0x034F,  # combining grapheme joiner
    0x115F,
    0x1160,
    0x3164,
    0xFFA0,  # Hangul fillers
    0x17B4,
    0x17B5,  # Khmer inherent vowels
    0x2800,  # Braille pattern blank
    0x180E,  # Mongolian vowel separator (Cf in new Unicode, Zs in old)
}
_VARIATION_SELECTORS = [(0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0x180B, 0x180F)]

# Alphabets whose letters look alike; mixing them within one word is how names are spoofed.
CONFUSABLE_SCRIPTS = {"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"}


def _invisible(char):
    code = ord(char)
    if code in _INVISIBLE or unicodedata.category(char) in _INVISIBLE_CATEGORIES:
        return True
    return any(low <= code <= high for low, high in _VARIATION_SELECTORS)


def clean_name(value):
    """The name as it will be stored and shown: normalised, without invisible characters,
    single spaces."""
    value = unicodedata.normalize("NFKC", str(value or ""))
    kept = "".join(" " if char.isspace() else char for char in value if not _invisible(char))
    return " ".join(kept.split())


def _script(char):
    try:
        return unicodedata.name(char).split(" ", 1)[0]
    except ValueError:
        return None


def mixed_script_words(name):
    """The words of ``name`` that mix letters of more than one look-alike alphabet."""
    mixed = []
    for word in re.split(r"[\s\-'’.]+", name):
        scripts = {_script(char) for char in word if char.isalpha()} & CONFUSABLE_SCRIPTS
        if len(scripts) > 1:
            mixed.append(word)
    return mixed


def validate_name(name, required_letter=True):
    if required_letter and name and not any(char.isalpha() for char in name):
        raise ValidationError(_("Enter a name with letters."), code="no_letters")
    if mixed_script_words(name):
        raise ValidationError(
            _(
                "This name mixes letters of different alphabets in one word (for example a "
                'Cyrillic "а" in a Latin name). Type each word in one alphabet.'
            ),
            code="mixed_scripts",
        )


class NameField(forms.CharField):
    """A CharField for a person's or an organisation's name, cleaned as described above. An
    input that is only invisible characters counts as empty (so "required" says so)."""

    def to_python(self, value):
        return clean_name(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            validate_name(value)
