"""Demo step of the accounts app: the privacy statement in full (Dutch and English).

This step alone makes and keeps the statement page (slug "privacyverklaring", under the home page
the core demo made): what is stored, why, for how long, and how to download or delete one's data.
Idempotent: it writes the body only when it differs, and a second run changes nothing.
"""

from django.db import transaction

from home.models import StandardPage
from leeratelier.core.demo import dutch_body, english_strings, heading, paragraph, register_step
from leeratelier.core.localize import translate

PRIVACY_STATEMENT_SLUG = "privacyverklaring"

FIELDS = {
    "title": ("Privacyverklaring", "Privacy statement"),
    "intro": (
        "Welke gegevens Leeratelier bewaart, waarom, hoe lang, en hoe je ze downloadt of laat verwijderen.",
        "Which data Leeratelier keeps, why, for how long, and how you download or delete them.",
    ),
}

BODY = [
    heading("Welke gegevens bewaren we, en waarom?", "Which data do we keep, and why?"),
    paragraph(
        "Van leden bewaren we naam, e-mailadres, wachtwoord (versleuteld), rol, organisatie, een "
        "foto als je die kiest, en de taal waarin we je mailen: zodat anderen in je atelier weten "
        "met wie ze praten, en zodat we je kunnen bereiken.",
        "Of members we keep name, email address, password (encrypted), role, organisation, a photo "
        "if you choose one, and the language we email you in: so that others in your atelier know "
        "who they are talking to, and so that we can reach you.",
    ),
    paragraph(
        "We bewaren je lidmaatschappen van ateliers en je aanmeldingen voor bijeenkomsten, om "
        "plaatsen en wachtlijsten te beheren. Wat je schrijft (casussen, reflecties, bijdragen aan "
        "leercycli) bewaren we om er samen van te leren; casussen in een atelier zijn alleen "
        "zichtbaar voor de leden van dat atelier en moeten geanonimiseerd zijn.",
        "We keep your memberships of ateliers and your registrations for meetings, to manage seats "
        "and waitlists. What you write (cases, reflections, contributions to learning cycles) we "
        "keep so we can learn from it together; cases in an atelier are visible to the members of "
        "that atelier only and must be anonymised.",
    ),
    paragraph(
        "Toestemming die je geeft (bijvoorbeeld om een praktijk of een verhaal te publiceren) "
        "bewaren we met de tekst waar je mee instemde en het moment. Trek je die in, dan halen we "
        "de inhoud van openbare pagina's en uit rapportages.",
        "Consent you give (for instance to publish a practice or a story) we keep with the text "
        "you agreed to and the moment. If you withdraw it, we take the content off public pages "
        "and out of reports.",
    ),
    paragraph(
        "Wie lidmaatschappen, rollen of zichtbaarheid van berichten verandert, leggen we vast in "
        "een logboek dat alleen beheerders van de site kunnen lezen.",
        "Who changes memberships, roles or the visibility of posts is recorded in a log that only "
        "the site's administrators can read.",
    ),
    heading("Hoe lang?", "For how long?"),
    paragraph(
        "Aanmeldingen van praktijken die niet bevestigd zijn verwijderen we na 30 dagen. "
        "Uitnodigingen die niemand aannam verwijderen we 30 dagen nadat de link verliep. Een "
        "download van je gegevens bewaren we 7 dagen. Je account en je gegevens blijven bewaard "
        "tot je je account verwijdert.",
        "Practice submissions that were never confirmed are deleted after 30 days. Invitations "
        "nobody accepted are deleted 30 days after their link expired. A download of your data is "
        "kept for 7 days. Your account and your data are kept until you delete your account.",
    ),
    heading("Je gegevens downloaden", "Downloading your data"),
    paragraph(
        "Op je profielpagina kies je 'Download mijn gegevens'. We maken een ZIP-bestand met al je "
        "gegevens en de bestanden die je uploadde, en mailen je een link die 7 dagen werkt en "
        "alleen opent als je bent ingelogd.",
        "On your profile page, choose 'Download my data'. We make a ZIP file with all your data "
        "and the files you uploaded, and email you a link that works for 7 days and only opens "
        "when you are signed in.",
    ),
    heading("Je account verwijderen", "Deleting your account"),
    paragraph(
        "Op je profielpagina kies je 'Verwijder mijn account'. Je naam, e-mailadres, profiel en "
        "foto worden gewist, je aanmeldingen geannuleerd (je plek gaat naar de wachtlijst) en je "
        "verlaat je ateliers. Wat je schreef blijft staan als geschreven door 'een oud-lid', of "
        "wordt verwijderd: dat kies je zelf.",
        "On your profile page, choose 'Delete my account'. Your name, email address, profile and "
        "photo are erased, your registrations are cancelled (your seat goes to the waitlist) and "
        "you leave your ateliers. What you wrote stays as written by 'a former member', or is "
        "removed: you choose.",
    ),
    paragraph(
        "Vragen, of wil je een fout laten herstellen? Mail privacy@leeratelier.nl.",
        "Questions, or want a mistake corrected? Email privacy@leeratelier.nl.",
    ),
]


def body_texts(page):
    texts = []
    for block in page.body:
        if block.block_type == "heading":
            texts.append(("heading", block.value["text"]))
        else:
            texts.append((block.block_type, getattr(block.value, "source", str(block.value)).removeprefix("<p>").removesuffix("</p>")))
    return texts


@register_step
def privacy_statement(context):
    home = context.home
    with transaction.atomic():
        page = StandardPage.objects.child_of(home).filter(slug=PRIVACY_STATEMENT_SLUG).first()
        if page is None:
            page = StandardPage(slug=PRIVACY_STATEMENT_SLUG, show_in_menus=False, body=dutch_body(BODY),
                                **{name: nl for name, (nl, en) in FIELDS.items()})
            home.add_child(instance=page)
            page.save_revision().publish()
        elif page.intro != FIELDS["intro"][0] or body_texts(page) != [(kind, nl) for kind, nl, en, level in BODY]:
            page.intro = FIELDS["intro"][0]
            page.body = dutch_body(BODY)
            page.save_revision().publish()
    translate(page, "en", english_strings(FIELDS, BODY))
    context.say("Privacy statement: what is stored, why, how long, export and deletion (nl and en).")
