"""Benchmark data of the learning cycles: at scale 1, 100 cycles over the bench ateliers with
10,000 contributions in the plan and do phases of their first loop. See leeratelier/core/bench.py."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from leeratelier.core import sanitize
from leeratelier.core.bench import bulk_create, register_step

from . import services
from .models import Contribution, LearningCycle, Participant, Phase

QUESTION_PREFIX = "Bench: "


@register_step(order=40)
def cycles(context):
    ateliers = context.made["ateliers"]
    members_by_atelier = context.made["members_by_atelier"]
    target, target_contributions = context.count(100), context.count(10000)
    existing = LearningCycle.objects.filter(learning_question__startswith=QUESTION_PREFIX)
    if existing.count() == target and Contribution.objects.filter(cycle__in=existing).count() == target_contributions:
        context.say(f"  learning cycles: {target} with {target_contributions:,} contributions already there")
        return
    from leeratelier.ateliers.models import Membership

    with transaction.atomic():
        existing.delete()
        today = timezone.localdate()
        progress = context.progress("learning cycles", target)
        made = []
        for n in range(target):
            atelier = ateliers[n % len(ateliers)]
            coordinator = Membership.objects.coordinators().filter(atelier_key=atelier.translation_key).first().user
            cycle = services.start_cycle(
                atelier,
                coordinator,
                learning_question=QUESTION_PREFIX + context.text.sentence()[:900],
                starts_on=today - timedelta(days=60),
                ends_on=today + timedelta(days=120),
                values=[
                    ("Gelijkwaardigheid", "Iedereen aan tafel telt even zwaar."),
                    ("Nieuwsgierigheid", "We vragen door."),
                ],
            )
            for user in context.rng.sample(
                members_by_atelier[atelier.translation_key], min(8, len(members_by_atelier[atelier.translation_key]))
            ):
                Participant.objects.get_or_create(cycle=cycle, user_id=user)
            plan = cycle.phases.order_by("position").first()
            services.advance(cycle, plan.pk, coordinator)  # into "do", so contributions land in two phases
            made.append(cycle)
            progress.advance()
        progress.finish()

        pool = []
        for _ in range(500):
            body = context.text.paragraph((1, 3))
            pool.append((body, sanitize.render_markdown(body)))
        kinds = [Contribution.Kind.NOTE, Contribution.Kind.OBSERVATION, Contribution.Kind.STORY]
        per_cycle, extra = divmod(target_contributions, len(made))

        def contributions():  # a generator: written a batch at a time
            for position, cycle in enumerate(made):
                phases = list(cycle.phases.exclude(status=Phase.Status.PENDING))
                participants = list(cycle.participants.all())
                for number in range(per_cycle + (1 if position < extra else 0)):
                    participant = participants[number % len(participants)]
                    body, body_html = context.rng.choice(pool)
                    yield Contribution(
                        cycle=cycle,
                        phase=phases[number % len(phases)],
                        participant=participant,
                        recorded_by_id=participant.user_id,
                        kind=context.rng.choice(kinds),
                        body=body,
                        body_html=body_html,
                        rendered_with=sanitize.SANITIZER_VERSION,
                    )

        progress = context.progress("cycle contributions", target_contributions)
        bulk_create(Contribution, contributions(), progress)
        progress.finish()
