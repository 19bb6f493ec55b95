"""Benchmark data of the toolbox: at scale 1, 150 methods (the demo's own plus generated ones),
so the toolbox index, finder and compare pages are measured with a realistic number of methods.
See leeratelier/core/bench.py."""

from django.db import transaction

from leeratelier.core.bench import register_step
from leeratelier.core.models import Role, Track

from .models import MethodIndexPage, MethodPage
from .models.choices import PracticeForm, Purpose, Scale, Yields


def bench_methods():
    return MethodPage.objects.filter(slug__startswith="bench-method-", locale__language_code="nl")


@register_step(order=30)
def methods(context):
    index = MethodIndexPage.objects.filter(locale__language_code="nl").first()
    if index is None:
        context.say("  methods: no toolbox in the demo, skipped")
        return
    target = max(
        0,
        context.count(150)
        - MethodPage.objects.filter(locale__language_code="nl").exclude(slug__startswith="bench-method-").count(),
    )
    if bench_methods().count() == target:
        context.say(f"  methods: {target} already there")
    else:
        with transaction.atomic():
            for method in bench_methods():
                method.delete()

            def pick(choices, most):
                return context.rng.sample([value for value, _ in choices], context.rng.randint(1, most))

            progress = context.progress("methods", target)
            for n in range(target):
                index.add_child(
                    instance=MethodPage(
                        title=f"{context.text.title((1, 3))} methode {n + 1}",
                        slug=f"bench-method-{n + 1:04d}",
                        summary=context.text.sentence()[:250],
                        description=f"<p>{context.text.paragraph()}</p>",
                        purposes=pick(Purpose.choices, 3),
                        tracks=pick(Track.choices, 2),
                        yields=context.rng.choice([value for value, _ in Yields.choices]),
                        practice_forms=pick(PracticeForm.choices, 2),
                        roles=pick(Role.choices, 4),
                        scales=pick(Scale.choices, 2),
                        strengths=context.text.paragraph((1, 2)),
                        limitations=context.text.paragraph((1, 2)),
                    )
                )
                progress.advance()
            progress.finish()
    context.made["methods"] = list(MethodPage.objects.filter(locale__language_code="nl").values_list("pk", flat=True))
