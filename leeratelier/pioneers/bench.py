"""Benchmark data of the registry: at scale 1, 1,000 published pioneer practices with themes,
ingredients and methods, so the registry's filters and search are measured on a full registry.
See leeratelier/core/bench.py."""

from django.db import transaction

from leeratelier.core.bench import register_step
from leeratelier.core.models import Municipality, Theme, Werkplaats

from .models import Ingredient, PracticeIndexPage, PracticeIngredient, PracticePage

INGREDIENTS = [
    "vertrouwen",
    "gelijkwaardigheid",
    "ervaringskennis",
    "vaste contactpersoon",
    "samen leren",
    "korte lijnen",
    "ruimte voor verhalen",
    "aansluiten bij de leefwereld",
    "waardenkompas",
    "reflectie",
    "netwerk rond het gezin",
    "outreachend werken",
    "maatwerk",
    "taal van bewoners",
    "gedeeld eigenaarschap",
]


def bench_practices():
    return PracticePage.objects.filter(slug__startswith="bench-practice-", locale__language_code="nl")


@register_step(order=31)
def practices(context):
    index = PracticeIndexPage.objects.filter(locale__language_code="nl").first()
    if index is None:
        context.say("  practices: no registry in the demo, skipped")
        return
    target = context.count(1000)
    if bench_practices().count() == target:
        context.say(f"  practices: {target:,} already there")
        return
    with transaction.atomic():
        for practice in bench_practices():
            practice.delete()
        themes = list(Theme.objects.filter(locale__language_code="nl"))
        werkplaatsen = list(Werkplaats.objects.all())
        municipalities = list(Municipality.objects.filter(is_active=True))
        methods = context.made.get("methods", [])
        progress = context.progress("practices", target)
        themed, using, tagged = [], [], []  # (practice id, theme / method id / ingredient)
        for n in range(target):
            practice = PracticePage(
                title=f"{context.text.title((2, 5))} in de wijk {n + 1}",
                slug=f"bench-practice-{n + 1:05d}",
                summary=context.text.sentence()[:480],
                organisation="Stichting Welzijn en Meedoen",
                municipality=context.rng.choice(municipalities) if municipalities else None,
                werkplaats=context.rng.choice(werkplaatsen) if werkplaatsen else None,
                target_group="Bewoners met weinig inkomen",
                values_how=context.text.sentence()[:590],
                process_description=context.text.paragraphs((1, 3))[:4900],
                what_works=context.text.paragraph()[:2900],
                what_does_not_work=context.text.paragraph((1, 2))[:2900],
            )
            index.add_child(instance=practice)
            # Relations are written in bulk after the loop (a second save per page doubled the time;
            # the search index holds none of them).
            if themes:
                themed.extend(
                    (practice.pk, theme)
                    for theme in context.rng.sample(themes, min(len(themes), context.rng.randint(1, 2)))
                )
            if methods:
                using.extend(
                    (practice.pk, method)
                    for method in context.rng.sample(methods, min(len(methods), context.rng.randint(1, 3)))
                )
            tagged.extend((practice.pk, name) for name in context.rng.sample(INGREDIENTS, 3))
            progress.advance()
        PracticePage.themes.through.objects.bulk_create(
            PracticePage.themes.through(practicepage_id=practice_id, theme=theme) for practice_id, theme in themed
        )
        PracticePage.methods.through.objects.bulk_create(
            PracticePage.methods.through(practicepage_id=practice_id, methodpage_id=method)
            for practice_id, method in using
        )
        ingredients = {name: Ingredient.objects.get_or_create(name=name)[0] for name in INGREDIENTS}
        PracticeIngredient.objects.bulk_create(
            PracticeIngredient(content_object_id=practice_id, tag=ingredients[name]) for practice_id, name in tagged
        )
        progress.finish()
