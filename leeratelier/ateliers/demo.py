"""Demo ateliers from the magazine, under their werkplaatsen, each with a coordinator and
members, past meetings with a report and upcoming meetings with registrations."""

from datetime import timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from home.models import HomePage
from leeratelier.core.demo import DEMO_ADMIN_PASSWORD, register_step
from leeratelier.core.factories import UserFactory
from leeratelier.core.localize import translate
from leeratelier.core.models import Theme, Werkplaats
from leeratelier.core.sitesetup import SetupContext

from . import services, setup
from .models import AtelierPage, ExpertMeetingPage, Membership

DEMO_PASSWORD = DEMO_ADMIN_PASSWORD

# Each atelier meets in its own region, at its own venue, about its own topics (the magazine's
# places: Zuid-Limburg for Zuyd, Utrecht for HU, Lingewaard, Nijmegen, Arnhem and Ede for HAN).
# Every Dutch text has its English translation beside it ("en"), which the demo installs as a
# wagtail-localize translation of the atelier and of each meeting.
ATELIERS = [
    {
        "title": "Leeratelier Impact",
        "werkplaats": "Zuyd",
        "theme": "impact-en-verantwoording",
        "visibility": "public",
        "join_mode": "request",
        "purpose": (
            "Sinds 2019 werken professionals en beleidsmakers uit Zuid-Limburg samen aan de vraag hoe je "
            "impact zichtbaar maakt zonder alles in cijfers te vangen."
        ),
        "how": (
            "Elke maand is er een thematische expertbijeenkomst met een gastspreker. Er is een kerngroep, "
            "en per thema sluiten mensen aan. De twee subgroepen, praktijk en beleid, gaan binnenkort samen."
        ),
        "en": {
            "title": "Learning atelier Impact",
            "purpose": (
                "Since 2019, professionals and policy makers from South Limburg have worked together on how to "
                "make impact visible without capturing everything in numbers."
            ),
            "how": (
                "Every month there is a thematic expert meeting with a guest speaker. There is a core group, and "
                "people join per theme. The two sub-groups, practice and policy, will soon merge."
            ),
        },
        "venue": "Zuyd Hogeschool, Nieuw Eyckholt 300, Heerlen",
        "meetings": [
            (
                -60,
                "Narratief verantwoorden met de waardencirkel",
                "Hoe Hilversum verantwoordde met verhalen in plaats van alleen cijfers.",
                "Narrative accountability with the value circle",
                "How Hilversum accounted with stories instead of numbers alone.",
                True,
            ),
            (
                -25,
                "Wat vraagt de gemeenteraad echt?",
                "Een raadslid uit Heerlen vertelt welke informatie de raad helpt om over impact te praten.",
                "What does the council really ask for?",
                "A council member from Heerlen tells which information helps the council talk about impact.",
                True,
            ),
            (
                9,
                "Praktijk en beleid aan één tafel",
                "De twee subgroepen komen samen: wat nemen we mee uit vijf jaar leeratelier?",
                "Practice and policy at one table",
                "The two sub-groups meet: what do we take from five years of learning atelier?",
                False,
            ),
            (
                37,
                "Impact meten zonder alles te tellen",
                "Een onderzoeker van Zuyd laat zien hoe je effecten beschrijft als cijfers tekortschieten.",
                "Measuring impact without counting everything",
                "A researcher from Zuyd shows how to describe effects when numbers fall short.",
                False,
            ),
        ],
        "coordinator": ("gideon", "Gideon", "Hermans"),
        "members": [("femke", "Femke", "Janssen"), ("ruud", "Ruud", "Smeets"), ("yasmina", "Yasmina", "El Idrissi")],
    },
    {
        "title": "Leeratelier Waardig Werken en Meedoen",
        "werkplaats": "HU",
        "theme": "waardig-werken-en-meedoen",
        "visibility": "public",
        "join_mode": "request",
        "purpose": (
            "Hogeschool Utrecht, Utrechtse gemeenten en Movisie onderzoeken samen wat waardig werk en meedoen "
            "betekenen voor inwoners met een uitkering."
        ),
        "how": "We komen zes keer per jaar samen en bespreken casussen uit de praktijk van de deelnemers.",
        "en": {
            "title": "Learning atelier Dignified Work and Participation",
            "purpose": (
                "Utrecht University of Applied Sciences, municipalities around Utrecht and Movisie explore together "
                "what dignified work and participation mean for residents on benefits."
            ),
            "how": "We meet six times a year and discuss cases from the participants' own practice.",
        },
        "venue": "Hogeschool Utrecht, Padualaan 101, Utrecht",
        "meetings": [
            (
                -45,
                "Werk dat waardig voelt",
                "Inwoners met een uitkering vertellen wanneer werk voor hen waardig is, en wanneer niet.",
                "Work that feels dignified",
                "Residents on benefits tell when work feels dignified to them, and when it does not.",
                True,
            ),
            (
                16,
                "Bang om de uitkering kwijt te raken",
                "Wat Houten leerde van statushouders die geen werk aannamen, en wat de gemeente veranderde.",
                "Afraid of losing benefits",
                "What Houten learned from refugees who did not take up work, and what the municipality changed.",
                False,
            ),
            (
                58,
                "Meedoen als mensenrecht",
                "Mensenrechten als waardenkompas voor de consulent werk en inkomen.",
                "Participation as a human right",
                "Human rights as a values compass for the work and income consultant.",
                False,
            ),
        ],
        "coordinator": ("sandra", "Sandra", "Geelhoed"),
        "members": [("bram", "Bram", "de Vries"), ("femke", "Femke", "Janssen")],
    },
    {
        "title": "Leeratelier Armoede",
        "werkplaats": "HAN",
        "theme": "armoede",
        "visibility": "public",
        "join_mode": "open",
        "purpose": "Signaleren, bespreken en doorbreken van armoede, met bewoners, professionals en vrijwilligers.",
        "how": "Een reeks bijeenkomsten waarin bewoners, professionals, vrijwilligers en ambtenaren samen leren.",
        "en": {
            "title": "Learning atelier Poverty",
            "purpose": "Signalling, discussing and breaking through poverty, with residents, professionals and volunteers.",
            "how": "A series of meetings in which residents, professionals, volunteers and civil servants learn together.",
        },
        "venue": "Dorpshuis De Kosmos, Dorpsstraat 12, Bemmel (Lingewaard)",
        "meetings": [
            (
                -55,
                "De effectencalculator in de praktijk",
                "Professionals, vrijwilligers en een bewoner rekenen samen het effect van ondersteuning door.",
                "The effect calculator in practice",
                "Professionals, volunteers and a resident work out together what the support achieved.",
                True,
            ),
            (
                -30,
                "Armoede signaleren in de wijk",
                "Vrijwilligers van de voedselbank en wijkteams delen de signalen die zij het eerst zien.",
                "Spotting poverty in the neighbourhood",
                "Food bank volunteers and neighbourhood teams share the signs they see first.",
                True,
            ),
            (
                12,
                "De handreiking van Lingewaard",
                "Bewoners en ambtenaren lezen samen de handreiking die uit de vorige reeks kwam.",
                "The Lingewaard guide",
                "Residents and civil servants read together the guide that came out of the last series.",
                False,
            ),
            (
                44,
                "Schaamte doorbreken",
                "Een ervaringsdeskundige vertelt hoe je over geldzorgen praat zonder iemand te beschamen.",
                "Breaking through shame",
                "An experience expert tells how to talk about money worries without shaming anyone.",
                False,
            ),
        ],
        "coordinator": ("michelle", "Michelle", "Bakker"),
        "members": [("anouk", "Anouk", "Peters"), ("ruud", "Ruud", "Smeets")],
    },
    {
        "title": "Leeratelier Betekenisvol Contact in de Wijk",
        "werkplaats": "HAN",
        "theme": "betekenisvol-contact-in-de-wijk",
        "visibility": "public",
        "join_mode": "request",
        "purpose": "Wat maakt contact in de wijk betekenisvol, en hoe laat je dat zien?",
        "how": "We werken met verhalen van bewoners en sociaal werkers.",
        "en": {
            "title": "Learning atelier Meaningful Contact in the Neighbourhood",
            "purpose": "What makes contact in the neighbourhood meaningful, and how do you show it?",
            "how": "We work with stories of residents and social workers.",
        },
        "venue": "Buurthuis De Klif, Thijmstraat 40, Nijmegen",
        "meetings": [
            (
                -20,
                "Het verhaal achter de koffieochtend",
                "Sociaal werkers uit Nijmegen-Oost vertellen wat een wekelijkse koffieochtend oplevert.",
                "The story behind the coffee morning",
                "Social workers from Nijmegen-Oost tell what a weekly coffee morning brings.",
                True,
            ),
            (
                23,
                "Photovoice met buurtbewoners",
                "Bewoners maken foto's van plekken waar ze elkaar ontmoeten, en we bespreken ze samen.",
                "Photovoice with residents",
                "Residents take photos of places where they meet each other, and we discuss them together.",
                False,
            ),
        ],
        "coordinator": ("nicole", "Nicole", "van Dijk"),
        "members": [("yasmina", "Yasmina", "El Idrissi")],
    },
    {
        "title": "Leeratelier Jongeren",
        "werkplaats": "HAN",
        "theme": "jongeren",
        "visibility": "hidden",
        "join_mode": "invitation",
        "purpose": "Een besloten atelier waarin jongerenwerkers casussen van jongeren bespreken.",
        "how": "Besloten: deelname op uitnodiging, omdat we werken met verhalen van kwetsbare jongeren.",
        "en": {
            "title": "Learning atelier Young People",
            "purpose": "A closed atelier in which youth workers discuss cases of young people.",
            "how": "Closed: by invitation only, because we work with stories of vulnerable young people.",
        },
        "venue": "Jongerencentrum De Overkant, Rijnstraat 5, Arnhem",
        "meetings": [
            (
                -15,
                "Casusbespreking: thuiszitters",
                "Jongerenwerkers bespreken samen twee jongeren die al maanden niet naar school gaan.",
                "Case discussion: young people out of school",
                "Youth workers discuss two young people who have not been to school for months.",
                True,
            ),
            (
                19,
                "Vertrouwen winnen op straat",
                "Hoe bouw je contact op met jongeren die hulpverleners wantrouwen?",
                "Winning trust on the street",
                "How do you build contact with young people who distrust care workers?",
                False,
            ),
        ],
        "coordinator": ("nicole", "Nicole", "van Dijk"),
        "members": [("anouk", "Anouk", "Peters")],
    },
    {
        "title": "Leeratelier Inclusie en Participatie",
        "werkplaats": "HAN",
        "theme": "inclusie-en-participatie",
        "visibility": "public",
        "join_mode": "request",
        "purpose": "Hoe doen mensen met een beperking of een grote afstand tot de arbeidsmarkt echt mee?",
        "how": "Ervaringsdeskundigen en professionals leren samen van praktijkvoorbeelden.",
        "en": {
            "title": "Learning atelier Inclusion and Participation",
            "purpose": "How do people with a disability or far from the labour market really take part?",
            "how": "Experience experts and professionals learn together from examples in practice.",
        },
        "venue": "Bibliotheek Ede, Molenstraat 45, Ede",
        "meetings": [
            (
                -40,
                "Ervaringsverhalen als bewijs van impact",
                "Een ervaringsdeskundige vertelt hoe zij haar verhalen gebruikt om haar impact zichtbaar te maken.",
                "Stories of experience as evidence of impact",
                "An experience expert tells how she uses her stories to make her impact visible.",
                True,
            ),
            (
                30,
                "Deep democracy: elke stem telt",
                "We oefenen met een gesprek waarin ook de minderheid gehoord wordt.",
                "Deep democracy: every voice counts",
                "We practise a conversation in which the minority is heard too.",
                False,
            ),
        ],
        "coordinator": ("michelle", "Michelle", "Bakker"),
        "members": [("bram", "Bram", "de Vries")],
    },
]

REPORT = (
    "We bespraken hoe verhalen van bewoners een plek krijgen in de verantwoording. "
    "De belangrijkste les: begin bij gedeelde waarden.",
    "We discussed how residents' stories find a place in accountability. The main lesson: start from shared values.",
)
ONLINE_URL = "https://meet.example.org/leeratelier"


def demo_user(username, first, last):
    user = UserFactory(username=username, email=f"{username}@example.org", first_name=first, last_name=last)
    if not user.has_usable_password() or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save()
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def meeting_start(days):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=15, minute=0, second=0, microsecond=0)


@register_step
def ateliers(context):
    home = context.home or HomePage.objects.get(locale__language_code="nl", depth=2)
    index = setup.ensure_index(SetupContext(out=context.out, home=home))
    for spec in ATELIERS:
        with transaction.atomic():
            atelier = build_atelier(index, spec)
            build_members(atelier, spec, context)
            meetings = build_meetings(atelier, spec)
        # wagtail-localize publishes a translation on commit: each in its own transaction.
        translate_atelier(atelier, spec, meetings)
    context.credentials.append(("Member of several ateliers", "femke@example.org", DEMO_PASSWORD))
    context.credentials.append(("Member of the hidden atelier Jongeren", "anouk@example.org", DEMO_PASSWORD))
    context.credentials.append(("Signed in, member of nothing yet (asked to join)", "lotte@example.org", DEMO_PASSWORD))
    context.say(f"Ateliers: {len(ATELIERS)} ateliers with coordinators, members and meetings, in nl and en.")


def translate_atelier(atelier, spec, meetings):
    """The English translation of the atelier and its demo meetings (made once; later runs
    leave an existing translation alone, it may have been edited)."""
    english = Locale.objects.get(language_code="en")
    if atelier.get_translation_or_none(english) is None:
        en = spec["en"]
        translate(
            atelier,
            "en",
            {
                spec["title"]: en["title"],
                spec["purpose"]: en["purpose"],
                spec["how"]: en["how"],
                atelier.contact_email: atelier.contact_email,
            },
        )
    for meeting, (_days, title, intro, title_en, intro_en, _report) in meetings:
        if meeting.get_translation_or_none(english) is not None:
            continue
        strings = {title: title_en, intro: intro_en, REPORT[0]: REPORT[1]}
        strings.update({value: value for value in (meeting.venue, meeting.online_url, meeting.recording_url) if value})
        translate(meeting, "en", strings)


def build_atelier(index, spec):
    atelier = AtelierPage.objects.child_of(index).filter(title=spec["title"]).first()
    if atelier is None:
        atelier = AtelierPage(
            title=spec["title"],
            purpose=spec["purpose"],
            how_it_works=[("paragraph", f"<p>{spec['how']}</p>")],
            werkplaats=Werkplaats.objects.get(university=spec["werkplaats"]),
            theme=Theme.objects.get(locale__language_code="nl", slug=spec["theme"]),
            visibility=spec["visibility"],
            join_mode=spec["join_mode"],
            contact_email=f"{spec['coordinator'][0]}@example.org",
        )
        index.add_child(instance=atelier)
        atelier.save_revision().publish()
    return atelier


def build_members(atelier, spec, context):
    coordinator = demo_user(*spec["coordinator"])
    Membership.objects.update_or_create(
        atelier_key=atelier.translation_key,
        user=coordinator,
        defaults={"role": Membership.Role.COORDINATOR, "status": Membership.Status.ACTIVE},
    )
    context.credentials.append((f"Coordinator of {atelier.title}", coordinator.email, DEMO_PASSWORD))
    for username, first, last in spec["members"]:
        member = demo_user(username, first, last)
        Membership.objects.get_or_create(
            atelier_key=atelier.translation_key,
            user=member,
            defaults={"role": Membership.Role.MEMBER, "status": Membership.Status.ACTIVE},
        )
    if spec["join_mode"] == "request":
        newcomer = demo_user("lotte", "Lotte", "Willems")
        Membership.objects.get_or_create(
            atelier_key=atelier.translation_key,
            user=newcomer,
            defaults={"motivation": "Ik werk als buurtcoach en wil graag leren van andere praktijken."},
        )


def build_meetings(atelier, spec):
    """The atelier's own meetings: past ones online or at its venue with a report, upcoming
    ones with the members registered. Returns [(meeting, its spec)]."""
    made = []
    for meeting_spec in spec["meetings"]:
        days, title, intro, _title_en, _intro_en, with_report = meeting_spec
        meeting = ExpertMeetingPage.objects.child_of(atelier).filter(title=title).first()
        if meeting is not None:
            made.append((meeting, meeting_spec))
            continue
        start = meeting_start(days)
        online = days % 3 == 0
        meeting = ExpertMeetingPage(
            title=title,
            intro=intro,
            start=start,
            end=start + timedelta(hours=2),
            venue="" if online else spec["venue"],
            online_url=ONLINE_URL if online else "",
            capacity=12,
            tracks=["meaning", "craft"],
            guests_allowed=atelier.visibility == "public",
            report=f"<p>{REPORT[0]}</p>" if with_report else "",
            attendee_count=14 if with_report else None,
        )
        atelier.add_child(instance=meeting)
        meeting.save_revision().publish()
        if days > 0:
            members = Membership.objects.active().of_atelier(atelier).select_related("user")
            for membership in members:
                services.register(meeting, user=membership.user, language="nl")
        made.append((meeting, meeting_spec))
    return made
