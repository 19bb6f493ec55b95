"""Warn an author, before a case is saved, when the text looks like it identifies a person.

Cases are about vulnerable people and must be anonymised. This is a *warning*, not a filter: the
author can confirm that a match is not about a real person. So the patterns lean towards precision
on ordinary Dutch social-domain prose (years, amounts, percentages, times, chapter numbers, plain
dates, "Horizon 2020", a postcode on its own) and accept that some unusual notations slip through.
It is a safety net, never a guarantee of anonymity; the author's confirmation stays required.

What is recognised, and the known limits:

- **email**: ``name@domain.tld``. Obfuscations ("naam [at] domein") are not recognised.
- **phone**: found in running text by phonenumbers (``PhoneNumberMatcher(text, "NL")``): Dutch
  numbers in any usual notation (``06-12345678``, ``(020) 123 4567``, ``+31 (0)6 12345678``) and
  foreign ones written with their country code (``+32 470 12 34 56``, ``0049 30 1234567``). Only
  numbers that phonenumbers calls valid and that are written with a leading ``0`` or ``+`` count;
  service numbers (``0800``, ``0900``, shared-cost) are not about a person and are skipped.
  Something that contains a date (``01-02-2023 15:00``) is not a phone number.
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
  eleven-test (``stdnum.nl.bsn``: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11). The test is
  what keeps ordinary nine-digit numbers (order numbers, amounts in cents) from being flagged, but
  about one in eleven random nine-digit numbers passes it, so a false positive is possible.
  Nine digits right after the word BSN / burgerservicenummer are flagged even if the test fails
  (a typo in a real BSN is still a BSN). Amounts (``€ 123.456.789``, ``123.456.789,00``) are skipped.
- **iban**: a country code, two check digits and the account, with or without spaces, that
  ``stdnum.iban`` accepts: the ISO 13616 mod-97 check and the country's own length and shape, for
  every country (``NL91ABNA0417164300``, ``BE68 5390 0754 7034``, ``DE89 3704 0044 0532 0130 00``).
- **birth_date**: a date right after a birth word ("geboren op 12-03-1984", "geb. 12 maart 1984",
  "geboortedatum: 12/03/1984", "born on 12 March 1984"). Dates without such a context, and a
  birth year alone ("geboren in 1984"), are not flagged.

- **name**: names need context, because a capitalised word alone is not a name and place names
  are not warnings. Flagged are: a personal title with a capitalised name ("mevrouw Fatima El
  Amrani", "dhr. De Vries", "meneer J. Bakker"); a known first name with an age ("Fatima (34)",
  "Fatima, 34 jaar", "Sem (8 jaar)"); a known first name with an initial ("Mohammed B. en zijn
  moeder"); a known first name with a capitalised surname ("Fatima El Amrani", "Kees van Dijk").
  The first names are the Dutch first-name list (about 15,000 names, also the common Moroccan,
  Turkish and Surinamese ones) that deduce (UMC Utrecht's de-identification of Dutch clinical
  text) ships as a plain file; it is read once, on first use, into a frozenset; deduce itself is
  not imported or run. Without deduce installed a short list in this module is used. Names that
  are also places (from deduce's place lists), months or common words are left out. Not flagged:
  "mevrouw A." (an initial alone is the usual anonymised notation), a name close to a public role
  ("wethouder Jansen van Lingewaard", "burgemeester Ahmed Aboutaleb"), place and neighbourhood
  names, first names without age, initial or surname.
- **licence_plate**: Dutch licence plates in their sidecodes, written with dashes (``12-AB-34``,
  ``AB-123-C``, ``1-ABC-23``, ``GB-12-AB``); letters must be capitals.
- **file_number**: a number of four or more digits (dashes, slashes and letters allowed) right
  after a file or client word ("dossiernummer 2023-12345", "cliëntnummer 88123", "zaaknummer:
  Z/23/004512", "klantnr. 45 671").

- **school_children**: a named school ("basisschool De Regenboog", "obs De Klimop", "het Stedelijk
  Lyceum", "de Regenboogschool") with one or more known first names in the same paragraph, within
  about two sentences ("op basisschool De Regenboog zitten Sem en Noor"): a child's first name
  alone is not a warning, but with their school it identifies them. Not flagged: a school without
  a first name near it ("groep 5 van basisschool De Regenboog"), "de school" without a name, a
  name close to a public role ("directeur Anna Smit van basisschool De Regenboog").

Excerpts shown to the author are masked (``06-1234••••``) so the warning itself, which may end up
in logs or screenshots, never repeats a full identifying value.
"""

import functools
import importlib.util
import pathlib
import re
from dataclasses import dataclass

import phonenumbers
from django.utils.translation import gettext, ngettext, ngettext_lazy
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

MASK = "•"

# Horizontal whitespace only: a number split over two lines is two numbers.
_S = r"[^\S\r\n]"


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
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
    if kind == "name":
        return ngettext_lazy("a name", "%(count)d names", count)
    if kind == "licence_plate":
        return ngettext_lazy("a licence plate", "%(count)d licence plates", count)
    if kind == "file_number":
        return ngettext_lazy("a file or client number", "%(count)d file or client numbers", count)
    if kind == "school_children":
        return ngettext_lazy(
            "a school together with children's first names",
            "%(count)d schools together with children's first names",
            count,
        )
    return ngettext_lazy("a date of birth", "%(count)d dates of birth", count)


KINDS = (
    "email",
    "phone",
    "address",
    "bsn",
    "iban",
    "birth_date",
    "name",
    "licence_plate",
    "file_number",
    "school_children",
)
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

_DATE_INSIDE_RE = re.compile(r"\b\d{1,2}[-./]\d{1,2}[-./](?:19|20)\d{2}\b")

_POSTCODE = r"[1-9]\d{3}" + _S + r"?(?!SA|SD|SS)[A-Z]{2}(?![A-Za-z])"
_HOUSE_NUMBER = r"\d{1,5}(?:" + _S + r"?[-]?" + _S + r"?[a-zA-Z](?![a-zA-Z])|-\d{1,4})?"
POSTCODE_NUMBER_RE = re.compile(
    r"(?<![\d.,])"
    + _POSTCODE
    + r"(?:"
    + _S
    + r"|,)*(?:(?:nr|no|huisnummer)\.?"
    + _S
    + r"*)?"
    + _HOUSE_NUMBER
    + r"(?![\d:%]|[.,]\d)"
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
    r"(?<![\w-])[A-Z][a-zà-ÿ'-]*?(?:"
    + _STREET_SUFFIXES
    + r")"
    + _S
    + r"+(?!(?:19|20)\d\d\b)"
    + _HOUSE_NUMBER
    + r"(?![\d:%]|[.,]\d|"
    + _S
    + r"*(?:%|procent|euro|keer|uur|jaar|km|m\b))"
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
    r"[\s:,]*(?P<date>\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}"
    + _S
    + r"+(?:"
    + _MONTHS
    + r")\.?"
    + _S
    + r"+\d{4})(?!\d)",
    re.I,
)


# --- validators ----------------------------------------------------------------------------------


def passes_eleven_test(digits):
    """The BSN eleven-test (python-stdnum's ``stdnum.nl.bsn``), on exactly nine digits."""
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    return stdnum_bsn.is_valid(digits)


def passes_iban_check(iban):
    """python-stdnum's ``stdnum.iban``: mod-97 and the country's length and shape from the IBAN
    registry, every country. Not the extra national checks (bank codes, BBAN check digits): a bank
    missing from stdnum's tables would hide a real account number."""
    return stdnum_iban.is_valid(re.sub(r"\s", "", iban), check_country=False)


def _digits(text):
    return re.sub(r"\D", "", text)


# --- phone numbers (phonenumbers) -----------------------------------------------------------------

# Numbers for a service, not a person: free, premium, shared-cost and company-wide numbers.
_SERVICE_TYPES = {
    phonenumbers.PhoneNumberType.TOLL_FREE,
    phonenumbers.PhoneNumberType.PREMIUM_RATE,
    phonenumbers.PhoneNumberType.SHARED_COST,
    phonenumbers.PhoneNumberType.UAN,
}


def _phone_candidates(text):
    for match in phonenumbers.PhoneNumberMatcher(text, "NL"):
        raw = match.raw_string
        if not re.match(r"[(]?[+0]", raw) or _DATE_INSIDE_RE.search(raw):
            continue  # "123456789" is an order number, not a phone number written by a person
        if phonenumbers.number_type(match.number) in _SERVICE_TYPES:
            continue
        key = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        yield match.start, match.end, "phone", key, _mask_phone(raw)


# --- licence plates and file numbers --------------------------------------------------------------

_L, _D = "[A-Z]", r"\d"
_SIDECODES = (
    # Dutch sidecodes 1-14: letter (L) and digit (D) groups, always written with dashes.
    ("LL", "DD", "DD"),
    ("DD", "DD", "LL"),
    ("DD", "LL", "DD"),
    ("LL", "DD", "LL"),
    ("LL", "LL", "DD"),
    ("DD", "LL", "LL"),
    ("DD", "LLL", "D"),
    ("D", "LLL", "DD"),
    ("LL", "DDD", "L"),
    ("L", "DDD", "LL"),
    ("LLL", "DD", "L"),
    ("L", "DD", "LLL"),
    ("D", "LL", "DDD"),
    ("DDD", "LL", "D"),
)
PLATE_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join("-".join(group.replace("L", _L).replace("D", _D) for group in code) for code in _SIDECODES)
    + r")(?![\w-])"
)
FILE_NUMBER_RE = re.compile(
    r"\b(?:dossier|cli[eë]nt|klant|zaak|registratie|referentie|relatie|pati[eë]nt|aanvraag|lid|"
    r"polis|inschrijf|leerling|studenten?)(?:nummer|nr\.?|no\.?)"
    r"(?:" + _S + r"*[:#]?" + _S + r"*)"
    r"(?P<number>(?=[A-Z0-9/.-]*\d[A-Z0-9/.-]*\d[A-Z0-9/.-]*\d[A-Z0-9/.-]*\d)[A-Z0-9](?:[A-Z0-9/.-]|"
    + _S
    + r"(?=\d))*[A-Z0-9])",
    re.I,
)


# --- names ---------------------------------------------------------------------------------------

# Used only when deduce's list is not installed: common first names in the Netherlands, Dutch and
# Moroccan, Turkish, Surinamese, Antillean and other origins.
_FALLBACK_FIRST_NAMES = """
Aaliyah Abdel Abdelkader Abdullah Adam Ahmed Aisha Aicha Ali Amina Amira Anouk Anna Anne Annemarie
Anton Arjun Arjen Astrid Ayoub Ayse Ayşe Bart Bas Bayram Bilal Bram Burak Can Carla Cem Chantal
Daan Damla Dennis Devi Dewi Dirk Ebru Ece Elif Elise Emine Emma Emre Esra Eva Evi Fatima Fatma
Fenna Finn Floor Gerrit Hakan Hamid Hanna Hans Hasan Hatice Henk Hüseyin Ibrahim Ilse Ilyas Imane
Inge Ismail Jan Janneke Jasmijn Jayden Jeroen Jesse Johan Jordy Julia Kader Karim Kees Kevin Khadija
Kim Koen Lars Laura Leila Lieke Lisa Liam Lotte Luuk Maarten Malika Marieke Mark Marloes Mart Mehmet
Melek Merel Milan Mohamed Mohammed Mustafa Naima Nadia Nina Nora Noah Nour Omar Orhan Özlem Pieter
Priya Ravi Rachid Rik Rosa Ruben Saida Sam Samira Sanne Sara Sem Senna Shanti Sinan Soufiane Sunita
Suzanne Tess Thijs Tim Tom Tygo Vera Wendy Willem Yasmina Yassin Yusuf Zeynep Zoë
"""

# Sentence words and calendar words that are also in the name list: never names here.
_NOT_NAMES = frozenset(
    """de het een en of maar ook toen daarna dan nu zij ze hij wij we ik jij je u dit dat die deze
    er in op na bij met voor van uit aan om tot over door als want dus zo wel niet geen al nog hoe
    wat wie waar wil kan mag moet zal januari februari maart april mei juni juli augustus september
    oktober november december maandag dinsdag woensdag donderdag vrijdag zaterdag zondag pasen
    pinksteren kerst mevrouw meneer moeder vader zoon dochter oma opa tante oom juf meester""".split()
)

_DEDUCE_LISTS = "data/lookup/src"


def _deduce_dir():
    """deduce's folder without importing it (its import builds nothing, but we need only files)."""
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = pathlib.Path(next(iter(spec.submodule_search_locations))) / _DEDUCE_LISTS
    return path if path.is_dir() else None


def _read_list(path):
    try:
        return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    except OSError:
        return set()


@functools.cache
def place_names(parts=("lst_residence", "lst_municipality", "lst_province", "lst_region")):
    """Lower-case names of Dutch places, municipalities, provinces and regions (deduce's lists)."""
    root = _deduce_dir()
    if root is None:
        return frozenset()
    places = set()
    for part in parts:
        places |= _read_list(root / "locations" / "lst_placename" / part / "items.txt")
    return frozenset(place.lower() for place in places)


def _big_places():
    """Municipalities and provinces: "Van Lingewaard" after a name is where someone is from. Not
    every hamlet, since many surnames (Dijk, Boer, Berg) are also a hamlet somewhere."""
    return place_names(("lst_municipality", "lst_province"))


@functools.cache
def first_names():
    """The first names, read once on first use. deduce's list minus its own exceptions (words that
    are rarely a name), places, and sentence and calendar words."""
    root = _deduce_dir()
    names = set()
    if root is not None:
        folder = root / "names" / "lst_first_name"
        names = _read_list(folder / "items.txt") - _read_list(folder / "exceptions.txt")
    if not names:
        names = set(_FALLBACK_FIRST_NAMES.split())
    places = place_names()
    return frozenset(
        name for name in names if len(name) > 1 and name.lower() not in _NOT_NAMES and name.lower() not in places
    )


_LOWER = "a-zà-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňŉōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżž"
_CAP = r"[A-ZÀ-ÖØ-ÞĀ-Žİ][" + _LOWER + r"]+(?:['’-][A-Za-z" + _LOWER + r"]+)*"
# Between a first name and a surname ("van der", "El"); not "in", "op", "te": "Anna in Arnhem".
_INTERFIX = r"(?:van|de|der|den|ter|ten|'t|el|al|ben|bin|ibn|abu|da|dos|du|le|la|von|vd)"
_NAME_WORD_RE = re.compile(r"(?<![\w'’-])" + _CAP + r"(?![\w'’-])")
# A surname after a first name: interfixes ("van der", "El") and one or two capitalised words.
_SURNAME_RE = re.compile(r"(?:" + _S + r"+(?i:" + _INTERFIX + r"))*" + _S + r"+(?P<surname>" + _CAP + r")(?![\w'’-])")
_AGE_RE = re.compile(
    r"(?:" + _S + r"*\(" + _S + r"*\d{1,3}(?:" + _S + r"*(?:jaar|jr\.?|j\.))?" + _S + r"*\)"
    r"|" + _S + r"*," + _S + r"*\d{1,3}" + _S + r"*(?:jaar|jr\b|j\.)"
    r"|"
    + _S
    + r"+(?:is|was|wordt|werd|van)"
    + _S
    + r"+(?:pas"
    + _S
    + r"+|bijna"
    + _S
    + r"+)?\d{1,3}"
    + _S
    + r"*(?:jaar|jr\b))"
)
_INITIAL_RE = re.compile(_S + r"+[A-Z]\.(?![A-Za-z])")
_TITLE_RE = re.compile(
    r"(?<![\w])(?i:mevrouw|mevr\.|mw\.|meneer|mijnheer|mnr\.|dhr\.|de" + _S + r"+heer|juffrouw|"
    r"mrs\.|mr\.|ms\.|miss)" + _S + r"+"
    r"(?P<name>(?:[A-Z]\." + _S + r"?)*(?:(?i:" + _INTERFIX + r")" + _S + r"+)*" + _CAP + r")(?![\w'’-])"
)
# A name this close to a public role is a public figure in that role, not a client.
_PUBLIC_ROLE_RE = re.compile(
    r"\b(?:wethouders?|burgemeesters?|ministers?|staatssecretaris|premier|minister-president|"
    r"(?:gemeente|tweede-?|eerste-?)?kamerleden|(?:gemeente)?raadslid|(?:tweede-?)?kamerlid|gedeputeerde|"
    r"commissaris|gouverneur|ombudsman|ombudsvrouw|directeur|directrice|voorzitter|bestuurder|"
    r"woordvoerder|hoogleraar|lector|professor|prof\.|dr\.|koning|koningin|prinses|prins|"
    r"griffier|secretaris-generaal|kinderombudsman|programmamanager|projectleider|onderzoeker)\b",
    re.I,
)


_ROLE_BEFORE_RE = re.compile(
    "(?:" + _PUBLIC_ROLE_RE.pattern + r")(?:\W+(?:van|de|der|het|in|uit)\b)?(?:\W+\w+)?\W*$", re.I
)
_ROLE_AFTER_RE = re.compile(r"\W{0,3}(?:\w+\W+)?(?:" + _PUBLIC_ROLE_RE.pattern + ")", re.I)


_INSTITUTION_END_RE = re.compile(
    r"(?:ziekenhuis|kliniek|verpleeghuis|centrum|school|college|zorg|groep|stichting|instituut|revalidatie|"
    r"fonds|academie|universiteit|hogeschool|team|lyceum|gymnasium)$",
    re.I,
)


def _near_public_role(text, start, end):
    """A role right before the name ("wethouder Jansen", "minister van VWS, Karremans") or right
    after it ("Jansen, wethouder"). Not a role further away: "de directeur belde over Fatima (8)"
    is about a child."""
    before = text[max(0, start - 40) : start]
    return bool(_ROLE_BEFORE_RE.search(before) or _ROLE_AFTER_RE.match(text, end))


def _mask_name(text):
    """Each word keeps its first letter: "mevrouw F••••• E• A•••••", "M•••••• B."."""
    return re.sub(r"(?<![\w])(\w)(\w+)", lambda m: m[1] + MASK * len(m[2]), text)


def _name_candidates(text):
    names = first_names()
    places = place_names()
    big_places = _big_places()

    def name(start, end, title_start=None):
        """The finding for text[start:end], or None for a public figure. A title before the name
        stays readable in the excerpt ("mevrouw F•••••")."""
        if _near_public_role(text, start, end):
            return None
        value = text[start:end]
        first = start if title_start is None else title_start
        key = re.sub(r"\W", "", value).lower()
        return first, end, "name", key, text[first:start] + _mask_name(value)

    for m in _TITLE_RE.finditer(text):
        word = m["name"].split()[-1]
        if word.lower() in _NOT_NAMES:
            continue
        end = m.end()
        more = _SURNAME_RE.match(text, end)  # "mevrouw Fatima El Amrani"
        if more and more["surname"].lower() not in _NOT_NAMES:
            end = more.end()
        found = name(m.start("name"), end, m.start())
        if found:
            yield found

    for m in _NAME_WORD_RE.finditer(text):
        if m[0] not in names:
            continue
        end = m.end()
        surname = _SURNAME_RE.match(text, end)
        if surname and (surname["surname"].lower() in _NOT_NAMES or text[m.start() : surname.end()].lower() in places):
            surname = None
        if surname and _INSTITUTION_END_RE.search(surname["surname"]):
            surname = None  # "Emma Kinderziekenhuis", "Sophia Revalidatie": an institution
        if surname and surname["surname"].lower() in big_places:
            surname = None  # "Jansen van Lingewaard": a name and a municipality
        if surname:
            end = surname.end()
        age = _AGE_RE.match(text, end)
        initial = None if surname else _INITIAL_RE.match(text, end)
        if age:
            end = age.end()
        elif initial:
            end = initial.end()
        elif not surname:
            continue
        found = name(m.start(), end)
        if found:
            yield found


# --- a school with children's first names ---------------------------------------------------------

_SCHOOL_WORDS = (
    r"basisschool|basisscholen|school|scholengemeenschap|kindcentrum|kindercentrum|ikc|obs|cbs|rkbs|pcbs|kbs|"
    r"sbo|so|vso|lyceum|college|gymnasium|atheneum|mavo|vmbo|peuterspeelzaal|kinderdagverblijf|kinderopvang|bso|"
    r"montessorischool|daltonschool|jenaplanschool|vrije\s+school"
)
SCHOOL_RE = re.compile(
    # "basisschool De Regenboog", "obs 't Startblok", "het Stedelijk Lyceum", "de Regenboogschool"
    r"(?<![\w-])(?:(?i:"
    + _SCHOOL_WORDS
    + r")"
    + _S
    + r"+(?P<name>(?:(?i:de|het|'t|den)"
    + _S
    + r"+)?"
    + _CAP
    + r"(?:"
    + _S
    + r"+"
    + _CAP
    + r")?)"
    r"|(?P<before>" + _CAP + r"(?:" + _S + r"+" + _CAP + r")?)" + _S + r"+(?i:lyceum|college|gymnasium|school)"
    r"|(?P<joined>[A-Z][" + _LOWER + r"]+school))(?![\w'’-])"
)
_SCHOOL_WINDOW = 160  # about two sentences either side


def _school_candidates(text):
    names = None
    for m in SCHOOL_RE.finditer(text):
        school_words = {word.lower() for word in re.findall(r"\w+", m[0])}
        if m["before"] and m["before"].split()[0].lower() in _NOT_NAMES | {"de", "het", "een", "die", "deze"}:
            continue  # "De school", "Een school"
        if m["before"] and m["before"].lower() in place_names():
            continue  # "Arnhem College" is named after a place, but "Montessori College" is a school
        start = max(text.rfind("\n\n", 0, m.start()) + 1, m.start() - _SCHOOL_WINDOW, 0)
        end = text.find("\n\n", m.end())
        end = min(end if end != -1 else len(text), m.end() + _SCHOOL_WINDOW)
        if names is None:
            names = first_names()
        children = []
        for word in _NAME_WORD_RE.finditer(text, start, end):
            if m.start() <= word.start() < m.end() or word[0].lower() in school_words:
                continue
            if word[0] in names and not _near_public_role(text, word.start(), word.end()):
                children.append(word)
        if not children:
            continue
        first, last = min(m.start(), children[0].start()), max(m.end(), children[-1].end())
        key = re.sub(r"\W", "", m[0]).lower()
        school = m[0][: m.start("name") - m.start()] + _mask_name(m["name"]) if m["name"] else _mask_name(m[0])
        excerpt = school + ": " + ", ".join(_mask_name(child[0]) for child in children)
        yield first, last, "school_children", key, excerpt


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

    yield from _phone_candidates(text)

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

    yield from _name_candidates(text)

    yield from _school_candidates(text)

    for m in PLATE_RE.finditer(text):
        yield m.start(), m.end(), "licence_plate", m[0].replace("-", ""), _mask_after(m[0], 2)

    for m in FILE_NUMBER_RE.finditer(text):
        number = m["number"]
        masked = _mask_after(number, 2)
        key = re.sub(r"\W", "", number).lower()
        yield m.start(), m.end(), "file_number", key, m[0][: m.start("number") - m.start()] + masked


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


def warning_message(findings, why=None):
    """One translated sentence naming every kind found, or "" when there is nothing to warn about.
    ``why`` says why this text must not identify anyone (a translated sentence, e.g. "This text
    will be public."); without it the case form's wording."""
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
    if why is not None:
        return ngettext(
            "Your text seems to contain %(details)s. %(why)s Remove or change it, "
            "or confirm that it is not about a real person.",
            "Your text seems to contain %(details)s. %(why)s Remove or change them, "
            "or confirm that they are not about a real person.",
            total,
        ) % {"details": details, "why": why}
    return ngettext(
        "Your text seems to contain %(details)s. Cases must be anonymised: remove or change it, "
        "or confirm that it is not about a real person.",
        "Your text seems to contain %(details)s. Cases must be anonymised: remove or change them, "
        "or confirm that they are not about a real person.",
        total,
    ) % {"details": details}
