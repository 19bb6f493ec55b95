"""Set-up steps of the home app: the Dutch home page (with its English translation) in place of
Wagtail's welcome page, the about page, the accessibility statement, and the site settings with
their defaults and the links to the statements. See ``leeratelier.core.sitesetup`` for the rules
every step follows (make what is missing, never overwrite an editor's work); the step numbers
order them among the other apps' steps."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from leeratelier.accounts.setup import PRIVACY_STATEMENT_SLUG
from leeratelier.core.models import SiteSettings
from leeratelier.core.sitesetup import (
    dutch_body,
    edited_by_a_person,
    english_strings,
    ensure_page,
    ensure_translation,
    heading,
    paragraph,
    register_step,
)

from .models import HomePage, StandardPage

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
            "Impact means doing the right thing, and doing it right. That is why we look along three tracks at once.",
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

ABOUT = {
    "slug": "over-leeratelier",
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
}


ACCESSIBILITY_STATEMENT = {
    "slug": "toegankelijkheidsverklaring",
    "fields": {
        "title": ("Toegankelijkheidsverklaring", "Accessibility statement"),
        "intro": (
            "Wij willen dat iedereen Leeratelier kan gebruiken. Hier lees je hoe toegankelijk de site is, "
            "hoe we dat testen en wat nog niet goed gaat.",
            "We want everyone to be able to use Leeratelier. Here you read how accessible the site is, how "
            "we test that and what does not work well yet.",
        ),
    },
    "body": [
        heading("Voor welke site geldt deze verklaring?", "Which site does this statement cover?"),
        paragraph(
            "Deze verklaring geldt voor het hele platform Leeratelier: de openbare pagina's, de pagina's "
            "voor leden van een atelier en de formulieren. Ze geldt niet voor bestanden die leden zelf "
            "uploaden, zoals een PDF bij een casus.",
            "This statement covers the whole Leeratelier platform: the public pages, the pages for members "
            "of an atelier and the forms. It does not cover files that members upload themselves, such as a "
            "PDF with a case.",
        ),
        heading("Hoe toegankelijk is de site?", "How accessible is the site?"),
        paragraph(
            "Leeratelier voldoet aan de eisen van WCAG 2.1 niveau AA, de norm die de wet voorschrijft voor "
            "websites van de overheid. Je kunt elke pagina gebruiken met alleen een toetsenbord en met een "
            "schermlezer. Pagina's werken zonder JavaScript, passen op een scherm van 320 pixels breed en "
            "hebben genoeg kleurcontrast.",
            "Leeratelier meets the requirements of WCAG 2.1 level AA, the standard the law sets for government "
            "websites. You can use every page with a keyboard alone and with a screen reader. Pages work "
            "without JavaScript, fit a screen 320 pixels wide and have enough colour contrast.",
        ),
        heading("Hoe hebben we dat getest?", "How did we test it?"),
        paragraph(
            "Bij elke wijziging testen we elke soort pagina automatisch in een echte browser: met axe-core "
            "op fouten tegen WCAG 2.1 A en AA, op een breedte van 320 en 375 pixels, en met alleen het "
            "toetsenbord. Een automatische test vindt niet alles. Daarom kijken we ook zelf.",
            "With every change we test every kind of page automatically in a real browser: with axe-core for "
            "errors against WCAG 2.1 A and AA, at a width of 320 and 375 pixels, and with the keyboard alone. "
            "An automatic test does not find everything. That is why we also check ourselves.",
        ),
        heading("Wat werkt nog niet goed?", "What does not work well yet?"),
        paragraph(
            "Niet elke pagina is al in het Engels. Een pagina die alleen in het Nederlands bestaat, staat in "
            "Engelse lijsten met de woorden '(in Dutch)'. Bestanden die leden uploaden, zijn niet altijd "
            "toegankelijk. Een onderzoek door een onafhankelijke deskundige is nog niet gedaan.",
            "Not every page is in English yet. A page that exists only in Dutch is listed in English lists "
            "with the words '(in Dutch)'. Files that members upload are not always accessible. An audit by "
            "an independent expert has not been done yet.",
        ),
        heading("Iets gevonden? Neem contact op", "Found a problem? Get in touch"),
        paragraph(
            "Loop je ergens tegenaan? Laat het ons weten. Het e-mailadres staat hieronder, bij Contact. We "
            "reageren binnen vijf werkdagen en lossen het probleem zo snel mogelijk op.",
            "Did something get in your way? Let us know. The email address is below, under Contact. We "
            "answer within five working days and fix the problem as soon as we can.",
        ),
    ],
}


def welcome_pages(root):
    """Wagtail's welcome page (a plain Page that migrations make), never touched by anyone."""
    return [
        page
        for page in root.get_children().filter(content_type__app_label="wagtailcore", content_type__model="page")
        if not page.get_children().exists() and not edited_by_a_person(page)
    ]


@register_step(10)
def home_page(context):
    """The Dutch home page as the default site's root, in place of Wagtail's welcome page. A
    welcome page someone changed, or that has pages below it, is kept (and reported)."""
    nl = Locale.get_default()
    root = Page.get_first_root_node()
    with transaction.atomic():
        home = HomePage.objects.filter(locale=nl, depth=2).first()
        if home is None:
            for welcome in welcome_pages(root):
                welcome.delete()
            root.refresh_from_db()
            taken = set(root.get_children().values_list("slug", flat=True))
            for other in root.get_children().exclude(content_type__model="homepage"):
                context.kept.append(f"{other.title} (an older root page, no longer the site's home)")
            home = HomePage(
                slug="home" if "home" not in taken else "leeratelier",
                locale=nl,
                body=dutch_body(HOME["body"]),
                **{name: nl_text for name, (nl_text, en) in HOME["fields"].items()},
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            context.created.append("home page")
        elif edited_by_a_person(home):
            context.kept.append("home page (changed by an editor)")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                is_default_site=True,
                hostname=context.hostname,
                port=context.port,
                root_page=home,
                site_name="Leeratelier",
            )
        else:
            changed = site.root_page_id != home.pk
            site.root_page = home
            if context.hostname_given:
                changed |= (site.hostname, site.port) != (context.hostname, context.port)
                site.hostname, site.port = context.hostname, context.port
            if changed:
                site.site_name = site.site_name or "Leeratelier"
                site.save()
                context.updated.append(f"site {site.hostname}:{site.port}")
    context.home = home
    ensure_translation(context, home, english_strings(HOME["fields"], HOME["body"]), label="home page")


@register_step(20)
def standard_pages(context):
    ensure_page(
        context,
        context.home,
        StandardPage,
        fields=ABOUT["fields"],
        blocks=ABOUT["body"],
        slug=ABOUT["slug"],
        show_in_menus=True,
    )
    ensure_page(
        context,
        context.home,
        StandardPage,
        fields=ACCESSIBILITY_STATEMENT["fields"],
        blocks=ACCESSIBILITY_STATEMENT["body"],
        slug=ACCESSIBILITY_STATEMENT["slug"],
    )


@register_step(40)
def site_settings(context):
    """The organisation's details (Settings > Site settings) with their defaults, made once. A
    later run only links a statement whose link is empty (e.g. after the page was deleted and
    this command made it again); every value an editor set is left alone."""
    with transaction.atomic():
        made = not SiteSettings.objects.exists()
        values = SiteSettings.load()
        linked = []
        for field, slug in (
            ("privacy_page", PRIVACY_STATEMENT_SLUG),
            ("accessibility_page", ACCESSIBILITY_STATEMENT["slug"]),
        ):
            if getattr(values, f"{field}_id") is None and context.home is not None:
                statement = StandardPage.objects.child_of(context.home).filter(slug=slug).first()
                if statement is not None:
                    setattr(values, field, statement)
                    linked.append(field)
        if linked:
            values.save(update_fields=linked)
    if made:
        context.created.append("site settings (defaults: change them under Settings > Site settings)")
    elif linked:
        context.updated.append(f"site settings ({', '.join(linked)})")
    else:
        context.kept.append("site settings")
