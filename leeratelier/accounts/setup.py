"""Set-up step of the accounts app: the privacy statement (Dutch and English), in plain words:
what is stored, why, who can see it, for how long, and how to download or delete one's data.
The rules of ``leeratelier.core.sitesetup`` apply: made when missing, brought up to date while no
editor has changed it, and left alone once one has."""

from home.models import StandardPage
from leeratelier.core.sitesetup import ensure_page, heading, paragraph, register_step

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
    paragraph(
        "Meld je je aan voor een bijeenkomst zonder account (als gast)? Dan bewaren we je naam en "
        "e-mailadres om je plek vast te houden en je te mailen over de bijeenkomst.",
        "Do you register for a meeting without an account (as a guest)? Then we keep your name and "
        "email address to hold your seat and to email you about the meeting.",
    ),
    heading("Wie ziet wat?", "Who sees what?"),
    paragraph(
        "Iedereen ziet het magazine, de methoden, de openbare ateliers en de gepubliceerde praktijken. "
        "Wat in een atelier staat, zien alleen de leden van dat atelier. Je profiel zien alleen mensen "
        "die in hetzelfde atelier zitten als jij. Beheerders van de site zien gegevens alleen als dat "
        "nodig is voor hun werk, bijvoorbeeld bij een melding over een bericht.",
        "Everyone sees the magazine, the methods, the public ateliers and the published practices. What "
        "is in an atelier, only the members of that atelier see. Your profile is seen only by people in "
        "the same atelier as you. The site's administrators see data only when their work needs it, for "
        "instance when a post is reported.",
    ),
    heading("Hoe lang?", "For how long?"),
    paragraph(
        "Aanmeldingen van gasten voor een bijeenkomst wissen we 90 dagen na de bijeenkomst. Bij "
        "verstuurde e-mails wissen we het adres van de ontvanger na 30 dagen uit ons logboek. "
        "Aanmeldingen van praktijken die niet bevestigd zijn verwijderen we na 30 dagen. "
        "Uitnodigingen die niemand aannam verwijderen we 30 dagen nadat de link verliep. Een "
        "download van je gegevens bewaren we 7 dagen. Je account en je gegevens blijven bewaard "
        "tot je je account verwijdert.",
        "Guest registrations for a meeting are erased 90 days after the meeting. For emails we sent, "
        "we erase the recipient's address from our log after 30 days. Practice submissions that were "
        "never confirmed are deleted after 30 days. Invitations nobody accepted are deleted 30 days "
        "after their link expired. A download of your data is kept for 7 days. Your account and your "
        "data are kept until you delete your account.",
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
        "Vragen, of wil je een fout laten herstellen? Mail ons. Het adres staat hieronder, bij Contact.",
        "Questions, or want a mistake corrected? Email us. The address is below, under Contact.",
    ),
]


@register_step(30)
def privacy_statement(context):
    ensure_page(context, context.home, StandardPage, fields=FIELDS, blocks=BODY, slug=PRIVACY_STATEMENT_SLUG)
