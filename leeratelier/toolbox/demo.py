"""Demo methods for the toolbox: the methods the magazine names and the ones people in the social
domain ask about, described in the project's own words, with English translations through
wagtail-localize. Idempotent: a method is found by its slug and updated, never made twice.

Recognition levels are left empty: the demo does not claim a Movisie label for any method.
Text is written as (Dutch, English) pairs; the Dutch makes the page, the English its translation.
"""

from django.db import transaction

from home.models import HomePage
from leeratelier.core.demo import register_step
from leeratelier.core.localize import translate
from leeratelier.core.sitesetup import SetupContext

from . import setup
from .models import MethodPage


def step(title, description, tip=""):
    return {"title": title, "description": description, "tip": tip}


METHODS = [
    {
        "slug": "effectencalculator",
        "title": ("Effectencalculator", "Effect calculator"),
        "summary": (
            "Bewoner, professionals en vrijwilligers brengen samen de effecten en de kosten van ondersteuning in beeld.",
            "Resident, professionals and volunteers map the effects and the cost of support together.",
        ),
        "description": [
            (
                "De effectencalculator is sinds 2011 ontwikkeld door de HAN. Professionals, vrijwilligers en de bewoner "
                "om wie het gaat zitten samen aan tafel en bespreken wat de ondersteuning heeft veranderd in het leven van de bewoner.",
                "The effect calculator has been developed by HAN since 2011. Professionals, volunteers and the resident "
                "concerned sit at one table and discuss what the support changed in the resident's life.",
            ),
            (
                "De methode is verhalend, dialogisch, lerend en evaluerend tegelijk. Ze levert effecten per bewoner op "
                "en de kosten van de ondersteuning op casusniveau: verhalen die bij beleidsmakers blijven hangen, onderbouwd met cijfers.",
                "The method is narrative, dialogic, learning and evaluative at once. It yields effects per resident "
                "and the cost of the support at case level: stories that stay with policy makers, backed by numbers.",
            ),
        ],
        "purposes": ["account", "evaluate", "learn"],
        "tracks": ["efficiency", "meaning", "craft"],
        "yields": "both",
        "practice_forms": ["case_based", "social_practice"],
        "roles": ["citizen", "social_worker", "volunteer", "policy_maker"],
        "scales": ["case", "group"],
        "time_needed": "session",
        "time_note": ("Een gesprek van ongeveer twee uur per casus", "A conversation of about two hours per case"),
        "preparation": ("Een training voor de gespreksleider", "A training for the facilitator"),
        "cost_band": "low",
        "strengths": (
            "Cijfers en verhalen in één gesprek\nDe bewoner praat mee over wat telt\nLaat kosten zien op casusniveau",
            "Numbers and stories in one conversation\nThe resident has a say in what counts\nShows costs at case level",
        ),
        "limitations": (
            "Vraagt een getrainde gespreksleider\nEén casus zegt weinig over een heel programma",
            "Needs a trained facilitator\nOne case says little about a whole programme",
        ),
        "method_owner": "HAN",
        "steps": [
            (
                step(
                    "Kies een casus en nodig iedereen uit",
                    "Kies samen met de bewoner een ondersteuning die is afgerond of loopt, en nodig de betrokken professionals en vrijwilligers uit.",
                ),
                step(
                    "Choose a case and invite everyone",
                    "Choose, together with the resident, a support that has ended or is running, and invite the professionals and volunteers involved.",
                ),
            ),
            (
                step(
                    "Breng de effecten in kaart",
                    "Bespreek per levensgebied wat er is veranderd, en voor wie. Iedereen vertelt vanuit de eigen rol.",
                    "Laat de bewoner als eerste vertellen.",
                ),
                step(
                    "Map the effects",
                    "Discuss per area of life what changed, and for whom. Everyone speaks from their own role.",
                    "Let the resident speak first.",
                ),
            ),
            (
                step(
                    "Reken de kosten door",
                    "Zet de inzet van professionals en vrijwilligers naast de effecten en bespreek wat dat zegt over de waarde van de ondersteuning.",
                ),
                step(
                    "Calculate the costs",
                    "Set the time of professionals and volunteers against the effects and discuss what that says about the value of the support.",
                ),
            ),
        ],
        "related": ["narratief-verantwoorden", "social-return-on-investment", "most-significant-change"],
    },
    {
        "slug": "waardencirkel",
        "title": ("Waardencirkel", "Value circle"),
        "summary": (
            "Plan, do, check, act in vier stappen, vertaald naar waarden: verantwoorden met verhalen.",
            "Plan, do, check, act in four steps, translated into values: accounting with stories.",
        ),
        "description": [
            (
                "De waardencirkel vertaalt de bekende cyclus van plannen, doen, checken en bijsturen naar waarden. "
                "In Hilversum is ermee gewerkt in het welzijnswerk in de wijken, als basis voor narratief verantwoorden.",
                "The value circle translates the familiar cycle of planning, doing, checking and adjusting into values. "
                "Hilversum used it in neighbourhood welfare work, as the basis for narrative accountability.",
            ),
        ],
        "purposes": ["account", "dialogue", "learn"],
        "tracks": ["meaning", "craft"],
        "yields": "stories",
        "practice_forms": ["social_practice"],
        "roles": ["social_worker", "policy_maker", "executive", "citizen"],
        "scales": ["organisation", "municipality"],
        "time_needed": "months",
        "time_note": ("Een jaarcyclus, met bijeenkomsten per kwartaal", "A yearly cycle, with quarterly meetings"),
        "preparation": (
            "Afspraken met de gemeente over wat telt als verantwoording",
            "Agreements with the municipality about what counts as accounting",
        ),
        "cost_band": "free",
        "strengths": (
            "Gemeente en uitvoering praten over waarden in plaats van aantallen\nPast in een subsidiecyclus",
            "Municipality and practice talk about values instead of counts\nFits a grant cycle",
        ),
        "limitations": (
            "Levert geen cijfers op\nVraagt vertrouwen en tijd van de gemeente",
            "Yields no numbers\nAsks trust and time of the municipality",
        ),
        "method_owner": "",
        "steps": [
            (
                step(
                    "Benoem samen de waarden",
                    "Gemeente, organisatie en bewoners bepalen welke waarden het werk moet dienen.",
                ),
                step(
                    "Name the values together",
                    "Municipality, organisation and residents decide which values the work should serve.",
                ),
            ),
            (
                step(
                    "Werk en verzamel verhalen",
                    "Professionals verzamelen gedurende het jaar verhalen die laten zien of de waarden worden waargemaakt.",
                ),
                step(
                    "Work and collect stories",
                    "Throughout the year professionals collect stories that show whether the values are met.",
                ),
            ),
            (
                step("Bespreek en stuur bij", "Bespreek de verhalen met de gemeente en spreek af wat er anders moet."),
                step(
                    "Discuss and adjust", "Discuss the stories with the municipality and agree on what should change."
                ),
            ),
        ],
        "related": ["narratief-verantwoorden", "storytelling", "ethisch-kompas"],
    },
    {
        "slug": "narratief-verantwoorden",
        "title": ("Narratief verantwoorden", "Narrative accountability"),
        "summary": (
            "Verantwoorden met verhalen, niet alleen met euro's en aantallen.",
            "Accounting with stories, not only with euros and counts.",
        ),
        "description": [
            (
                "Bij narratief verantwoorden leggen organisaties verantwoording af met verhalen over wat hun werk betekent. "
                "In Hilversum werd het een vast onderdeel van de subsidiebeschikking, met instemming van de accountant.",
                "With narrative accountability, organisations account for their work with stories about what it means. "
                "In Hilversum it became a formal part of the grant decisions, with the consent of the auditor.",
            ),
        ],
        "purposes": ["account", "dialogue"],
        "tracks": ["meaning", "efficiency"],
        "yields": "stories",
        "practice_forms": ["social_practice", "werkplaats"],
        "roles": ["social_worker", "policy_maker", "executive", "social_entrepreneur"],
        "scales": ["organisation", "municipality"],
        "time_needed": "months",
        "time_note": ("Minstens één subsidiejaar", "At least one grant year"),
        "preparation": ("Instemming van gemeente en accountant", "Consent of the municipality and the auditor"),
        "cost_band": "free",
        "strengths": (
            "Laat zien wat het werk betekent voor bewoners\nOok voor kleine organisaties haalbaar",
            "Shows what the work means for residents\nFeasible for small organisations too",
        ),
        "limitations": (
            "Niet elke financier accepteert verhalen als verantwoording\nVerhalen kiezen vraagt zorgvuldigheid",
            "Not every funder accepts stories as accounting\nChoosing stories needs care",
        ),
        "method_owner": "",
        "steps": [
            (
                step(
                    "Maak afspraken met de financier",
                    "Spreek af welke verhalen je verzamelt en hoe ze meetellen in de verantwoording.",
                ),
                step("Agree with the funder", "Agree which stories you collect and how they count in the accounting."),
            ),
            (
                step(
                    "Verzamel en kies verhalen",
                    "Verzamel verhalen van bewoners en professionals en kies er samen een aantal uit die het werk laten zien.",
                ),
                step(
                    "Collect and choose stories",
                    "Collect stories of residents and professionals and choose together a few that show the work.",
                ),
            ),
        ],
        "related": ["waardencirkel", "most-significant-change", "storytelling"],
    },
    {
        "slug": "ethisch-kompas",
        "title": ("Ethisch kompas (ethics mapping, CoSIE)", "Ethical compass (ethics mapping, CoSIE)"),
        "summary": (
            "Vind vóór je begint de gedeelde waarden die richting geven aan co-creatie.",
            "Find the shared values that guide co-creation before you start.",
        ),
        "description": [
            (
                "Co-creatie is een praktijk vanuit waarden, geen werkproces. Met het ethisch kompas uit de CoSIE-toolkit "
                "brengen alle betrokkenen in kaart welke waarden voor hen op het spel staan. In Houten waren de mensenrechten het kompas.",
                "Co-creation is a practice driven by values, not a work process. With the ethics map of the CoSIE toolkit "
                "everyone involved maps which values are at stake for them. In Houten, human rights were the compass.",
            ),
        ],
        "purposes": ["dialogue", "signal"],
        "tracks": ["meaning"],
        "yields": "stories",
        "practice_forms": ["social_practice", "werkplaats"],
        "roles": ["citizen", "experience_expert", "social_worker", "policy_maker", "researcher"],
        "scales": ["group", "organisation", "municipality"],
        "time_needed": "session",
        "time_note": ("Eén werksessie van een dagdeel", "One working session of half a day"),
        "preparation": ("Een begeleider die de werkvorm kent", "A facilitator who knows the format"),
        "cost_band": "free",
        "strengths": (
            "Maakt verschillen in waarden bespreekbaar\nGeeft richting aan de rest van het traject",
            "Makes differences in values discussable\nGives direction to the rest of the process",
        ),
        "limitations": (
            "Levert geen meting van effecten op\nWerkt alleen als iedereen echt aan tafel zit",
            "Does not measure effects\nOnly works if everyone is really at the table",
        ),
        "method_owner": "CoSIE (Horizon 2020)",
        "steps": [
            (
                step("Breng de betrokkenen samen", "Nodig mensen uit elke rol uit, ook wie minder gehoord wordt."),
                step(
                    "Bring the people involved together",
                    "Invite people in every role, including those who are heard less.",
                ),
            ),
            (
                step(
                    "Breng de waarden in kaart",
                    "Ieder benoemt welke waarden voor hem of haar op het spel staan; zet ze samen op een kaart.",
                    "Verschillen zijn informatie, geen probleem.",
                ),
                step(
                    "Map the values",
                    "Everyone names which values are at stake for them; put them on one map together.",
                    "Differences are information, not a problem.",
                ),
            ),
        ],
        "related": ["deep-democracy", "cosie-roadmap", "waardencirkel"],
    },
    {
        "slug": "deep-democracy",
        "title": ("Deep democracy", "Deep democracy"),
        "summary": (
            "Gespreksmethode die ook de stem van de minderheid hoorbaar maakt, zonder geforceerde consensus.",
            "A conversation method that makes the minority voice heard too, without forced consensus.",
        ),
        "description": [
            (
                "Deep democracy gaat ervan uit dat tegenspraak informatie is. De methode helpt een groep om ook de "
                "ondergesneeuwde standpunten op tafel te krijgen, en zo met machtsverhoudingen om te gaan: werken mét in plaats van vóór.",
                "Deep democracy assumes that dissent is information. The method helps a group bring the snowed-under "
                "views to the table too, and so deal with power relations: working with people rather than for them.",
            ),
        ],
        "purposes": ["dialogue", "signal"],
        "tracks": ["meaning", "craft"],
        "yields": "stories",
        "practice_forms": ["social_practice"],
        "roles": ["citizen", "experience_expert", "social_worker", "policy_maker", "executive"],
        "scales": ["group", "organisation"],
        "time_needed": "session",
        "time_note": ("Een bijeenkomst van twee tot drie uur", "A meeting of two to three hours"),
        "preparation": ("Een begeleider met training in deep democracy", "A facilitator trained in deep democracy"),
        "cost_band": "medium",
        "strengths": (
            "Maakt machtsverhoudingen bespreekbaar\nOok de minderheid wordt gehoord",
            "Makes power relations discussable\nThe minority is heard too",
        ),
        "limitations": (
            "Levert geen cijfers en geen verantwoording op\nVraagt een ervaren begeleider",
            "Yields no numbers and no accounting\nNeeds an experienced facilitator",
        ),
        "method_owner": "Lewis Deep Democracy",
        "steps": [
            (
                step(
                    "Verzamel alle standpunten",
                    "Laat iedereen zijn standpunt geven en vraag expliciet naar andere geluiden.",
                ),
                step("Gather every view", "Let everyone give their view and ask explicitly for other voices."),
            ),
            (
                step(
                    "Stem en vraag wat de minderheid nodig heeft",
                    "Na een stemming vraag je wat de minderheid nodig heeft om mee te gaan, en neem je dat op in het besluit.",
                ),
                step(
                    "Vote and ask what the minority needs",
                    "After a vote, ask what the minority needs to come along, and add that to the decision.",
                ),
            ),
        ],
        "related": ["ethisch-kompas", "cosie-roadmap"],
    },
    {
        "slug": "visieleren",
        "title": ("Visieleren", "Vision learning (visieleren)"),
        "summary": (
            "Gemeente en partners leren samen aan de hand van hun eigen visie op het sociaal domein.",
            "The municipality and its partners learn together from their own vision of the social domain.",
        ),
        "description": [
            (
                "Visieleren komt van de VNG. Een gemeente toetst haar beleid en uitvoering aan de eigen visie, samen met "
                "partners en inwoners, en leert zo in korte lussen wat werkt en wat niet.",
                "Vision learning comes from the VNG, the association of Dutch municipalities. A municipality tests its "
                "policy and practice against its own vision, with partners and residents, and learns in short loops what works.",
            ),
        ],
        "purposes": ["learn", "evaluate", "dialogue"],
        "tracks": ["craft", "meaning"],
        "yields": "both",
        "practice_forms": ["theory_driven", "werkplaats"],
        "roles": ["policy_maker", "executive", "social_worker", "citizen"],
        "scales": ["municipality"],
        "time_needed": "months",
        "time_note": (
            "Enkele leerbijeenkomsten verspreid over een half jaar",
            "A few learning meetings spread over six months",
        ),
        "preparation": ("Een uitgeschreven visie op het sociaal domein", "A written vision of the social domain"),
        "cost_band": "low",
        "strengths": (
            "Verbindt beleid en uitvoering\nBouwt voort op wat de gemeente al heeft",
            "Connects policy and practice\nBuilds on what the municipality already has",
        ),
        "limitations": (
            "Vraagt een gemeente die wil leren\nMinder geschikt voor een enkele organisatie",
            "Needs a municipality that wants to learn\nLess suited to a single organisation",
        ),
        "method_owner": "VNG",
        "steps": [
            (
                step(
                    "Maak de visie concreet",
                    "Vertaal de visie naar een paar vragen die je aan de praktijk kunt stellen.",
                ),
                step("Make the vision concrete", "Translate the vision into a few questions you can put to practice."),
            ),
            (
                step(
                    "Leer in lussen",
                    "Bespreek in elke bijeenkomst wat de praktijk laat zien en wat dat betekent voor beleid.",
                ),
                step("Learn in loops", "Discuss in each meeting what practice shows and what that means for policy."),
            ),
        ],
        "related": ["veranderingstheorie", "instrumentwijzer"],
    },
    {
        "slug": "storytelling",
        "title": ("Storytelling", "Storytelling"),
        "summary": (
            "Verhalen vertellen en verzamelen, ook met film, audio of tekeningen, zodat elke stem gehoord wordt.",
            "Telling and collecting stories, also with film, audio or drawings, so every voice is heard.",
        ),
        "description": [
            (
                "Met verteltechnieken laten bewoners, ervaringsdeskundigen en professionals zien wat hun werk en hun "
                "ervaringen betekenen. Voor mensen die minder talig zijn werken film, audio en tekeningen vaak beter dan tekst.",
                "With storytelling techniques residents, experience experts and professionals show what their work and "
                "experiences mean. For people who are less verbal, film, audio and drawings often work better than text.",
            ),
        ],
        "purposes": ["dialogue", "account", "signal"],
        "tracks": ["meaning"],
        "yields": "stories",
        "practice_forms": ["case_based"],
        "roles": ["citizen", "experience_expert", "social_worker", "volunteer"],
        "scales": ["case", "group"],
        "time_needed": "session",
        "time_note": ("Een workshop van een dagdeel", "A workshop of half a day"),
        "preparation": (
            "Toestemming van de vertellers om hun verhaal te delen",
            "Consent of the storytellers to share their story",
        ),
        "cost_band": "free",
        "strengths": (
            "Iedereen kan meedoen\nVerhalen blijven hangen bij beleidsmakers",
            "Everyone can take part\nStories stay with policy makers",
        ),
        "limitations": (
            "Eén verhaal is geen bewijs voor een hele groep\nVraagt zorg voor privacy",
            "One story is no proof for a whole group\nNeeds care for privacy",
        ),
        "method_owner": "",
        "steps": [
            (
                step(
                    "Kies de vorm",
                    "Kies met de vertellers of het verhaal geschreven, gefilmd, ingesproken of getekend wordt.",
                ),
                step(
                    "Choose the form",
                    "Choose with the storytellers whether the story is written, filmed, recorded or drawn.",
                ),
            ),
            (
                step("Vertel en luister", "Laat het verhaal vertellen en bespreek samen wat het laat zien."),
                step("Tell and listen", "Let the story be told and discuss together what it shows."),
            ),
        ],
        "related": ["most-significant-change", "photovoice", "narratief-verantwoorden"],
    },
    {
        "slug": "cosie-roadmap",
        "title": ("CoSIE-roadmap voor co-creatie", "CoSIE roadmap for co-creation"),
        "summary": (
            "Een stappenplan om publieke diensten samen met inwoners te ontwerpen, uit een Europees project in tien landen.",
            "A roadmap to design public services together with residents, from a European project in ten countries.",
        ),
        "description": [
            (
                "CoSIE (Horizon 2020, 2018 tot 2021) onderzocht in tien landen hoe je publieke diensten samen met "
                "inwoners maakt. In Houten ging het om de vraag waarom statushouders geen werk aannamen: uit angst hun uitkering te verliezen.",
                "CoSIE (Horizon 2020, 2018 to 2021) studied in ten countries how to make public services together with "
                "residents. In Houten the question was why refugees with a residence permit did not take up work: for fear of losing benefits.",
            ),
        ],
        "purposes": ["dialogue", "signal", "learn"],
        "tracks": ["meaning", "craft"],
        "yields": "both",
        "practice_forms": ["werkplaats", "theory_driven"],
        "roles": ["citizen", "experience_expert", "social_worker", "policy_maker", "researcher"],
        "scales": ["organisation", "municipality"],
        "time_needed": "months",
        "time_note": ("Een traject van een jaar of langer", "A process of a year or longer"),
        "preparation": (
            "Een kernteam van gemeente, uitvoering en onderzoek",
            "A core team of municipality, practice and research",
        ),
        "cost_band": "medium",
        "strengths": (
            "Leidt tot verandering in het systeem, niet alleen in één project\nBeproefd in tien landen",
            "Leads to change in the system, not just in one project\nTried in ten countries",
        ),
        "limitations": (
            "Lang traject\nVraagt bestuurlijke steun",
            "A long process\nNeeds support from the executive",
        ),
        "method_owner": "CoSIE (Horizon 2020)",
        "steps": [
            (
                step("Begrijp de vraag", "Onderzoek samen met de mensen om wie het gaat waarom iets niet werkt."),
                step("Understand the question", "Find out with the people concerned why something does not work."),
            ),
            (
                step("Ontwerp en probeer", "Ontwerp samen een andere aanpak en probeer die kleinschalig uit."),
                step("Design and try", "Design another approach together and try it on a small scale."),
            ),
        ],
        "related": ["ethisch-kompas", "deep-democracy", "veranderingstheorie"],
    },
    {
        "slug": "instrumentwijzer",
        "title": ("Instrumentwijzer", "Instrument guide (Instrumentwijzer)"),
        "summary": (
            "Een overzicht van instrumenten om impact te meten en zichtbaar te maken.",
            "An overview of instruments to measure impact and make it visible.",
        ),
        "description": [
            (
                "Veel mensen in het sociaal domein zeggen: er zijn zoveel methoden, ik wil een overzicht. "
                "De Instrumentwijzer zet instrumenten op een rij, zodat je kunt zien welke bij jouw vraag past.",
                "Many people in the social domain say: there are so many methods, I want an overview. "
                "The instrument guide lists instruments, so you can see which one fits your question.",
            ),
        ],
        "purposes": ["evaluate", "learn"],
        "tracks": ["efficiency", "craft"],
        "yields": "both",
        "practice_forms": ["theory_driven"],
        "roles": ["social_worker", "social_entrepreneur", "policy_maker", "researcher"],
        "scales": ["organisation", "municipality"],
        "time_needed": "session",
        "time_note": ("Een uur om te verkennen", "An hour to explore"),
        "preparation": ("Een duidelijke vraag: wat wil je weten?", "A clear question: what do you want to know?"),
        "cost_band": "free",
        "strengths": (
            "Snel overzicht\nGoed startpunt voor kleine organisaties",
            "A quick overview\nA good starting point for small organisations",
        ),
        "limitations": (
            "Is zelf geen methode: je moet daarna nog kiezen en aan de slag\nZegt weinig over hoe het in de praktijk uitpakt",
            "Is no method itself: you still have to choose and start\nSays little about how things work out in practice",
        ),
        "method_owner": "",
        "steps": [
            (
                step("Formuleer je vraag", "Schrijf op wat je wilt laten zien en aan wie."),
                step("Write down your question", "Write down what you want to show, and to whom."),
            ),
            (
                step(
                    "Vergelijk instrumenten",
                    "Zoek de instrumenten die bij je vraag passen en vergelijk wat ze vragen en opleveren.",
                ),
                step(
                    "Compare instruments",
                    "Find the instruments that fit your question and compare what they take and yield.",
                ),
            ),
        ],
        "related": ["veranderingstheorie", "social-return-on-investment"],
    },
    {
        "slug": "most-significant-change",
        "title": ("Most Significant Change", "Most Significant Change"),
        "summary": (
            "Verzamel verhalen over verandering en kies samen welke het meest betekenisvol is, en waarom.",
            "Collect stories of change and choose together which matters most, and why.",
        ),
        "description": [
            (
                "Deelnemers vertellen wat volgens hen de belangrijkste verandering was. Groepen op verschillende niveaus "
                "kiezen daaruit het meest betekenisvolle verhaal en leggen uit waarom. Zo wordt zichtbaar wat mensen waardevol vinden.",
                "Participants tell what they see as the most significant change. Groups at different levels choose "
                "the most meaningful story and explain why. That shows what people value.",
            ),
        ],
        "purposes": ["evaluate", "learn", "account"],
        "tracks": ["meaning", "craft"],
        "yields": "stories",
        "practice_forms": ["case_based", "theory_driven"],
        "roles": ["citizen", "experience_expert", "social_worker", "volunteer", "policy_maker"],
        "scales": ["group", "organisation"],
        "time_needed": "weeks",
        "time_note": ("Verhalen verzamelen en twee selectierondes", "Collecting stories and two rounds of selection"),
        "preparation": (
            "Een vaste vraag en afspraken over de selectie",
            "A set question and agreements about the selection",
        ),
        "cost_band": "free",
        "strengths": (
            "Brengt onverwachte effecten aan het licht\nDeelnemers bepalen mee wat telt",
            "Brings unexpected effects to light\nParticipants decide what counts",
        ),
        "limitations": (
            "Geen cijfers over hoe vaak iets gebeurt\nDe selectie vraagt tijd van meerdere groepen",
            "No numbers on how often something happens\nThe selection takes time of several groups",
        ),
        "method_owner": "Rick Davies en Jess Dart",
        "steps": [
            (
                step(
                    "Verzamel verhalen",
                    "Vraag: wat was de belangrijkste verandering in de afgelopen periode, en waarom?",
                ),
                step("Collect stories", "Ask: what was the most significant change in the past period, and why?"),
            ),
            (
                step("Kies en leg uit", "Laat groepen het meest betekenisvolle verhaal kiezen en hun keuze uitleggen."),
                step("Choose and explain", "Let groups choose the most meaningful story and explain their choice."),
            ),
        ],
        "related": ["storytelling", "outcome-harvesting"],
    },
    {
        "slug": "outcome-harvesting",
        "title": ("Outcome Harvesting", "Outcome Harvesting"),
        "summary": (
            "Oogst achteraf welke veranderingen er zijn opgetreden en ga na wat jouw bijdrage was.",
            "Harvest afterwards which changes happened and find out what your contribution was.",
        ),
        "description": [
            (
                "Bij outcome harvesting begin je niet bij de doelen maar bij de veranderingen die je ziet. Je beschrijft ze, "
                "gaat na hoe het werk eraan heeft bijgedragen en laat anderen de beschrijvingen bevestigen.",
                "With outcome harvesting you start not from the goals but from the changes you see. You describe them, "
                "find out how the work contributed and have others confirm the descriptions.",
            ),
        ],
        "purposes": ["evaluate", "learn"],
        "tracks": ["craft", "efficiency"],
        "yields": "both",
        "practice_forms": ["theory_driven"],
        "roles": ["social_worker", "policy_maker", "researcher"],
        "scales": ["organisation", "municipality"],
        "time_needed": "months",
        "time_note": (
            "Enkele maanden, afhankelijk van het aantal uitkomsten",
            "A few months, depending on the number of outcomes",
        ),
        "preparation": (
            "Documenten en gesprekspartners die de veranderingen kennen",
            "Documents and people who know the changes",
        ),
        "cost_band": "medium",
        "strengths": (
            "Werkt ook als doelen onderweg veranderden\nZiet ook onbedoelde effecten",
            "Works when goals changed along the way\nAlso sees unintended effects",
        ),
        "limitations": (
            "Laat bijdrage zien, geen bewezen oorzaak\nVraagt analytische ervaring",
            "Shows contribution, not proven cause\nNeeds analytical experience",
        ),
        "method_owner": "Ricardo Wilson-Grau",
        "steps": [
            (
                step("Beschrijf de uitkomsten", "Beschrijf wie er anders is gaan handelen, wanneer en waar."),
                step("Describe the outcomes", "Describe who started acting differently, when and where."),
            ),
            (
                step(
                    "Ga de bijdrage na",
                    "Bepaal hoe het werk aan elke uitkomst heeft bijgedragen en laat dat bevestigen door betrokkenen.",
                ),
                step(
                    "Check the contribution",
                    "Determine how the work contributed to each outcome and have people involved confirm it.",
                ),
            ),
        ],
        "related": ["most-significant-change", "veranderingstheorie"],
    },
    {
        "slug": "social-return-on-investment",
        "title": ("Social Return on Investment (SROI)", "Social Return on Investment (SROI)"),
        "summary": (
            "Zet de maatschappelijke opbrengst in euro's tegenover de investering.",
            "Sets the social return in euros against the investment.",
        ),
        "description": [
            (
                "Een SROI-analyse drukt maatschappelijke effecten uit in geld, zodat je ze kunt vergelijken met wat de "
                "interventie kost. Financiers en gemeenten vragen er vaak om bij verantwoording.",
                "An SROI analysis expresses social effects in money, so you can compare them with what the intervention "
                "costs. Funders and municipalities often ask for it in accounting.",
            ),
        ],
        "purposes": ["account", "evaluate"],
        "tracks": ["efficiency"],
        "yields": "numbers",
        "practice_forms": ["theory_driven"],
        "roles": ["policy_maker", "executive", "social_entrepreneur", "researcher"],
        "scales": ["organisation", "municipality"],
        "time_needed": "months",
        "time_note": ("Twee tot zes maanden", "Two to six months"),
        "preparation": (
            "Gegevens over kosten en bereik; vaak een externe adviseur",
            "Data on costs and reach; often an outside adviser",
        ),
        "cost_band": "high",
        "strengths": (
            "Spreekt de taal van financiers\nMaakt kosten en baten vergelijkbaar",
            "Speaks the language of funders\nMakes costs and benefits comparable",
        ),
        "limitations": (
            "Niet alles laat zich in euro's uitdrukken\nDuur voor kleine organisaties\nDe stem van bewoners raakt makkelijk uit beeld",
            "Not everything can be expressed in euros\nExpensive for small organisations\nThe voice of residents easily drops out of sight",
        ),
        "method_owner": "Social Value International",
        "steps": [
            (
                step("Breng de effecten in kaart", "Bepaal met belanghebbenden welke effecten het werk heeft."),
                step("Map the effects", "Decide with stakeholders which effects the work has."),
            ),
            (
                step(
                    "Waardeer en vergelijk", "Geef de effecten een financiële waarde en zet ze af tegen de investering."
                ),
                step("Value and compare", "Give the effects a financial value and set them against the investment."),
            ),
        ],
        "related": ["effectencalculator", "veranderingstheorie"],
    },
    {
        "slug": "veranderingstheorie",
        "title": ("Veranderingstheorie (Theory of Change)", "Theory of Change"),
        "summary": (
            "Maak samen expliciet hoe en waarom je verwacht dat het werk tot verandering leidt.",
            "Make explicit together how and why you expect the work to lead to change.",
        ),
        "description": [
            (
                "Een veranderingstheorie beschrijft de stappen tussen wat je doet en de verandering die je wilt zien, "
                "met de aannames daartussen. Anders dan de keten van input tot impact gaat ze niet uit van een rechte lijn: "
                "je toetst en herziet de aannames onderweg.",
                "A theory of change describes the steps between what you do and the change you want to see, with the "
                "assumptions in between. Unlike the chain from input to impact it does not assume a straight line: "
                "you test and revise the assumptions along the way.",
            ),
        ],
        "purposes": ["learn", "evaluate", "dialogue"],
        "tracks": ["craft", "efficiency"],
        "yields": "both",
        "practice_forms": ["theory_driven", "social_practice"],
        "roles": ["social_worker", "social_entrepreneur", "policy_maker", "researcher"],
        "scales": ["group", "organisation"],
        "time_needed": "weeks",
        "time_note": ("Twee of drie werksessies", "Two or three working sessions"),
        "preparation": ("Kennis van het werk en de doelgroep", "Knowledge of the work and the target group"),
        "cost_band": "free",
        "strengths": (
            "Maakt aannames bespreekbaar\nBasis voor evaluatie en verantwoording",
            "Makes assumptions discussable\nA basis for evaluation and accounting",
        ),
        "limitations": (
            "Meet zelf niets\nKan schijnzekerheid geven als je de aannames niet toetst",
            "Measures nothing itself\nCan give false certainty if you do not test the assumptions",
        ),
        "method_owner": "",
        "steps": [
            (
                step(
                    "Begin bij de verandering",
                    "Beschrijf de verandering die je wilt zien, samen met de mensen om wie het gaat.",
                ),
                step(
                    "Start from the change", "Describe the change you want to see, together with the people concerned."
                ),
            ),
            (
                step(
                    "Werk terug en benoem aannames",
                    "Welke tussenstappen zijn nodig, en wat neem je aan over hoe de ene stap tot de volgende leidt?",
                ),
                step(
                    "Work back and name assumptions",
                    "Which intermediate steps are needed, and what do you assume about how one step leads to the next?",
                ),
            ),
        ],
        "related": ["outcome-harvesting", "visieleren", "social-return-on-investment"],
    },
    {
        "slug": "photovoice",
        "title": ("Photovoice", "Photovoice"),
        "summary": (
            "Bewoners fotograferen hun eigen leefwereld en vertellen wat de foto's laten zien.",
            "Residents photograph their own world and tell what the photos show.",
        ),
        "description": [
            (
                "Bij photovoice maken deelnemers foto's bij een vraag, bijvoorbeeld over wat meedoen in de wijk moeilijk maakt. "
                "In groepsgesprekken vertellen ze erover; de foto's en verhalen gaan daarna naar beleidsmakers.",
                "With photovoice participants take photos in response to a question, for example about what makes taking "
                "part in the neighbourhood hard. They talk about them in group conversations; the photos and stories then go to policy makers.",
            ),
        ],
        "purposes": ["signal", "dialogue"],
        "tracks": ["meaning"],
        "yields": "stories",
        "practice_forms": ["social_practice", "werkplaats"],
        "roles": ["citizen", "experience_expert", "social_worker", "researcher", "student"],
        "scales": ["group"],
        "time_needed": "weeks",
        "time_note": ("Vier tot zes bijeenkomsten", "Four to six meetings"),
        "preparation": (
            "Camera's of telefoons, en afspraken over privacy en beeldrecht",
            "Cameras or phones, and agreements on privacy and image rights",
        ),
        "cost_band": "low",
        "strengths": (
            "Geschikt voor mensen die minder talig zijn\nMaakt de leefwereld zichtbaar voor beleid",
            "Suits people who are less verbal\nMakes people's world visible to policy",
        ),
        "limitations": (
            "Levert geen cijfers op\nVraagt zorgvuldigheid met herkenbare personen op foto's",
            "Yields no numbers\nNeeds care with recognisable people in photos",
        ),
        "method_owner": "Caroline Wang en Mary Ann Burris",
        "steps": [
            (
                step("Stel de vraag en fotografeer", "Geef deelnemers een vraag en een paar weken om foto's te maken."),
                step(
                    "Ask the question and take photos", "Give participants a question and a few weeks to take photos."
                ),
            ),
            (
                step(
                    "Vertel en deel",
                    "Bespreek de foto's in de groep en kies samen welke je laat zien aan beleidsmakers.",
                ),
                step(
                    "Tell and share", "Discuss the photos in the group and choose together which to show policy makers."
                ),
            ),
        ],
        "related": ["storytelling", "most-significant-change"],
    },
    {
        "slug": "intervisie",
        "title": ("Intervisie met casussen", "Peer consultation with cases"),
        "summary": (
            "Collega's bespreken een casus uit de praktijk en maken ervaringskennis expliciet.",
            "Colleagues discuss a case from practice and make experiential knowledge explicit.",
        ),
        "description": [
            (
                "In intervisie brengt een professional een casus in en onderzoeken collega's samen de vraag erachter. "
                "Zo wordt ervaringskennis expliciet en getoetst aan die van anderen: de kern van casuïstiek als vorm van praktijkontwikkeling.",
                "In peer consultation a professional brings in a case and colleagues explore the question behind it together. "
                "Experiential knowledge becomes explicit and is tested against that of others: the core of case-based reasoning.",
            ),
        ],
        "purposes": ["learn"],
        "tracks": ["craft"],
        "yields": "stories",
        "practice_forms": ["case_based"],
        "roles": ["social_worker", "volunteer", "experience_expert", "student"],
        "scales": ["case", "group"],
        "time_needed": "session",
        "time_note": ("Anderhalf uur per casus", "An hour and a half per case"),
        "preparation": ("Een vaste groep en een gespreksmodel", "A fixed group and a conversation model"),
        "cost_band": "free",
        "strengths": (
            "Direct bruikbaar in het dagelijks werk\nVersterkt het vakmanschap",
            "Directly useful in daily work\nStrengthens craftsmanship",
        ),
        "limitations": (
            "Niet bedoeld voor verantwoording\nDe uitkomst blijft meestal binnen de groep",
            "Not meant for accounting\nThe outcome usually stays within the group",
        ),
        "method_owner": "",
        "steps": [
            (
                step(
                    "Breng een casus in",
                    "Eén deelnemer beschrijft een situatie en de vraag die hij of zij erbij heeft.",
                ),
                step("Bring in a case", "One participant describes a situation and the question they have about it."),
            ),
            (
                step(
                    "Onderzoek samen",
                    "De groep stelt vragen, deelt eigen ervaring en de inbrenger kiest wat hij of zij meeneemt.",
                ),
                step(
                    "Explore together",
                    "The group asks questions, shares its own experience and the one who brought the case chooses what to take along.",
                ),
            ),
        ],
        "related": ["effectencalculator", "storytelling"],
    },
]

LIST_FIELDS = ("purposes", "tracks", "practice_forms", "roles", "scales")
CHOICE_FIELDS = ("yields", "time_needed", "cost_band")
TEXT_FIELDS = ("summary", "time_note", "preparation", "strengths", "limitations")


def dutch_steps(spec):
    return [("step", nl) for nl, en in spec["steps"]]


def english_strings(spec):
    strings = {spec["title"][0]: spec["title"][1], spec["slug"]: english_slug(spec)}
    # wagtail-localize keeps the line breaks of a text field as <br/> in its segment.
    strings.update(
        {
            spec[name][0].replace("\n", "<br/>"): spec[name][1].replace("\n", "<br/>")
            for name in TEXT_FIELDS
            if spec[name][0]
        }
    )
    strings.update(dict(spec["description"]))
    for nl, en in spec["steps"]:
        strings.update({nl[key]: en[key] for key in nl if nl[key]})
    return strings


def english_slug(spec):
    from django.utils.text import slugify

    return slugify(spec["title"][1].split(" (")[0])


def build_method(index, spec):
    method = MethodPage.objects.child_of(index).filter(slug=spec["slug"]).first() or MethodPage(slug=spec["slug"])
    method.title = spec["title"][0]
    method.description = "".join(f"<p>{nl}</p>" for nl, en in spec["description"])
    method.steps = dutch_steps(spec)
    method.method_owner = spec["method_owner"]
    for name in TEXT_FIELDS:
        setattr(method, name, spec[name][0])
    for name in LIST_FIELDS + CHOICE_FIELDS:
        setattr(method, name, spec[name])
    if method.pk is None:
        index.add_child(instance=method)
    method.save_revision().publish()
    return method


@register_step
def toolbox(context):
    home = context.home or HomePage.objects.get(locale__language_code="nl", depth=2)
    index = setup.ensure_index(SetupContext(out=context.out, home=home))
    methods = {}
    for spec in METHODS:
        with transaction.atomic():
            methods[spec["slug"]] = build_method(index, spec)
    with transaction.atomic():
        for spec in METHODS:
            method = methods[spec["slug"]]
            method.related_methods.set([methods[slug] for slug in spec["related"]])
            method.save_revision().publish()
    for spec in METHODS:
        translate(methods[spec["slug"]], "en", english_strings(spec))
    context.say(f"Toolbox: {len(METHODS)} methods in nl and en, with the tool finder and compare view.")
