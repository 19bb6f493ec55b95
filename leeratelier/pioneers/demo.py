"""Demo practices: the pioneers the magazine names (Hilversum, Houten/CoSIE, Lingewaard) and a
few more a visitor would expect, in the project's own words, published in the registry; one
more practice waits in the editors' moderation workflow. Methods are linked by slug where the
toolbox demo made them. Idempotent: a practice is found by its slug."""

import importlib.util

from django.db import transaction
from wagtail.models import Locale

from home.models import HomePage
from leeratelier.core.demo import register_step
from leeratelier.core.sitesetup import SetupContext
from leeratelier.core.localize import translate
from leeratelier.core.models import Municipality, Theme, Werkplaats
from leeratelier.toolbox.models import MethodPage

from . import services
from . import setup
from .models import PracticePage, PracticeSubmission

# The toolbox demo makes the methods; its steps must run before ours, whatever the order the
# apps are discovered in (steps run in registration order), so its module is imported first.
if importlib.util.find_spec("leeratelier.toolbox.demo") is not None:
    importlib.import_module("leeratelier.toolbox.demo")


PRACTICES = [
    {
        "slug": "narratief-verantwoorden-hilversum",
        "title": "Narratief verantwoorden in het welzijnswerk",
        "organisation": "Gemeente Hilversum en welzijnsorganisaties",
        "municipality": "Hilversum",
        "werkplaats": "HU",
        "themes": ["impact-en-verantwoording", "betekenisvol-contact-in-de-wijk"],
        "target_group": "Bewoners die ondersteuning krijgen van het wijkwelzijnswerk",
        "roles": ["social_worker", "policy_maker", "citizen", "executive"],
        "maturity": "evaluated",
        "summary": (
            "Van 2014 tot 2018 verantwoordden welzijnsorganisaties in Hilversum hun werk met verhalen, niet "
            "alleen met euro's en aantallen. Met instemming van de accountant werd het een vast onderdeel van "
            "de subsidiebeschikking."
        ),
        "values_how": "De waardencirkel: plannen, doen, checken en bijsturen, vertaald naar de waarden van het werk.",
        "narrative_how": "Professionals en bewoners vertellen wat de ondersteuning heeft betekend.",
        "learning_how": "Gemeente en organisaties bespreken de verhalen elk jaar en stellen samen bij.",
        "process_description": (
            "De gemeente en de welzijnsorganisaties spraken af welke waarden het werk moet dienen. Elke "
            "organisatie verzamelde verhalen van bewoners en professionals en legde die naast de cijfers.\n\n"
            "In een jaarlijks gesprek bespraken beleidsmakers en professionals wat de verhalen lieten zien: "
            "gaat het goed, en doen we het goede?"
        ),
        "what_works": "Verhalen blijven hangen bij beleidsmakers en wethouders, veel meer dan tabellen.",
        "what_does_not_work": "Verhalen verzamelen kost tijd; zonder vaste momenten schiet het erbij in.",
        "ingredients": ["verhalen naast cijfers", "gedeelde waarden", "instemming van de accountant",
                        "vaste momenten om samen te leren"],
        "methods": ["waardencirkel", "narratief-verantwoorden", "storytelling"],
        "links": [],
    },
    {
        "slug": "cosie-houten-statushouders",
        "title": "Statushouders en werk: co-creatie in Houten (CoSIE)",
        "organisation": "Gemeente Houten, in het Europese project CoSIE",
        "municipality": "Houten",
        "werkplaats": "HU",
        "themes": ["waardig-werken-en-meedoen", "inclusie-en-participatie"],
        "target_group": "Vluchtelingen met een verblijfsvergunning en een uitkering",
        "roles": ["citizen", "social_worker", "policy_maker", "researcher"],
        "maturity": "evaluated",
        "summary": (
            "Waarom namen statushouders met een verblijfsvergunning geen werk aan? In het Europese project "
            "CoSIE (2018–2021, tien landen) zocht Houten het samen met hen uit: de angst om de uitkering te "
            "verliezen bleek groot."
        ),
        "values_how": "De mensenrechten als waardenkompas, vastgelegd in een ethische kaart (ethics map).",
        "power_how": "Statushouders zaten als gelijken aan tafel; onenigheid gold als informatie, niet als probleem.",
        "learning_how": "In korte rondes probeerden we iets uit, keken wat het deed en pasten het aan.",
        "process_description": (
            "Met de CoSIE-roadmap voor het samen ontwerpen van publieke dienstverlening brachten we statushouders, "
            "klantmanagers en beleidsmakers bij elkaar. Eerst maakten we samen een ethische kaart: welke waarden "
            "tellen hier?\n\nDaarna zochten we uit wat mensen tegenhield. Dat leidde tot veranderingen in de regels "
            "en in de manier van werken: een verandering van het systeem, niet alleen van mensen."
        ),
        "what_works": "Beginnen bij waarden in plaats van bij doelen; de angst benoemen en wegnemen.",
        "what_does_not_work": "Regels die vastliggen in landelijke wetgeving kun je lokaal niet oplossen.",
        "ingredients": ["gedeelde waarden", "gelijkwaardigheid", "angst benoemen", "systeemverandering"],
        "methods": ["ethisch-kompas", "deep-democracy"],
        "links": ["https://cosie.turkuamk.fi/"],
    },
    {
        "slug": "armoede-lingewaard",
        "title": "Armoede signaleren, bespreken en doorbreken",
        "organisation": "Gemeente Lingewaard en partners in het sociaal domein",
        "municipality": "Lingewaard",
        "werkplaats": "HAN",
        "themes": ["armoede"],
        "target_group": "Inwoners met geldzorgen en de mensen die hen ondersteunen",
        "roles": ["citizen", "social_worker", "volunteer", "policy_maker"],
        "maturity": "evaluated",
        "summary": (
            "Een reeks bijeenkomsten van inwoners, professionals, vrijwilligers en ambtenaren over armoede, "
            "met als resultaat een handreiking. Geëvalueerd vanuit het perspectief van elke betrokkene."
        ),
        "narrative_how": "Inwoners vertelden hun eigen verhaal over leven met weinig geld.",
        "power_how": "Inwoners en ambtenaren spraken als gelijken; de gemeente luisterde eerst.",
        "learning_how": "Na elke bijeenkomst stelden we de handreiking samen bij.",
        "process_description": (
            "In vijf bijeenkomsten leerden inwoners, professionals, vrijwilligers en ambtenaren armoede te "
            "herkennen, bespreekbaar te maken en te doorbreken. Wat we leerden, schreven we op in een handreiking.\n\n"
            "De evaluatie keek vanuit drie kanten: de inwoner, de professional en de beleidsmedewerker."
        ),
        "what_works": "Inwoners aan tafel vanaf de eerste bijeenkomst; een handreiking die samen is geschreven.",
        "what_does_not_work": "Grote groepen: dan praten vooral de professionals.",
        "ingredients": ["gelijkwaardigheid", "inwoners aan tafel", "evaluatie vanuit elk perspectief",
                        "tijd om te luisteren"],
        "methods": ["effectencalculator", "storytelling"],
        "links": [],
    },
    {
        "slug": "effecten-in-kaart-nijmegen-oost",
        "title": "Samen effecten in kaart brengen in de wijk",
        "organisation": "Sociaal wijkteam Nijmegen-Oost",
        "municipality": "Nijmegen",
        "werkplaats": "HAN",
        "themes": ["betekenisvol-contact-in-de-wijk", "impact-en-verantwoording"],
        "target_group": "Bewoners met ondersteuning van het wijkteam",
        "roles": ["citizen", "social_worker", "volunteer"],
        "maturity": "described",
        "summary": (
            "Professional, vrijwilliger en bewoner kijken samen terug: wat heeft de ondersteuning opgeleverd, "
            "en wat kostte die? De uitkomsten per bewoner gaan mee in het gesprek met de gemeente."
        ),
        "narrative_how": "Het gesprek met de bewoner is het begin; de cijfers volgen het verhaal.",
        "learning_how": "Het wijkteam bespreekt de uitkomsten elk kwartaal in een leeratelier.",
        "process_description": (
            "Per bewoner brengen professional, vrijwilliger en bewoner samen de effecten van de ondersteuning "
            "in kaart, met de kosten erbij. Het wijkteam legt de uitkomsten naast elkaar en bespreekt ze."
        ),
        "what_works": "De bewoner ziet zelf wat er veranderd is.",
        "what_does_not_work": "Het kost een uur per bewoner; niet bij iedereen haalbaar.",
        "ingredients": ["inwoners aan tafel", "verhalen naast cijfers", "kosten per casus"],
        "methods": ["effectencalculator"],
        "links": [],
    },
    {
        "slug": "jongeren-vertellen-arnhem",
        "title": "Jongeren vertellen wat meedoen voor hen is",
        "organisation": "Jongerenwerk Arnhem",
        "municipality": "Arnhem",
        "werkplaats": "HAN",
        "themes": ["jongeren", "inclusie-en-participatie"],
        "target_group": "Jongeren van 16 tot 23 in Arnhem-Oost",
        "roles": ["citizen", "social_worker", "student"],
        "maturity": "experiment",
        "summary": (
            "Jongeren maken korte filmpjes en tekeningen over wat meedoen voor hen betekent. Jongerenwerkers "
            "en de gemeente bespreken die samen met hen."
        ),
        "narrative_how": "Film en tekeningen, zodat ook jongeren die minder praten gehoord worden.",
        "power_how": "Bij verschil van mening zoeken we niet naar een compromis, maar luisteren we naar de minderheid.",
        "process_description": "Een eerste ronde met twaalf jongeren; hun filmpjes waren het begin van het gesprek.",
        "what_works": "Jongeren bepalen zelf wat ze laten zien.",
        "what_does_not_work": "Nog onduidelijk hoe de gemeente de verhalen meeneemt in beleid.",
        "ingredients": ["verhalen in beeld", "tijd om te luisteren"],
        "methods": ["storytelling", "deep-democracy"],
        "links": [],
    },
    {
        "slug": "visieleren-toegang-zeist",
        "title": "Visieleren aan de toegang",
        "organisation": "Gemeente Zeist, team Toegang",
        "municipality": "Zeist",
        "werkplaats": "HU",
        "themes": ["impact-en-verantwoording"],
        "target_group": "Inwoners die zich melden bij de toegang tot het sociaal domein",
        "roles": ["policy_maker", "social_worker", "executive"],
        "maturity": "described",
        "summary": (
            "Medewerkers van de toegang, beleid en het bestuur leren samen van casussen: past wat we doen bij "
            "onze visie op het sociaal domein?"
        ),
        "values_how": "De visie op het sociaal domein is het kompas waarlangs we casussen bespreken.",
        "learning_how": "Elke zes weken een leersessie met casussen uit de praktijk.",
        "process_description": "Met de aanpak visieleren van de VNG bespreken we casussen langs de visie van de gemeente.",
        "what_works": "Bestuurders horen direct wat de visie in de praktijk betekent.",
        "what_does_not_work": "Casussen moeten goed geanonimiseerd zijn; dat vraagt voorbereiding.",
        "ingredients": ["gedeelde waarden", "vaste momenten om samen te leren"],
        "methods": ["visieleren"],
        "links": [],
    },
]

PENDING = {
    "title": "Ervaringsdeskundigen in de schuldhulp",
    "summary": "Ervaringsdeskundigen lopen mee met inwoners die schulden hebben, van het eerste gesprek tot de oplossing.",
    "organisation": "Schuldhulpverlening Parkstad",
    "municipality": "Heerlen",
    "process_description": "Een ervaringsdeskundige is bij elk eerste gesprek. Samen maken we een plan.",
    "narrative_how": "Ervaringsdeskundigen vertellen hun eigen verhaal om vertrouwen te winnen.",
    "ingredients": ["ervaringsdeskundigheid", "gelijkwaardigheid"],
}


def methods_by_slug(slugs):
    """The live Dutch method pages with these slugs: only those the toolbox demo made."""
    return list(MethodPage.objects.live().filter(locale__language_code="nl", slug__in=slugs))


def ensure_index(home=None):
    home = home or HomePage.objects.get(locale__language_code="nl", depth=2)
    return setup.ensure_index(SetupContext(out=None, home=home))


@transaction.atomic
def build_practice(index, spec):
    page = PracticePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if page is None:
        page = PracticePage(slug=spec["slug"], locale=index.locale)
        content = {
            **{name: spec.get(name, "") for name in (
                "title", "summary", "organisation", "target_group", "process_description", "what_works",
                "what_does_not_work", "values_how", "narrative_how", "power_how", "learning_how")},
            "municipality": Municipality.objects.get(name=spec["municipality"]).pk,
            "werkplaats": Werkplaats.objects.get(university=spec["werkplaats"]).pk,
            "themes": list(Theme.objects.filter(locale__language_code="nl", slug__in=spec["themes"])
                           .values_list("pk", flat=True)),
            "roles": spec["roles"], "ingredients": spec["ingredients"], "links": spec["links"], "methods": [],
        }
        services.apply_content(page, content)
        page.maturity = spec["maturity"]
        index.add_child(instance=page)
        page.save_revision().publish()
    wanted = {method.pk for method in methods_by_slug(spec["methods"])}
    if wanted != {method.pk for method in page.methods.all()}:
        page.methods = list(MethodPage.objects.filter(pk__in=wanted))
        page.save_revision().publish()
    return page


def ensure_pending(index):
    """One verified submission in the editors' workflow, so the demo shows moderation."""
    if PracticeSubmission.objects.filter(contact_email="pionier@example.org").exists():
        return
    content = {**PENDING, "municipality": Municipality.objects.get(name=PENDING["municipality"]).pk,
               "roles": ["experience_expert", "social_worker"], "themes": list(
                   Theme.objects.filter(locale__language_code="nl", slug="armoede").values_list("pk", flat=True)),
               "methods": [], "links": [], "werkplaats": Werkplaats.objects.get(university="Zuyd").pk}
    submission, _ = services.create_submission(
        form_token="demo-pending-practice", content=content, images=[], language="nl",
        contact={"contact_name": "Demo Pionier", "contact_email": "pionier@example.org", "contact_phone": ""},
        consent_text="Demo: toestemming gegeven bij het laden van de demo.",
    )
    services.verify(submission)


@register_step
def practices(context):
    Locale.objects.get_or_create(language_code="nl")
    index = ensure_index()
    services.practice_workflow(index)
    pages = [build_practice(index, spec) for spec in PRACTICES]
    ensure_pending(index)
    linked = sum(page.methods.count() for page in pages)
    context.say(f"Practices: {len(pages)} published pioneer practices ({linked} links to methods), "
                "one waiting for the editors.")
