"""Every UI string has a compiled Dutch translation (the site is Dutch first)."""

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "leeratelier" / "locale"


def po_msgids(path):
    """The msgids of a .po file (multi-line strings joined), without the header."""
    text = path.read_text(encoding="utf-8")
    ids = []
    for match in re.finditer(r'^msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)', text, re.MULTILINE):
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))
        msgid = "".join(parts).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        if msgid:
            ids.append(msgid)
    return ids


def test_every_dutch_string_is_translated_and_compiled():
    po = LOCALE / "nl" / "LC_MESSAGES" / "django.po"
    with open(LOCALE / "nl" / "LC_MESSAGES" / "django.mo", "rb") as mo_file:
        catalog = gettext.GNUTranslations(mo_file)._catalog
    # A msgid with a msgctxt is compiled as "context\x04msgid".
    compiled = {(key[0] if isinstance(key, tuple) else key).split("\x04")[-1] for key in catalog}
    ids = po_msgids(po)
    assert len(ids) > 100
    missing = [msgid for msgid in ids if msgid not in compiled]
    assert not missing, f"Untranslated or not compiled (run `make messages`): {missing}"
    assert "#, fuzzy" not in po.read_text(encoding="utf-8").split("\n\n", 1)[1]


def test_english_catalogue_is_compiled():
    assert (LOCALE / "en" / "LC_MESSAGES" / "django.mo").exists()
