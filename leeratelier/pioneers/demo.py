"""Demo practices: the pioneers the magazine names (Hilversum, Houten/CoSIE, Lingewaard) and a
few more a visitor would expect, in the project's own words, published in the registry; one
more practice waits in the editors' moderation workflow. Methods are linked by slug where the
toolbox demo made them. Idempotent: a practice is found by its slug."""

import importlib.util

from django.db import transaction
from wagtail.models import Locale

from home.models import HomePage
from leeratelier.core.demo import register_step
from leeratelier.core.localize import translate
from leeratelier.core.models import Municipality, Theme, Werkplaats
from leeratelier.core.sitesetup import SetupContext
from leeratelier.toolbox.models import MethodPage

from . import services, setup
from .models import TEXT_FIELDS, PracticePage, PracticeSubmission

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
        "ingredients": [
            "verhalen naast cijfers",
            "gedeelde waarden",
            "instemming van de accountant",
            "vaste momenten om samen te leren",
        ],
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
        "ingredients": [
            "gelijkwaardigheid",
            "inwoners aan tafel",
            "evaluatie vanuit elk perspectief",
            "tijd om te luisteren",
        ],
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


# The English translation of each practice (installed through wagtail-localize).
ENGLISH = {
    "narratief-verantwoorden-hilversum": {
        "title": "Narrative accountability in welfare work",
        "organisation": "Municipality of Hilversum and welfare organisations",
        "target_group": "Residents supported by neighbourhood welfare work",
        "summary": (
            "From 2014 to 2018, welfare organisations in Hilversum accounted for their work with stories, not only "
            "with euros and counts. With the auditor's consent it became a fixed part of the grant decision."
        ),
        "values_how": "The value circle: planning, doing, checking and adjusting, translated into the values of the work.",
        "narrative_how": "Professionals and residents tell what the support has meant.",
        "learning_how": "Every year the municipality and the organisations discuss the stories and adjust together.",
        "process_description": (
            "The municipality and the welfare organisations agreed which values the work should serve. Each "
            "organisation collected stories of residents and professionals and set them beside the numbers.\n\n"
            "In a yearly conversation, policy makers and professionals discussed what the stories showed: "
            "are we doing things well, and are we doing the right thing?"
        ),
        "what_works": "Stories stay with policy makers and aldermen, far more than tables.",
        "what_does_not_work": "Collecting stories takes time; without fixed moments it gets forgotten.",
    },
    "cosie-houten-statushouders": {
        "title": "Refugees and work: co-creation in Houten (CoSIE)",
        "organisation": "Municipality of Houten, in the European project CoSIE",
        "target_group": "Refugees with a residence permit and benefits",
        "summary": (
            "Why did refugees with a residence permit not take up work? In the European project CoSIE "
            "(2018–2021, ten countries) Houten found out together with them: the fear of losing benefits "
            "turned out to be great."
        ),
        "values_how": "Human rights as the values compass, set down in an ethics map.",
        "power_how": "Refugees sat at the table as equals; disagreement counted as information, not as a problem.",
        "learning_how": "In short rounds we tried something, looked at what it did and adjusted it.",
        "process_description": (
            "With the CoSIE roadmap for co-creating public services we brought refugees, client managers and "
            "policy makers together. First we made an ethics map together: which values count here?\n\n"
            "Then we found out what held people back. That led to changes in the rules and in the way of "
            "working: a change of the system, not only of people."
        ),
        "what_works": "Starting from values instead of goals; naming the fear and taking it away.",
        "what_does_not_work": "Rules fixed in national law cannot be solved locally.",
    },
    "armoede-lingewaard": {
        "title": "Signal, discuss and break through poverty",
        "organisation": "Municipality of Lingewaard and partners in the social domain",
        "target_group": "Residents with money worries and the people who support them",
        "summary": (
            "A series of meetings of residents, professionals, volunteers and civil servants about poverty, "
            "resulting in a guide. Evaluated from the perspective of everyone involved."
        ),
        "narrative_how": "Residents told their own story of living on little money.",
        "power_how": "Residents and civil servants spoke as equals; the municipality listened first.",
        "learning_how": "After each meeting we adjusted the guide together.",
        "process_description": (
            "In five meetings, residents, professionals, volunteers and civil servants learned to recognise "
            "poverty, to talk about it and to break through it. What we learned, we wrote down in a guide.\n\n"
            "The evaluation looked from three sides: the resident, the professional and the policy officer."
        ),
        "what_works": "Residents at the table from the first meeting; a guide written together.",
        "what_does_not_work": "Large groups: then mostly the professionals talk.",
    },
    "effecten-in-kaart-nijmegen-oost": {
        "title": "Mapping effects together in the neighbourhood",
        "organisation": "Social neighbourhood team Nijmegen-Oost",
        "target_group": "Residents supported by the neighbourhood team",
        "summary": (
            "Professional, volunteer and resident look back together: what did the support achieve, and what "
            "did it cost? The results per resident go into the conversation with the municipality."
        ),
        "narrative_how": "The conversation with the resident comes first; the numbers follow the story.",
        "learning_how": "Every quarter the neighbourhood team discusses the results in a learning atelier.",
        "process_description": (
            "For each resident, professional, volunteer and resident together map the effects of the support, "
            "with the costs. The neighbourhood team sets the results side by side and discusses them."
        ),
        "what_works": "The resident sees for themselves what has changed.",
        "what_does_not_work": "It takes an hour per resident; not feasible for everyone.",
    },
    "jongeren-vertellen-arnhem": {
        "title": "Young people tell what taking part means to them",
        "organisation": "Youth work Arnhem",
        "target_group": "Young people aged 16 to 23 in Arnhem-Oost",
        "summary": (
            "Young people make short films and drawings about what taking part means to them. Youth workers "
            "and the municipality discuss them together with them."
        ),
        "narrative_how": "Film and drawings, so that young people who talk less are heard too.",
        "power_how": "When opinions differ we do not look for a compromise, we listen to the minority.",
        "process_description": "A first round with twelve young people; their films were the start of the conversation.",
        "what_works": "Young people decide for themselves what they show.",
        "what_does_not_work": "Still unclear how the municipality takes the stories into policy.",
    },
    "visieleren-toegang-zeist": {
        "title": "Vision learning at the front door",
        "organisation": "Municipality of Zeist, front-door team",
        "target_group": "Residents who come to the front door of the social domain",
        "summary": (
            "Front-door staff, policy makers and the executive learn together from cases: does what we do fit "
            "our vision of the social domain?"
        ),
        "values_how": "The vision of the social domain is the compass along which we discuss cases.",
        "learning_how": "A learning session with cases from practice every six weeks.",
        "process_description": "With the VNG's vision learning approach we discuss cases along the municipality's vision.",
        "what_works": "Executives hear directly what the vision means in practice.",
        "what_does_not_work": "Cases must be well anonymised; that takes preparation.",
    },
}


def translate_practice(page, spec):
    """The practice's English translation, made once (an existing one may have been edited)."""
    if page.get_translation_or_none(Locale.objects.get(language_code="en")) is not None:
        return
    english = ENGLISH[spec["slug"]]
    strings = {spec[name]: text for name, text in english.items()}
    # wagtail-localize keeps a text's line breaks as <br/> in its segments.
    strings.update(
        {
            spec[name].replace("\n", "<br/>"): text.replace("\n", "<br/>")
            for name, text in english.items()
            if "\n" in spec[name]
        }
    )
    source = PracticePage.objects.get(pk=page.pk)
    # Names, addresses and tags stay as they are.
    for value in [
        *spec["links"],
        *spec["ingredients"],
        source.contact_email if hasattr(source, "contact_email") else "",
    ]:
        if value:
            strings.setdefault(value, value)
    translate(page, "en", strings)


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
            **{name: spec.get(name, "") for name in TEXT_FIELDS},
            "municipality": Municipality.objects.get(name=spec["municipality"]).pk,
            "werkplaats": Werkplaats.objects.get(university=spec["werkplaats"]).pk,
            "themes": list(
                Theme.objects.filter(locale__language_code="nl", slug__in=spec["themes"]).values_list("pk", flat=True)
            ),
            "roles": spec["roles"],
            "ingredients": spec["ingredients"],
            "links": spec["links"],
            "methods": [],
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
    content = {
        **PENDING,
        "municipality": Municipality.objects.get(name=PENDING["municipality"]).pk,
        "roles": ["experience_expert", "social_worker"],
        "themes": list(Theme.objects.filter(locale__language_code="nl", slug="armoede").values_list("pk", flat=True)),
        "methods": [],
        "links": [],
        "werkplaats": Werkplaats.objects.get(university="Zuyd").pk,
    }
    submission, _ = services.create_submission(
        form_token="demo-pending-practice",
        content=content,
        images=[],
        language="nl",
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
    for page, spec in zip(pages, PRACTICES):
        translate_practice(page, spec)
    ensure_pending(index)
    linked = sum(page.methods.count() for page in pages)
    context.say(
        f"Practices: {len(pages)} published pioneer practices ({linked} links to methods), one waiting for the editors."
    )
