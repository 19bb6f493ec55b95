"""Warn an author, before a case is saved, when the text looks like it identifies a person.

Cases are about vulnerable people and must be anonymised. This is a *warning*, not a filter: the
author can confirm that a match is not about a real person. So the patterns lean towards precision
on ordinary Dutch social-domain prose (years, amounts, percentages, times, chapter numbers, plain
dates, "Horizon 2020", a postcode on its own) and accept that some unusual notations slip through.
It is a safety net, never a guarantee of anonymity; the author's confirmation stays required.

What is recognised, and the known limits:

- **email**: ``name@domain.tld``. Obfuscations ("naam [at] domein") are not recognised.
- **phone**: Dutch numbers only, written with spaces, dashes, dots, slashes or parentheses:
  ``0`` plus nine digits (mobile ``06-12345678``, landline ``030-1234567``, ``(020) 123 4567``) or
  ``+31`` / ``0031`` plus nine digits (``+31 (0)6 12345678``). Foreign numbers and short service
  numbers (``0800-1234``, ``112``) are not flagged. Something that contains a date
  (``01-02-2023 15:00``) or runs into a time is not a phone number.
- **address**: a postcode with a house number, in either order (``3511 AB 12``, ``3511AB, 12a``,
  ``Stationsstraat 12, 3511 AB``); a postcode without a number is only a neighbourhood and is not
  flagged. Also a capitalised street name with a common Dutch street suffix (straat, laan, weg,
  gracht, plein, ...) followed by a house number (``Oudegracht 231``); a number that reads as a
  year, percentage, amount, time or count ("Arbeidsmarkt 2024", "Kerkweg 12 keer") is skipped.
  Streets without such a suffix ("Neude 11", "Vredenburg 40") and addresses written in lower case
  are missed; a street name followed by a count ("Kerkstraat 3 mensen") is flagged. Postcode
  letters must be capitals, so "in 2023 de 12 ..." is not read as a postcode, but text in capitals
  ("RAPPORT 2023 DE 12") can be.
- **bsn**: nine digits, possibly grouped ``123.456.782`` or ``123 456 782``, that pass the BSN
  eleven-test (9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11, and not zero). The test is
  what keeps ordinary nine-digit numbers (order numbers, amounts in cents) from being flagged, but
  about one in eleven random nine-digit numbers passes it, so a false positive is possible.
  Nine digits right after the word BSN / burgerservicenummer are flagged even if the test fails
  (a typo in a real BSN is still a BSN). Amounts (``€ 123.456.789``, ``123.456.789,00``) are skipped.
- **iban**: a country code, two check digits and the account, with or without spaces, that passes
  the ISO 13616 mod-97 check (Dutch ones must also have the NL shape: four letters, ten digits).
- **birth_date**: a date right after a birth word ("geboren op 12-03-1984", "geb. 12 maart 1984",
  "geboortedatum: 12/03/1984", "born on 12 March 1984"). Dates without such a context, and a
  birth year alone ("geboren in 1984"), are not flagged.

Excerpts shown to the author are masked (``06-1234••••``) so the warning itself, which may end up
in logs or screenshots, never repeats a full identifying value.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext, ngettext_lazy

MASK = "•"

# Horizontal whitespace only: a number split over two lines is two numbers.
_S = r"[^\S\r\n]"


@dataclass(frozen=True)
class Finding:
    kind: str  # "email", "phone", "address", "bsn", "iban" or "birth_date"
    label: str  # translated (lazy) human name, e.g. "a phone number"
    excerpt: str  # the match, masked for display; never the full value


def _counted_label(kind, count):
    """The kind's name for `count` findings. Literal ngettext calls so makemessages finds them; the
    single form is also the Finding's label, so every name is one catalogue entry with its plural."""
    if kind == "email":
        return ngettext_lazy("an email address", "%(count)d email addresses", count)
    if kind == "phone":
        return ngettext_lazy("a phone number", "%(count)d phone numbers", count)
    if kind == "address":
        return ngettext_lazy(
            "a postcode with house number or a street address",
            "%(count)d postcodes with house number or street addresses",
            count,
        )
    if kind == "bsn":
        return ngettext_lazy("a citizen service number (BSN)", "%(count)d citizen service numbers (BSN)", count)
    if kind == "iban":
        return ngettext_lazy("a bank account number (IBAN)", "%(count)d bank account numbers (IBAN)", count)
    return ngettext_lazy("a date of birth", "%(count)d dates of birth", count)


KINDS = ("email", "phone", "address", "bsn", "iban", "birth_date")
# Lazy: translated when shown, in the reader's language.
LABELS = {kind: _counted_label(kind, 1) for kind in KINDS}


# --- masking -------------------------------------------------------------------------------------


def _mask_after(text, visible):
    """Keep the first `visible` letters/digits, replace the later ones; separators stay readable."""
    out, seen = [], 0
    for char in text:
        if char.isalnum():
            seen += 1
            out.append(char if seen <= visible else MASK)
        else:
            out.append(char)
    return "".join(out)


def _alnum_count(text):
    return sum(char.isalnum() for char in text)


def _mask_email(text):
    local, _at, domain = text.partition("@")
    name, dot, tld = domain.rpartition(".")
    return f"{_mask_after(local, 1)}@{_mask_after(name, 1)}{dot}{tld}"


def _mask_phone(text):
    # Show the prefix, hide the last four digits (more for short groups): "06-1234••••".
    return _mask_after(text, max(_alnum_count(text) - 4, 2))


def _mask_digits_and_capitals(text):
    """For addresses: street names and postcode digits (a neighbourhood) stay, numbers and the
    postcode letters (which narrow it down to a street) are hidden."""
    return re.sub(r"\b(\d{4})(" + _S + r"?)([A-Z]{2})\b", lambda m: m[1] + m[2] + MASK * 2, _hide_house_numbers(text))


def _hide_house_numbers(text):
    # Every digit that is not part of a four-digit postcode is masked.
    parts = re.split(r"(\b\d{4}" + _S + r"?[A-Z]{2}\b)", text)
    return "".join(part if i % 2 else re.sub(r"[0-9]", MASK, part) for i, part in enumerate(parts))


def _mask_birth_date(match):
    date = match["date"]
    return match[0][: match.start("date") - match.start()] + _mask_after(date, 0)


# --- patterns ------------------------------------------------------------------------------------

EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")

_PHONE_SEP = r"(?:[^\S\r\n]|[-./()]){0,3}"
PHONE_RE = re.compile(
    r"(?<![\w+.,/-])"
    r"(?:(?:\+|00)31" + _PHONE_SEP + r"(?:\(0\)" + _PHONE_SEP + r")?|\(?0" + _PHONE_SEP + r")"
    r"[1-9](?:" + _PHONE_SEP + r"\d){8}"
    r"(?![\d:]|[.,]\d)"
)
_DATE_INSIDE_RE = re.compile(r"\b\d{1,2}[-./]\d{1,2}[-./](?:19|20)\d{2}\b")

_POSTCODE = r"[1-9]\d{3}" + _S + r"?(?!SA|SD|SS)[A-Z]{2}(?![A-Za-z])"
_HOUSE_NUMBER = r"\d{1,5}(?:" + _S + r"?[-]?" + _S + r"?[a-zA-Z](?![a-zA-Z])|-\d{1,4})?"
POSTCODE_NUMBER_RE = re.compile(
    r"(?<![\d.,])" + _POSTCODE + r"(?:" + _S + r"|,)*(?:(?:nr|no|huisnummer)\.?" + _S + r"*)?"
    + _HOUSE_NUMBER + r"(?![\d:%]|[.,]\d)"
)
NUMBER_POSTCODE_RE = re.compile(
    r"(?<![\d.,€$])\d{1,5}(?:" + _S + r"?[a-zA-Z])?" + _S + r"*," + r"?" + _S + r"+" + _POSTCODE
)
_STREET_SUFFIXES = (
    "straat|straatje|laan|weg|wegje|gracht|plein|pleintje|kade|singel|dijk|dreef|hof|pad|steeg|"
    "park|plantsoen|markt|baan|ring|wal|haven|erf|tuin|zijde|boulevard|allee|dam|burgwal|"
    "kanaal|brink|gaarde|akker|weide|hoven|pleinen|lei|vliet|sloot|berg|rade|stede"
)
STREET_RE = re.compile(
    r"(?<![\w-])[A-Z][a-zà-ÿ'-]*?(?:" + _STREET_SUFFIXES + r")"
    + _S + r"+(?!(?:19|20)\d\d\b)" + _HOUSE_NUMBER + r"(?![\d:%]|[.,]\d|" + _S + r"*(?:%|procent|euro|keer|uur|jaar|km|m\b))"
)

_BSN_CONTEXT_RE = re.compile(r"(?:bsn|burgerservicenummer|sofinummer)[\s.:#-]*(?:nr\.?|nummer)?[\s.:#-]*$", re.I)
BSN_RE = re.compile(r"(?<![\w.,/-])(\d{3})((?:[.]|[^\S\r\n])?)(\d{3})\2(\d{3})(?![\w]|[.,/-]\d)")

IBAN_RE = re.compile(
    r"(?<![\w])([A-Z]{2}\d{2}(?:" + _S + r"?[A-Z0-9]{4}){2,7}(?:" + _S + r"?[A-Z0-9]{1,3})?)(?!\w)", re.I
)

_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "january|february|march|may|june|july|august|october|"
    "jan|feb|febr|mrt|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec"
)
BIRTH_DATE_RE = re.compile(
    r"\b(?:geboren(?:" + _S + r"+(?:op|in|te\s+\w+\s+op))?|geb\.|geboortedatum|born(?:" + _S + r"+on)?|"
    r"date" + _S + r"+of" + _S + r"+birth|d\.?o\.?b\.?)"
    r"[\s:,]*(?P<date>\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}" + _S + r"+(?:" + _MONTHS + r")\.?" + _S
    + r"+\d{4})(?!\d)",
    re.I,
)


# --- validators ----------------------------------------------------------------------------------


def passes_eleven_test(digits):
    """The BSN eleven-test: weights 9..2 and -1 for the last digit; the sum is a multiple of 11."""
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    return total % 11 == 0


def passes_iban_check(iban):
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97 is 1."""
    iban = re.sub(r"\s", "", iban).upper()
    if not 15 <= len(iban) <= 34:
        return False
    if iban.startswith("NL") and not re.fullmatch(r"NL\d{2}[A-Z]{4}\d{10}", iban):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _digits(text):
    return re.sub(r"\D", "", text)


def _phone_key(text):
    digits = _digits(text)
    if text.lstrip().startswith("+"):
        digits = digits[2:]
    elif digits.startswith("0031"):
        digits = digits[4:]
    else:
        digits = digits[1:]
    return digits[-9:]


# --- finding -------------------------------------------------------------------------------------


def _candidates(text):
    """Yield (start, end, kind, dedupe key, excerpt) for every match in one text."""
    for m in EMAIL_RE.finditer(text):
        yield m.start(), m.end(), "email", m[0].lower(), _mask_email(m[0])

    for m in IBAN_RE.finditer(text):
        if passes_iban_check(m[1]):
            yield m.start(), m.end(), "iban", re.sub(r"\s", "", m[1]), _mask_after(m[1], 8)

    for m in BIRTH_DATE_RE.finditer(text):
        yield m.start(), m.end(), "birth_date", _digits(m["date"]) or m["date"].lower(), _mask_birth_date(m)

    for m in PHONE_RE.finditer(text):
        raw = m[0]
        if _DATE_INSIDE_RE.search(raw):
            continue
        yield m.start(), m.end(), "phone", _phone_key(raw), _mask_phone(raw)

    for m in BSN_RE.finditer(text):
        digits = m[1] + m[3] + m[4]
        labelled = bool(_BSN_CONTEXT_RE.search(text[max(0, m.start() - 40) : m.start()]))
        after_currency = re.search(r"[€$]" + _S + r"*$|EUR" + _S + r"*$", text[max(0, m.start() - 6) : m.start()])
        if after_currency or not (labelled or passes_eleven_test(digits)):
            continue
        yield m.start(), m.end(), "bsn", digits, _mask_after(m[0], 2)

    for regex in (POSTCODE_NUMBER_RE, NUMBER_POSTCODE_RE, STREET_RE):
        for m in regex.finditer(text):
            key = re.sub(r"[\s,.]", "", m[0]).lower()
            yield m.start(), m.end(), "address", key, _mask_digits_and_capitals(m[0])


def find_identifying_details(*texts):
    """Return the identifying details found in `texts`, deduplicated, in order of appearance.

    Overlapping matches count once (the earliest, longest one wins), so "Stationsstraat 12,
    3511 AB" is one address. The same value written twice, or written differently
    ("06-12345678" and "06 1234 5678"), is one finding.
    """
    findings, seen = [], set()
    for text in texts:
        if not text:
            continue
        text = str(text)
        accepted = []
        for start, end, kind, key, excerpt in sorted(_candidates(text), key=lambda c: (c[0], -(c[1] - c[0]))):
            if any(start < a_end and a_start < end for a_start, a_end in accepted):
                # Extend an overlapping address ("Stationsstraat 12" + "12, 3511 AB") rather than add it.
                continue
            accepted.append((start, end))
            if (kind, key) in seen:
                continue
            seen.add((kind, key))
            findings.append(Finding(kind=kind, label=LABELS[kind], excerpt=excerpt))
    return findings


def warning_message(findings):
    """One translated sentence naming every kind found, or "" when there is nothing to warn about."""
    counts = {}
    for finding in findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    if not counts:
        return ""
    names = [str(_counted_label(kind, count)) % {"count": count} for kind, count in counts.items()]
    if len(names) == 1:
        details = names[0]
    else:
        details = gettext("%(items)s and %(last)s") % {"items": ", ".join(names[:-1]), "last": names[-1]}
    total = sum(counts.values())
    return ngettext(
        "Your text seems to contain %(details)s. Cases must be anonymised: remove or change it, "
        "or confirm that it is not about a real person.",
        "Your text seems to contain %(details)s. Cases must be anonymised: remove or change them, "
        "or confirm that they are not about a real person.",
        total,
    ) % {"details": details}
