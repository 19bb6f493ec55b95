"""Demo content: the site tree in Dutch and English, the shared vocabulary and the magazine.

Written in the project's own words from the domain description. Every step is idempotent (it
finds what an earlier run made), so `manage.py load_demo` can run again after a change. Later
apps add their own demo step with ``register_step``; steps run in registration order.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Locale, Page, Site

from home.models import HomePage, StandardPage

from .localize import translate
from .models import Theme, Werkplaats

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "leeratelier-demo"
MAGAZINE_DATA = Path(__file__).resolve().parent.parent / "magazine" / "data"
MAGAZINE_TEXT = MAGAZINE_DATA / "impact-sociaal-domein.txt"
# Dutch source text -> English, for the demo's translation of the magazine page and chapter 1.
MAGAZINE_ENGLISH = MAGAZINE_DATA / "demo-translation-en.json"


@dataclass
class DemoContext:
    out: object  # a writer with .write(str), e.g. a command's stdout
    home: HomePage | None = None
    credentials: list | None = None

    def say(self, text):
        self.out.write(text)


_steps = []


def register_step(function):
    _steps.append(function)
    return function


def run(out):
    context = DemoContext(out=out, credentials=[])
    for step in _steps:
        step(context)
    return context


# --- vocabulary -----------------------------------------------------------------------------

WERKPLAATSEN = [
    ("Werkplaats Sociaal Domein Utrecht", "HU", "Hogeschool Utrecht", "Utrecht"),
    ("Werkplaats Sociaal Domein Arnhem Nijmegen (WSDAN)", "HAN", "Hogeschool van Arnhem en Nijmegen", "Gelderland"),
    ("Werkplaats Sociaal Domein Limburg", "Zuyd", "Zuyd Hogeschool", "Limburg"),
]

THEMES = [
    ("armoede", "Armoede", "Poverty"),
    ("betekenisvol-contact-in-de-wijk", "Betekenisvol contact in de wijk", "Meaningful contact in the neighbourhood"),
    ("jongeren", "Jongeren", "Young people"),
    ("inclusie-en-participatie", "Inclusie en participatie", "Inclusion and participation"),
    ("sociale-duurzame-praktijken", "Sociale duurzame praktijken", "Socially sustainable practices"),
    ("waardig-werken-en-meedoen", "Waardig werken en meedoen", "Dignified work and taking part"),
    ("impact-en-verantwoording", "Impact en verantwoording", "Impact and accountability"),
]


@register_step
def locales(context):
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


@register_step
def vocabulary(context):
    for name, university, university_name, region in WERKPLAATSEN:
        Werkplaats.objects.update_or_create(
            name=name,
            defaults={"university": university, "university_name": university_name, "region": region},
        )
    nl, en = Locale.objects.get(language_code="nl"), Locale.objects.get(language_code="en")
    for slug, name_nl, name_en in THEMES:
        theme, _ = Theme.objects.update_or_create(locale=nl, slug=slug, defaults={"name": name_nl})
        english = theme.get_translation_or_none(en) or theme.copy_for_translation(en)
        english.name, english.slug = name_en, slug
        english.save()
    context.say(f"Vocabulary: {len(WERKPLAATSEN)} werkplaatsen, {len(THEMES)} themes in nl and en.")


# --- site tree -------------------------------------------------------------------------------
# Page text is written as (Dutch, English) pairs: the Dutch makes the page, the English its
# wagtail-localize translation.


def heading(nl, en, level="h2"):
    return ("heading", nl, en, level)


def paragraph(nl, en):
    return ("paragraph", nl, en, None)


def dutch_body(blocks):
    return [
        ("heading", {"text": nl, "level": level}) if kind == "heading" else ("paragraph", f"<p>{nl}</p>")
        for kind, nl, en, level in blocks
    ]


def english_strings(fields, blocks):
    strings = dict(fields.values())
    strings.update({nl: en for kind, nl, en, level in blocks})
    return strings


HOME = {
    "fields": {
        "title": ("Leeratelier", "Leeratelier"),
        "intro": (
            "Leeratelier is de plek waar gemeenten, sociaal werkers, sociale ondernemers, "
            "ervaringsdeskundigen en onderzoekers samen werken aan de impact van het sociaal domein. "
            "In de leerateliers van de Werkplaatsen Sociaal Domein leren we van elkaars praktijk, "
            "in plaats van alleen cijfers te verantwoorden.",
            "Leeratelier is where municipalities, social workers, social entrepreneurs, experience "
            "experts and researchers work together on the impact of the social domain. In the "
            "learning ateliers of the Werkplaatsen Sociaal Domein we learn from each other's practice, "
            "instead of only accounting for numbers.",
        ),
        "tracks_intro": (
            "Impact is het goede doen, en het goed doen. Daarom kijken we langs drie sporen tegelijk.",
            "Impact means doing the right thing, and doing it right. That is why we look along three "
            "tracks at once.",
        ),
    },
    "body": [
        heading("Waarom een leeratelier?", "Why a learning atelier?"),
        paragraph(
            "Verantwoording gaat vaak over aantallen en kosten, en minder over de vraag of we als "
            "professionals het goede doen. Wie in het sociaal domein werkt, wil ook laten zien wat "
            "het werk betekent voor bewoners. Dat lukt alleen samen: met de mensen om wie het gaat, "
            "met beleid en met de praktijk.",
            "Accountability is often about counts and costs, and less about whether we as "
            "professionals do the right thing. People who work in the social domain also want to show "
            "what the work means for residents. That only works together: with the people it is "
            "about, with policy and with practice.",
        ),
        paragraph(
            "Een leeratelier is een gemeenschap van mensen uit de praktijk. Elke maand is er een "
            "expertbijeenkomst over een thema, met een kerngroep en mensen die per thema aansluiten. "
            "We bespreken casussen, delen methoden en leren in korte cycli van plannen, doen en "
            "reflecteren.",
            "A learning atelier is a community of people from practice. Every month there is an "
            "expert meeting on a theme, with a core group and people who join per theme. We discuss "
            "cases, share methods and learn in short cycles of planning, doing and reflecting.",
        ),
        heading("Lees het magazine", "Read the magazine"),
        paragraph(
            "Het magazine Impact in het sociaal domein bundelt de opbrengst van drie online sessies "
            "van de HAN, de HU en Zuyd: over co-creatie, de taal van impact en een actieplan in vier "
            "punten.",
            "The magazine Impact in het sociaal domein (Impact in the social domain) gathers what "
            "three online sessions of HAN, HU and Zuyd yielded: on co-creation, the language of "
            "impact and an action plan in four points.",
        ),
    ],
}

STANDARD_PAGES = [
    {
        "slug": "over-leeratelier",
        "show_in_menus": True,
        "fields": {
            "title": ("Over Leeratelier", "About Leeratelier"),
            "intro": (
                "Wie we zijn, waarom dit platform er is en hoe je meedoet.",
                "Who we are, why this platform exists and how to take part.",
            ),
        },
        "body": [
            heading("Wie zijn we?", "Who are we?"),
            paragraph(
                "Leeratelier is een initiatief van de Werkplaatsen Sociaal Domein van de HU, de HAN en "
                "Zuyd. In een werkplaats werken studenten, professionals, beleidsmakers en onderzoekers "
                "samen aan sociale vraagstukken in hun regio.",
                "Leeratelier is an initiative of the Werkplaatsen Sociaal Domein (social domain "
                "workshops) of HU, HAN and Zuyd. In a workshop, students, professionals, policy makers "
                "and researchers work together on social issues in their region.",
            ),
            heading("Drie sporen van impact", "Three tracks of impact"),
            paragraph(
                "We kijken naar impact langs drie sporen: doelmatigheid (is het geld goed besteed?), "
                "betekenisgeving (wie bepaalt wat impact is?) en vakmanschap (leren en het vak van de "
                "professional).",
                "We look at impact along three tracks: efficiency (is the money well spent?), "
                "meaning-making (who decides what impact is?) and craftsmanship (learning and the "
                "professional's craft).",
            ),
            heading("Meedoen", "Taking part"),
            paragraph(
                "Iedereen kan het magazine, de ateliers en de methoden lezen. Wie mee wil doen aan een "
                "atelier, maakt een account en vraagt lid te worden.",
                "Anyone can read the magazine, the ateliers and the methods. To take part in an "
                "atelier, create an account and ask to join.",
            ),
        ],
    },
    {
        "slug": "toegankelijkheidsverklaring",
        "show_in_menus": False,
        "fields": {
            "title": ("Toegankelijkheidsverklaring", "Accessibility statement"),
            "intro": (
                "Leeratelier wil voor iedereen bruikbaar zijn en voldoet aan WCAG 2.1 niveau AA.",
                "Leeratelier aims to be usable by everyone and meets WCAG 2.1 level AA.",
            ),
        },
        "body": [
            heading("Wat we doen", "What we do"),
            paragraph(
                "Elke pagina is te gebruiken met alleen een toetsenbord en met een schermlezer, werkt "
                "zonder JavaScript en heeft voldoende kleurcontrast. We testen elke pagina automatisch "
                "met axe-core in een echte browser.",
                "Every page can be used with a keyboard alone and with a screen reader, works without "
                "JavaScript and has sufficient colour contrast. We test every page automatically with "
                "axe-core in a real browser.",
            ),
            heading("Iets gevonden?", "Found a problem?"),
            paragraph(
                "Loop je ergens tegenaan? Mail toegankelijkheid@leeratelier.nl; we reageren binnen vijf "
                "werkdagen.",
                "Did something get in your way? Email toegankelijkheid@leeratelier.nl; we answer within "
                "five working days.",
            ),
        ],
    },
]


def dutch_fields(spec):
    return {name: nl for name, (nl, en) in spec["fields"].items()}


def ensure_home():
    """The Dutch HomePage as the default site's root, replacing Wagtail's welcome page."""
    nl = Locale.get_default()
    home = HomePage.objects.filter(locale=nl, depth=2).first()
    if home is None:
        root = Page.get_first_root_node()
        for welcome in root.get_children().exclude(content_type__model="homepage"):
            welcome.delete()
        home = HomePage(slug="home", locale=nl, body=dutch_body(HOME["body"]), **dutch_fields(HOME))
        root.add_child(instance=home)
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Leeratelier"},
    )
    return home


@register_step
def site_tree(context):
    # Each page in its own transaction: wagtail-localize publishes translations on commit.
    with transaction.atomic():
        home = context.home = ensure_home()
    translate(home, "en", english_strings(HOME["fields"], HOME["body"]))
    for spec in STANDARD_PAGES:
        with transaction.atomic():
            page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
            if page is None:
                page = StandardPage(
                    slug=spec["slug"], show_in_menus=spec["show_in_menus"],
                    body=dutch_body(spec["body"]), **dutch_fields(spec),
                )
                home.add_child(instance=page)
                page.save_revision().publish()
        translate(page, "en", english_strings(spec["fields"], spec["body"]))
    context.say("Site tree: home, about and accessibility pages in nl and en (the privacy statement: accounts).")


@register_step
def magazine(context):
    from leeratelier.magazine.models import ChapterPage, MagazinePage

    call_command("import_magazine", str(MAGAZINE_TEXT), publish=True, stdout=context.out)
    # The English site gets the magazine page and its first chapter; the other chapters show
    # in Dutch there (marked lang="nl") until an editor translates them in the admin.
    strings = json.loads(MAGAZINE_ENGLISH.read_text(encoding="utf-8"))
    magazine = MagazinePage.objects.get(locale__language_code="nl", import_key__isnull=False)
    translate(magazine, "en", strings)
    translate(ChapterPage.objects.child_of(magazine).get(number=1), "en", strings)
    context.say("Magazine: the magazine page and chapter 1 translated into English.")


@register_step
def admin_account(context):
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username=DEMO_ADMIN_USERNAME,
        defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True,
                  "first_name": "Demo", "last_name": "Beheerder"},
    )
    if created:
        admin.set_password(DEMO_ADMIN_PASSWORD)
        admin.save()
    # Everyone signs in by email (allauth, verified addresses only); the admin then asks to set up
    # an authenticator app (two-factor sign-in is required for the admin).
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=admin, email=admin.email, defaults={"verified": True, "primary": True}
    )
    context.credentials.append(
        ("Wagtail admin (/admin/; sets up an authenticator app on first sign-in)", admin.email, DEMO_ADMIN_PASSWORD)
    )
