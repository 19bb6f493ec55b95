"""Demo ateliers from the magazine, under their werkplaatsen, each with a coordinator and
members, past meetings with a report and upcoming meetings with registrations."""

from datetime import timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from home.models import HomePage
from leeratelier.core.demo import DEMO_ADMIN_PASSWORD, register_step
from leeratelier.core.sitesetup import SetupContext
from leeratelier.core.factories import UserFactory
from leeratelier.core.localize import translate
from leeratelier.core.models import Theme, Werkplaats

from . import services
from . import setup
from .models import AtelierPage, ExpertMeetingPage, Membership

DEMO_PASSWORD = DEMO_ADMIN_PASSWORD

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
        "coordinator": ("michelle", "Michelle", "Bakker"),
        "members": [("bram", "Bram", "de Vries")],
    },
]

MEETINGS = [
    (-60, "Narratief verantwoorden met de waardencirkel",
     "Hoe Hilversum verantwoordde met verhalen in plaats van alleen cijfers.", True),
    (-25, "De effectencalculator in de praktijk",
     "Professionals, vrijwilligers en een bewoner rekenen samen het effect van ondersteuning door.", True),
    (9, "Co-creatie en machtsverhoudingen",
     "Werken mét in plaats van vóór: wat betekent dat als de gemeente opdrachtgever is?", False),
    (37, "Ervaringsverhalen als bewijs van impact",
     "Een ervaringsdeskundige vertelt hoe zij haar verhalen gebruikt om haar impact zichtbaar te maken.", False),
]


def demo_user(username, first, last):
    user = UserFactory(username=username, email=f"{username}@example.org", first_name=first, last_name=last)
    if not user.has_usable_password() or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save()
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
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
            build_meetings(atelier, spec)
    context.credentials.append(("Member of several ateliers", "femke@example.org", DEMO_PASSWORD))
    context.credentials.append(("Member of the hidden atelier Jongeren", "anouk@example.org", DEMO_PASSWORD))
    context.credentials.append(("Signed in, member of nothing yet (asked to join)", "lotte@example.org", DEMO_PASSWORD))
    context.say(f"Ateliers: {len(ATELIERS)} ateliers with coordinators, members and meetings.")


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
        atelier_key=atelier.translation_key, user=coordinator,
        defaults={"role": Membership.Role.COORDINATOR, "status": Membership.Status.ACTIVE},
    )
    context.credentials.append((f"Coordinator of {atelier.title}", coordinator.email, DEMO_PASSWORD))
    for username, first, last in spec["members"]:
        member = demo_user(username, first, last)
        Membership.objects.get_or_create(
            atelier_key=atelier.translation_key, user=member,
            defaults={"role": Membership.Role.MEMBER, "status": Membership.Status.ACTIVE},
        )
    if spec["join_mode"] == "request":
        newcomer = demo_user("lotte", "Lotte", "Willems")
        Membership.objects.get_or_create(
            atelier_key=atelier.translation_key, user=newcomer,
            defaults={"motivation": "Ik werk als buurtcoach en wil graag leren van andere praktijken."},
        )


def build_meetings(atelier, spec):
    for days, title, intro, with_report in MEETINGS:
        if ExpertMeetingPage.objects.child_of(atelier).filter(title=title).exists():
            continue
        start = meeting_start(days)
        meeting = ExpertMeetingPage(
            title=title, intro=intro, start=start, end=start + timedelta(hours=2),
            venue="Wijkcentrum De Schakel, Stationsplein 1, Utrecht" if days % 2 else "",
            online_url="https://meet.example.org/leeratelier" if not days % 2 else "",
            capacity=12, tracks=["meaning", "craft"], guests_allowed=atelier.visibility == "public",
            report=(
                "<p>We bespraken hoe verhalen van bewoners een plek krijgen in de verantwoording. "
                "De belangrijkste les: begin bij gedeelde waarden.</p>" if with_report else ""
            ),
            attendee_count=14 if with_report else None,
        )
        atelier.add_child(instance=meeting)
        meeting.save_revision().publish()
        if days > 0:
            members = Membership.objects.active().of_atelier(atelier).select_related("user")
            for membership in members:
                services.register(meeting, user=membership.user, language="nl")
