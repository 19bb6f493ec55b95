"""Set-up step of the method toolbox: the methods index with the tool finder and compare view
(the rules of ``leeratelier.core.sitesetup`` apply). Methods themselves are content editors add;
the demo adds fifteen."""

from leeratelier.core.sitesetup import ensure_page, register_step

from .models import MethodIndexPage

INDEX = {
    "title": ("Methoden", "Methods"),
    "slug": ("methoden", "methods"),
    "intro": (
        "Er zijn veel methoden om impact zichtbaar te maken. Hier staat per methode wat je ermee bereikt, "
        "wie er aan tafel zit, wat het oplevert en wat het kost. Twijfel je? De keuzehulp helpt je kiezen.",
        "There are many methods to make impact visible. For each method you find here what it helps you "
        "achieve, who is at the table, what it yields and what it takes. Not sure? The tool finder helps you choose.",
    ),
}


def ensure_index(context):
    return ensure_page(context, context.home, MethodIndexPage, fields=INDEX, label="methods index", show_in_menus=True)


@register_step(41)
def methods_index(context):
    ensure_index(context)
