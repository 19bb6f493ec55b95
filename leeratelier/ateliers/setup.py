"""Set-up step of the ateliers component: the ateliers index, where visitors find the public
ateliers and members their own (the rules of ``leeratelier.core.sitesetup`` apply)."""

from leeratelier.core.sitesetup import ensure_page, register_step

from .models import AtelierIndexPage

INDEX = {
    "title": ("Leerateliers", "Learning ateliers"),
    "slug": ("ateliers", "ateliers"),
    "intro": (
        "Leerateliers zijn gemeenschappen van mensen uit de praktijk die samen leren over impact. "
        "Elk atelier heeft een thema en komt regelmatig bij elkaar in een expertbijeenkomst. Kies een "
        "atelier en vraag of je mee mag doen.",
        "Learning ateliers are communities of people from practice who learn together about impact. "
        "Each atelier has a theme and meets regularly in an expert meeting. Choose an atelier and ask "
        "to join.",
    ),
}


def ensure_index(context):
    return ensure_page(
        context, context.home, AtelierIndexPage, fields=INDEX, label="ateliers index", show_in_menus=True
    )


@register_step(40)
def ateliers_index(context):
    ensure_index(context)
