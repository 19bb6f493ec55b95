"""Demo learning cycles: in two ateliers a running cycle with two loops (loop 1 done, loop 2 in
its plan phase), contributions of every kind, value scores and a published narrative report.
Idempotent: a cycle with the same question in the same atelier is left as it is."""

import io
import struct
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from leeratelier.ateliers.models import AtelierPage, ExpertMeetingPage
from leeratelier.core import access
from leeratelier.core.demo import register_step

from . import reports, services
from .models import LearningCycle, NarrativeReport, Phase

CYCLES = [
    {
        "atelier": "Leeratelier Impact",
        "question": "Hoe verantwoorden we onze buurtaanpak met verhalen én cijfers, zodat de gemeente ziet wat het oplevert?",
        "coordinator": "gideon",
        "members": ["femke", "ruud", "yasmina"],
        "values": [
            ("Gelijkwaardigheid", "Bewoners, professionals en ambtenaren hebben evenveel stem in wat impact is."),
            ("Openheid", "We delen ook wat niet werkte, zonder oordeel."),
            ("Eigenaarschap", "Wie iets voorstelt, doet ook mee aan de uitvoering."),
        ],
        "outside": (
            "Mevrouw Hendriks (bewoner)",
            "Neemt deel aan de bijeenkomsten; stemt ermee in dat de facilitator haar inbreng vastlegt.",
        ),
        "indicator": ("Bewoners bereikt met keukentafelgesprekken", "bewoners", [18, 27]),
    },
    {
        "atelier": "Leeratelier Armoede",
        "question": "Wat helpt inwoners om armoede eerder bespreekbaar te maken, en hoe merken we dat?",
        "coordinator": "michelle",
        "members": ["anouk", "ruud"],
        "values": [
            ("Geen schaamte", "We praten over geld zonder iemand het gevoel te geven dat hij tekortschiet."),
            ("Samen", "Inwoners denken mee over de aanpak, niet alleen over de uitkomst."),
        ],
        "outside": (
            "Meneer Yilmaz (ervaringsdeskundige)",
            "Vertelt zijn ervaring in de groep; de facilitator legt die met zijn toestemming vast.",
        ),
        "indicator": ("Signalen via de huisarts", "signalen", [4, 9]),
    },
]

STORY = (
    "Een moeder vertelde bij de koffie dat ze maanden niemand durfde te zeggen dat de rekeningen bleven liggen. "
    "Pas toen een buurvrouw over haar eigen schulden begon, durfde zij ook. **Dat gesprek was het begin.**"
)


def demo_image():
    buffer = io.BytesIO()
    image = Image.new("RGB", (480, 270), (243, 241, 236))
    draw = ImageDraw.Draw(image)
    for index, colour in enumerate([(11, 85, 99), (138, 59, 18), (91, 74, 139)]):
        draw.ellipse((60 + index * 130, 70, 180 + index * 130, 190), outline=colour, width=8)
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("waardencirkel.png", buffer.getvalue(), content_type="image/png")


def demo_audio():
    """A second of silence as WAV: the demo shows the player and the transcript."""
    data = b"\x00\x00" * 8000
    header = (
        b"RIFF"
        + struct.pack("<I", 36 + len(data))
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
    )
    return SimpleUploadedFile(
        "verhaal.wav", header + b"data" + struct.pack("<I", len(data)) + data, content_type="audio/wav"
    )


def _open(cycle):
    return Phase.objects.get(cycle=cycle, status=Phase.Status.OPEN)


@register_step
def learning_cycles(context):
    users = {user.username: user for user in get_user_model().objects.all()}
    made = 0
    for spec in CYCLES:
        atelier = AtelierPage.objects.filter(title=spec["atelier"], locale__language_code="nl").first()
        if atelier is None or spec["coordinator"] not in users:
            continue
        if LearningCycle.objects.filter(
            atelier_key=atelier.translation_key, learning_question=spec["question"]
        ).exists():
            continue
        with transaction.atomic():
            build_cycle(atelier, spec, users)
        made += 1
    context.say(f"Learning cycles: {made} new demo cycles with two loops, scores and a published report.")


def build_cycle(atelier, spec, users):
    coordinator = users[spec["coordinator"]]
    members = [users[name] for name in spec["members"] if name in users]
    for person in [coordinator, *members]:
        access.forget_roles(person)
    today = timezone.localdate()
    cycle = services.start_cycle(
        atelier,
        coordinator,
        learning_question=spec["question"],
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=120),
        values=spec["values"],
        plan_goal="Samen de leervraag scherp krijgen.",
        plan_ends_on=today - timedelta(days=45),
    )
    for member in members:
        services.join(cycle, member)
    outside = services.add_outside_participant(
        cycle, coordinator, name=spec["outside"][0], consent_text=spec["outside"][1]
    )
    meeting = ExpertMeetingPage.objects.child_of(atelier).order_by("start").first()
    name, unit, numbers = spec["indicator"]
    first, second = (members + [coordinator, coordinator])[:2]

    # Loop 1, plan.
    plan = _open(cycle)
    services.contribute(plan, first, kind="note", body="We willen weten welke gesprekken echt iets openbreken.")
    services.contribute(
        plan,
        second,
        kind="note",
        body="Idee: we houden bij hoeveel bewoners we spreken, en we verzamelen verhalen.",
        track="efficiency",
    )
    if meeting is not None:
        services.contribute(
            plan,
            coordinator,
            kind="link",
            body="Zie de bijeenkomst over narratief verantwoorden.",
            meeting_key=meeting.translation_key,
            track="meaning",
        )
    services.update_phase(
        plan,
        coordinator,
        goal=plan.goal,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        summary="We kiezen voor **keukentafelgesprekken** en een verhalenlogboek.",
    )
    services.advance(cycle, plan.pk, coordinator)

    # Loop 1, do.
    do = _open(cycle)
    services.contribute(
        do,
        first,
        kind="observation",
        body="Bewoners praten makkelijker in hun eigen keuken dan in het wijkcentrum.",
        track="craft",
        shareable=True,
    )
    services.contribute(
        do,
        first,
        kind="story",
        body=STORY,
        track="meaning",
        shareable=True,
        image=demo_image(),
        image_alt="Drie cirkels in de kleuren van het atelier: de waardencirkel.",
    )
    services.contribute(
        do,
        coordinator,
        participant=outside,
        kind="story",
        body="",
        track="meaning",
        shareable=True,
        audio=demo_audio(),
        audio_type="audio/wav",
        transcript="Ik kwam hier voor de koffie, en ik ging naar huis met iemand die me hielp met mijn post.",
    )
    services.contribute(
        do, second, kind="story", body="Dit verhaal is alleen voor de groep: het gaat over een gezin dat we kennen."
    )
    for days, value in zip((40, 25), numbers):
        services.contribute(
            do,
            second,
            kind="indicator",
            indicator_name=name,
            indicator_value=value,
            indicator_unit=unit,
            indicator_date=today - timedelta(days=days),
            track="efficiency",
        )
    services.advance(cycle, do.pk, coordinator)

    # Loop 1, reflect: everyone scores the values.
    reflect = _open(cycle)
    values = list(cycle.values.all())
    for offset, person in enumerate([coordinator, *members]):
        services.score_values(
            reflect.loop,
            person,
            {
                value: (max(1, min(5, 4 - index + offset % 2)), "Dit ging beter dan verwacht." if index == 0 else "")
                for index, value in enumerate(values)
            },
        )
    services.contribute(
        reflect, first, kind="note", body="Volgende keer betrekken we bewoners al bij het plannen.", shareable=True
    )
    services.update_phase(
        reflect,
        coordinator,
        goal="Terugkijken op de eerste ronde.",
        starts_on=reflect.starts_on,
        ends_on=None,
        summary="De gesprekken werken; in de volgende ronde plannen we **samen met bewoners**.",
    )
    services.advance(cycle, reflect.pk, coordinator)

    # Loop 2, plan (open now, ending in two days: the reminder job has something to do).
    plan2 = _open(cycle)
    services.update_phase(
        plan2,
        coordinator,
        goal="Met bewoners bepalen wat we in ronde twee proberen.",
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=2),
        summary="",
    )
    services.contribute(plan2, first, kind="note", body="Mevrouw Hendriks wil meedenken over de uitnodiging.")

    report = NarrativeReport.objects.create(
        atelier_key=atelier.translation_key,
        cycle=cycle,
        period_start=cycle.starts_on,
        period_end=cycle.ends_on,
        title=f"Verantwoording {atelier.title}: eerste ronde",
        created_by=coordinator,
        intro="Wat we deden, wat het opleverde en wat we ervan leerden: in **cijfers en verhalen**.",
        visibility=NarrativeReport.Visibility.PUBLIC,
    )
    candidates = reports.candidates(report)
    report.selection = [
        "meetings",
        "attendance",
        "cases",
        "lessons",
        "contributions",
        "compass",
        *(f"indicator:{key}" for key in candidates["numbers"]["indicators"]),
        *(story["ref"] for story in candidates["stories"]),
    ]
    report.save()
    reports.publish(report, coordinator)
    return cycle
