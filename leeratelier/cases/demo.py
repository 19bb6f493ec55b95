"""Demo cases in several ateliers, at every stage of the case-based reasoning cycle: open,
reflecting and lesson retained; reflections of every kind, a reply, a helpful mark, one
pseudonymous case, one approved public summary and a case linked to the meeting where it was
discussed. Made through the services, so the demo follows the same rules as the site.
Idempotent: a case is found again by its atelier and title. Runs after the ateliers step
(INSTALLED_APPS order), whose people and meetings it uses."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from leeratelier.ateliers.models import AtelierPage, ExpertMeetingPage
from leeratelier.ateliers.services import coordinator_users
from leeratelier.core.demo import register_step
from leeratelier.core.models import Theme

from . import services
from .models import Case, Pseudonym, Reflection

CASES = [
    {
        "atelier": "Leeratelier Armoede",
        "author": "anouk",
        "days_ago": 40,
        "title": "Schaamte aan de keukentafel",
        "situation": (
            "Een alleenstaande moeder met twee kinderen werkt parttime in de thuiszorg. Bij een huisbezoek "
            "vertelt ze terloops dat ze de rekening van de sportclub niet meer betaalt. Als ik doorvraag, "
            'klapt ze dicht: *"Het gaat prima, we redden ons wel."*\n\n'
            "Ik ken haar uit het buurthuis, waar ze vrijwilliger is bij de taalcafé-avonden."
        ),
        "question": "Hoe bespreek je geldzorgen zonder dat iemand zich schaamt, juist als je elkaar ook in de buurt tegenkomt?",
        "done_so_far": "Ik heb de folder van de schuldhulp achtergelaten en gezegd dat ze altijd mag bellen. Ze heeft niet gebeld.",
        "roles": ["citizen", "social_worker", "volunteer"],
        "tracks": ["meaning", "craft"],
        "theme": "armoede",
        "reflections": [
            (
                "michelle",
                "question",
                "Weet je wat zíj zelf belangrijk vindt voor haar kinderen? Misschien is dat een betere ingang dan geld.",
            ),
            (
                "ruud",
                "experience",
                "Bij ons in de wijk werkt het goed als een vrijwilliger met **eigen ervaring** het gesprek begint. "
                "Dan voelt het minder als een gesprek met 'de instantie'.",
            ),
            (
                "michelle",
                "theory",
                "In het magazine staat de aanpak uit Lingewaard: *signaleren, bespreken en doorbreken*. "
                "Daar leerden bewoners, professionals en ambtenaren samen hoe je armoede bespreekbaar maakt.",
            ),
            (
                "ruud",
                "alternative",
                "Je zou het Jeugdfonds Sport & Cultuur kunnen noemen als praktische oplossing, zonder over schulden te beginnen.",
            ),
        ],
        "reply": ("anouk", 0, "Goede vraag. Ze zei later dat ze vooral wil dat haar zoon kan blijven voetballen."),
        "helpful": [0, 1],
        "lesson": (
            "Ik begon bij het probleem zoals ik het zag, niet bij wat zij belangrijk vond. Toen ik vroeg naar haar zoon, "
            "kwam het gesprek over geld vanzelf.",
            "Ik vraag eerst naar wat iemand wil bereiken, en ik vraag een ervaringsdeskundige mee als het gesprek vastloopt.",
        ),
        "summary": (
            "Een sociaal werker merkte dat een bewoner zich schaamde voor geldzorgen. Het gesprek kwam op gang toen "
            "het niet over schulden ging, maar over wat zij voor haar kind wilde. Collega's wezen op de aanpak "
            "*signaleren, bespreken en doorbreken* en op de rol van ervaringsdeskundigen."
        ),
        "meeting": "De effectencalculator in de praktijk",
    },
    {
        "atelier": "Leeratelier Armoede",
        "author": "ruud",
        "days_ago": 12,
        "title": "Vrijwilliger ziet koude woningen bij de voedselbank",
        "situation": (
            "Als vrijwilliger bij de voedselbank hoor ik steeds vaker dat mensen de verwarming uit laten. "
            "Een oudere man vertelde dat hij overdag in de bibliotheek zit om warm te blijven."
        ),
        "question": "Wat kan ik als vrijwilliger doen met zo'n signaal, zonder de vertrouwensband te schaden?",
        "done_so_far": "Ik heb het besproken met de coördinator van de voedselbank.",
        "roles": ["volunteer", "citizen"],
        "tracks": ["efficiency", "meaning"],
        "theme": "armoede",
        "reflections": [
            (
                "anouk",
                "question",
                "Weet hij van het energiefonds van de gemeente? Soms helpt het om samen het formulier in te vullen.",
            ),
        ],
        "reply": ("michelle", 0, "Goed punt. Het wijkteam kan daarbij helpen, als hij dat zelf wil."),
    },
    {
        "atelier": "Leeratelier Armoede",
        "author": "michelle",
        "days_ago": 2,
        "title": "De schuldeiser wil niet aan tafel",
        "situation": (
            "Een gezin wil met de woningcorporatie een betalingsregeling treffen. De corporatie reageert alleen "
            "per brief en wil geen gezamenlijk gesprek met het wijkteam erbij."
        ),
        "question": "Hoe krijg je een grote organisatie mee in een gesprek op gelijke voet?",
        "roles": ["social_worker", "citizen"],
        "tracks": ["efficiency"],
        "theme": "armoede",
    },
    {
        "atelier": "Leeratelier Waardig Werken en Meedoen",
        "author": "femke",
        "pseudonym": "Ervaringsdeskundige W.",
        "days_ago": 8,
        "title": "Mijn eigen verhaal als bewijs van impact",
        "situation": (
            "Ik heb zelf jaren in de bijstand gezeten en werk nu als ervaringsdeskundige. In gesprekken met de gemeente "
            "merk ik dat mijn verhaal wordt gezien als 'mooi', maar niet als bewijs dat iets werkt."
        ),
        "question": "Hoe kan ik mijn verhalen gebruiken om mijn impact te laten zien, zonder dat het alleen anekdotes blijven?",
        "roles": ["experience_expert", "policy_maker"],
        "tracks": ["meaning"],
        "theme": "waardig-werken-en-meedoen",
        "reflections": [
            (
                "sandra",
                "theory",
                "Kijk eens naar narratief verantwoorden met de waardencirkel, zoals in Hilversum. "
                "Daar werden verhalen een formeel onderdeel van de subsidieverantwoording.",
            ),
            (
                "bram",
                "experience",
                "Bij ons hielp het om verhalen te verzamelen rond dezelfde vraag, zodat je patronen ziet.",
            ),
        ],
    },
    {
        "atelier": "Leeratelier Waardig Werken en Meedoen",
        "author": "bram",
        "days_ago": 20,
        "title": "Statushouder durft geen werk aan te nemen",
        "situation": (
            "Een man met een verblijfsvergunning kreeg een baan aangeboden in de groenvoorziening. Hij wees het af. "
            "Later vertelde hij dat hij bang is zijn uitkering kwijt te raken als het werk na een paar maanden stopt."
        ),
        "question": "Hoe neem je die angst serieus en laat je tegelijk zien wat werk kan opleveren?",
        "done_so_far": "Ik heb met de klantmanager gesproken over de regels bij terugval.",
        "roles": ["citizen", "policy_maker", "social_worker"],
        "tracks": ["meaning", "efficiency"],
        "theme": "waardig-werken-en-meedoen",
        "reflections": [
            (
                "sandra",
                "theory",
                "In het CoSIE-project in Houten bleek precies dit de reden dat statushouders geen werk aannamen. "
                "Mensenrechten werden daar het waardenkompas voor de aanpak.",
            ),
            (
                "femke",
                "alternative",
                "Wat als je samen met de klantmanager een 'terugvalgarantie' op papier zet? "
                "Zwart op wit geeft soms meer vertrouwen dan een mondelinge belofte.",
            ),
        ],
        "helpful": [0],
    },
    {
        "atelier": "Leeratelier Jongeren",
        "author": "anouk",
        "days_ago": 30,
        "title": "Jongere haakt af na de overstap naar het mbo",
        "situation": (
            "Een jongen van zeventien was in het jongerencentrum altijd aanwezig. Sinds hij naar het mbo gaat, "
            "komt hij niet meer en reageert hij niet op berichten. Zijn moeder maakt zich zorgen."
        ),
        "question": "Wanneer is loslaten goed, en wanneer moet ik juist achter hem aan?",
        "roles": ["social_worker", "citizen"],
        "tracks": ["craft"],
        "theme": "jongeren",
        "reflections": [
            (
                "nicole",
                "question",
                "Heb je contact met de mentor op school? Soms weet die meer over hoe het daar gaat.",
            ),
            ("nicole", "experience", "Ik stuurde eens een kaartje in plaats van een appje. Dat werd wél gelezen."),
        ],
        "helpful": [1],
        "lesson": (
            "Niet reageren betekent niet dat iemand geen contact wil. Een persoonlijk gebaar opende de deur weer.",
            "Ik spreek bij de overstap naar een nieuwe school vooraf met de jongere af hoe we contact houden.",
        ),
    },
    {
        "atelier": "Leeratelier Impact",
        "author": "yasmina",
        "days_ago": 15,
        "visibility": "members",
        "title": "Verantwoorden met verhalen richting de wethouder",
        "situation": (
            "Onze wijkorganisatie moet verantwoorden met aantallen: bereikte bewoners, activiteiten, uren. "
            "De wethouder vraagt nu ook wat het oplevert. Wij hebben veel verhalen, maar geen cijfers over effect."
        ),
        "question": "Hoe combineer je verhalen en cijfers in één verantwoording die de gemeenteraad serieus neemt?",
        "roles": ["social_worker", "executive", "policy_maker"],
        "tracks": ["efficiency", "meaning"],
        "theme": "impact-en-verantwoording",
        "reflections": [
            (
                "gideon",
                "theory",
                "De effectencalculator brengt effecten per bewoner én de kosten van de ondersteuning in beeld. "
                "Dat verhaal blijft hangen bij beleidsmakers.",
            ),
            (
                "ruud",
                "question",
                "Weet je wat de wethouder met 'oplevert' bedoelt? Doelmatigheid, of ook betekenis voor bewoners?",
            ),
        ],
    },
]


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _pseudonym(case, username):
    """Someone with a pseudonym in the atelier keeps it in every thread there (as on the site)."""
    return (
        Pseudonym.objects.filter(atelier_key=case.atelier_key, user__username=username)
        .values_list("name", flat=True)
        .first()
        or ""
    )


def _atelier(title):
    return AtelierPage.objects.filter(title=title, locale__language_code="nl").first()


@register_step
def cases(context):
    made = 0
    for spec in CASES:
        atelier = _atelier(spec["atelier"])
        author = _user(spec["author"])
        if atelier is None or author is None:
            continue  # the ateliers step did not run
        if Case.objects.filter(atelier_key=atelier.translation_key, title=spec["title"]).exists():
            continue
        with transaction.atomic():
            build_case(atelier, author, spec)
        made += 1
    context.say(f"Cases: {made} demo cases made ({len(CASES)} in the demo).")


def build_case(atelier, author, spec):
    theme = Theme.objects.filter(locale__language_code="nl", slug=spec.get("theme", "")).first()
    case = services.post_case(
        atelier,
        author,
        title=spec["title"],
        situation=spec["situation"],
        question=spec["question"],
        done_so_far=spec.get("done_so_far", ""),
        roles=spec["roles"],
        tracks=spec["tracks"],
        visibility=spec.get("visibility", Case.Visibility.ATELIER),
        anonymised_confirmed=True,
        themes=[theme] if theme else [],
        pseudonym_name=spec.get("pseudonym", ""),
    )
    posted = timezone.now() - timedelta(days=spec["days_ago"])
    Case.objects.filter(pk=case.pk).update(created_at=posted)
    reflections = []
    for step, (username, kind, body) in enumerate(spec.get("reflections", [])):
        reflection = services.reflect(case, _user(username), kind, body, pseudonym_name=_pseudonym(case, username))
        Reflection.objects.filter(pk=reflection.pk).update(created_at=posted + timedelta(days=1, hours=step * 5))
        reflections.append(reflection)
    if spec.get("reply") and reflections:
        username, index, body = spec["reply"]
        reply = services.reflect(
            case,
            _user(username),
            "question",
            body,
            reply_to=reflections[index],
            pseudonym_name=_pseudonym(case, username),
        )
        Reflection.objects.filter(pk=reply.pk).update(created_at=posted + timedelta(days=3))
    for index in spec.get("helpful", []):
        services.mark_helpful(reflections[index], author)
    if spec.get("lesson"):
        services.retain_lesson(case, author, *spec["lesson"])
        Case.objects.filter(pk=case.pk).update(retained_at=posted + timedelta(days=10))
    if spec.get("summary"):
        services.request_public_summary(case, author, spec["summary"])
        coordinator = coordinator_users(atelier).order_by("pk").first()
        services.approve_public_summary(case, coordinator)
    if spec.get("meeting"):
        meeting = ExpertMeetingPage.objects.child_of(atelier).filter(title=spec["meeting"]).first()
        if meeting is not None:
            services.link_meeting(case, coordinator_users(atelier).order_by("pk").first(), meeting)
    return case
