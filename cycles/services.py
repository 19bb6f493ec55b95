"""The rules of a learning cycle, in one place. Views call these; a rule that says no raises
``Denied`` with a message in the person's language. Every change writes an Activity row (who did
what and when) in the same transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leeratelier.core import access

from . import policy
from .feedback import ask_again_after_change
from .models import (
    PERSPECTIVE_OF_ROLE,
    Activity,
    CompassValue,
    Contribution,
    LearningCycle,
    Loop,
    Participant,
    Perspective,
    Phase,
    ValueScore,
    default_template,
)


class Denied(Exception):
    pass


def log(cycle, actor, action, phase=None):
    Activity.objects.create(cycle=cycle, actor=actor, action=action, phase=phase)


def _new_loop(cycle, number):
    """A loop with one phase per step of the cycle's template, in the template's order."""
    loop = Loop.objects.create(cycle=cycle, number=number)
    phases = [
        Phase(loop=loop, cycle=cycle, kind=step.key, step=step, position=position)
        for position, step in enumerate(cycle.template.steps.order_by("position", "id"))
    ]
    for phase in phases:
        phase.render_sources()  # bulk_create skips save(): the re-render contract still holds
    Phase.objects.bulk_create(phases)
    return loop


def _first_phase(loop):
    return loop.phases.order_by("position").first()


@transaction.atomic
def start_cycle(
    atelier,
    by,
    *,
    learning_question,
    starts_on,
    ends_on,
    values,
    facilitator=None,
    plan_goal="",
    plan_ends_on=None,
    template=None,
):
    """A coordinator starts a cycle with the steps of a template (plan-do-reflect unless another
    is chosen): loop 1 with its first phase open, the values compass, and the coordinator as its
    first participant."""
    if not policy.can_start_cycle(by, atelier):
        raise Denied(_("Only a coordinator of this atelier can start a learning cycle."))
    if ends_on < starts_on:
        raise Denied(_("The cycle cannot end before it starts."))
    if facilitator is not None and facilitator.pk not in member_ids(atelier.translation_key):
        raise Denied(_("The facilitator must be a member of this atelier."))
    cycle = LearningCycle.objects.create(
        atelier_key=atelier.translation_key,
        learning_question=learning_question,
        starts_on=starts_on,
        ends_on=ends_on,
        facilitator=facilitator,
        created_by=by,
        template=template or default_template(),
    )
    CompassValue.objects.bulk_create(
        CompassValue(cycle=cycle, name=name, meaning=meaning, position=position)
        for position, (name, meaning) in enumerate(values)
    )
    loop = _new_loop(cycle, 1)
    plan = _first_phase(loop)
    plan.goal, plan.starts_on, plan.ends_on = plan_goal, starts_on, plan_ends_on
    plan.status, plan.opened_at = Phase.Status.OPEN, timezone.now()
    plan.save()
    log(cycle, by, Activity.Action.STARTED, plan)
    Participant.objects.create(cycle=cycle, user=by)
    if facilitator is not None and facilitator != by:
        Participant.objects.create(cycle=cycle, user=facilitator)
    return cycle


def member_ids(atelier_key):
    from leeratelier.ateliers.models import Membership

    return set(Membership.objects.active().filter(atelier_key=atelier_key).values_list("user_id", flat=True))


def join(cycle, user):
    if not policy.can_join_cycle(user, cycle):
        raise Denied(_("You cannot join this cycle."))
    try:
        with transaction.atomic():
            role = getattr(getattr(user, "profile", None), "role", "")
            participant = Participant.objects.create(
                cycle=cycle, user=user, perspective=PERSPECTIVE_OF_ROLE.get(role, "")
            )
            log(cycle, user, Activity.Action.JOINED)
    except IntegrityError:  # a double click: they already joined
        participant = Participant.objects.get(cycle=cycle, user=user)
    cycle.__dict__.pop("_participant_of", None)
    return participant


@transaction.atomic
def add_outside_participant(cycle, by, *, name, consent_text, perspective=""):
    if not policy.can_facilitate_cycle(by, cycle):
        raise Denied(_("Only the facilitator can add participants."))
    participant = Participant.objects.create(
        cycle=cycle,
        name=name,
        consent_text=consent_text,
        consent_at=timezone.now(),
        recorded_by=by,
        perspective=perspective,
    )
    log(cycle, by, Activity.Action.ADDED_PARTICIPANT)
    return participant


def set_perspective(participant, by, perspective):
    """A participant says from where they look; the facilitator does it for an outside one."""
    own = participant.user_id is not None and participant.user_id == by.pk
    if not (own or (participant.is_outside and policy.can_facilitate_cycle(by, participant.cycle))):
        raise Denied(_("Only the participant can change their perspective."))
    if perspective not in Perspective.values and perspective != "":
        raise Denied(_("Choose one of the perspectives."))
    participant.perspective = perspective
    participant.save(update_fields=["perspective"])
    return participant


def erase_outside_participant(participant, by, *, keep_contributions):
    """The facilitator erases an outside participant (who has no account to do it themselves):
    their name and consent go; their contributions are removed (with their files) or kept without
    a name, as the facilitator chose with them. Audit-logged with ids and counts only."""
    from leeratelier.core import audit

    cycle = participant.cycle
    if not participant.is_outside or not policy.can_facilitate_cycle(by, cycle):
        raise Denied(_("Only the facilitator can erase an outside participant."))
    with transaction.atomic():
        contributions = list(Contribution.objects.select_for_update().filter(participant=participant))
        if keep_contributions:
            Contribution.objects.filter(pk__in=[c.pk for c in contributions]).update(participant=None)
        else:
            files = [f for c in contributions for f in (c.image, c.audio) if f]
            Contribution.objects.filter(pk__in=[c.pk for c in contributions]).delete()
            transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
        participant_id = participant.pk
        participant.delete()
        audit.record(
            by,
            audit.Action.PARTICIPANT_ERASED,
            atelier=cycle.atelier_key,
            cycle=cycle.pk,
            participant=participant_id,
            contributions=len(contributions),
            kept=bool(keep_contributions),
        )
    return len(contributions)


def contribute(phase, by, *, participant=None, **fields):
    """Add a contribution to the open phase. ``participant`` defaults to the person's own
    participation; a facilitator may record one for an outside participant."""
    cycle = phase.cycle
    own = policy.cycle_participant(by, cycle)
    if participant is None:
        participant = own
    elif participant.cycle_id != cycle.pk or not (participant.is_outside and policy.can_facilitate_cycle(by, cycle)):
        raise Denied(_("You can only record contributions of outside participants of this cycle."))
    if participant is None or not policy.can_view_cycle(by, cycle):
        raise Denied(_("Join the cycle to contribute."))
    if not access.can_post_in(by, cycle.atelier_key):
        raise Denied(_("A coordinator has suspended you in this atelier: you cannot post here for now."))
    with transaction.atomic():
        locked = Phase.objects.select_for_update().get(pk=phase.pk)
        if locked.status != Phase.Status.OPEN or cycle.is_closed:
            raise Denied(_("This phase is closed: contributions go to the current phase."))
        contribution = Contribution(cycle=cycle, phase=locked, participant=participant, recorded_by=by, **fields)
        if fields.get("shareable"):
            contribution.shareable_changed_at = timezone.now()
        contribution.save()
        log(cycle, by, Activity.Action.CONTRIBUTED, locked)
    return contribution


def _ordered_phases(cycle):
    return list(Phase.objects.filter(cycle=cycle).select_related("loop").order_by("loop__number", "position"))


def advance(cycle, expected_phase_id, by, *, close_cycle=False):
    """Close the open phase and open the next one (after reflect: the plan of a new loop, or
    close the cycle). The cycle row is locked first, so of two facilitators who confirm at the
    same moment exactly one advances; the other finds the phase they saw no longer open."""
    if not policy.can_facilitate_cycle(by, cycle):
        raise Denied(_("Only the facilitator can advance the phase."))
    with transaction.atomic():
        locked_cycle = LearningCycle.objects.select_for_update().get(pk=cycle.pk)
        if locked_cycle.is_closed:
            raise Denied(_("This cycle is closed."))
        phases = _ordered_phases(locked_cycle)
        current = next((p for p in phases if p.status == Phase.Status.OPEN), None)
        if current is None or current.pk != int(expected_phase_id):
            raise Denied(_("This phase has already been advanced by someone else. Look at the current phase."))
        now = timezone.now()
        current.status, current.closed_at = Phase.Status.CLOSED, now
        current.save(update_fields=["status", "closed_at"])
        log(locked_cycle, by, Activity.Action.ADVANCED, current)
        last_of_loop = not any(p.loop_id == current.loop_id and p.position > current.position for p in phases)
        if close_cycle and last_of_loop:
            locked_cycle.closed_at = now
            locked_cycle.save(update_fields=["closed_at"])
            log(locked_cycle, by, Activity.Action.CLOSED)
            return None
        index = phases.index(current)
        if index + 1 < len(phases):
            following = phases[index + 1]
        else:
            loop = _new_loop(locked_cycle, current.loop.number + 1)
            following = _first_phase(loop)
        following.status, following.opened_at, following.closed_at = Phase.Status.OPEN, now, None
        if following.starts_on is None:
            following.starts_on = timezone.localdate()
        following.save()
        return following


def reopen(cycle, phase_id, by):
    """Reopen the phase closed last (the one before the current phase); the current one goes
    back to "not started" and keeps its contributions."""
    if not policy.can_facilitate_cycle(by, cycle):
        raise Denied(_("Only the facilitator can reopen a phase."))
    with transaction.atomic():
        locked_cycle = LearningCycle.objects.select_for_update().get(pk=cycle.pk)
        phases = _ordered_phases(locked_cycle)
        current = next((p for p in phases if p.status == Phase.Status.OPEN), None)
        closed = [p for p in phases if p.status == Phase.Status.CLOSED]
        target = next((p for p in phases if p.pk == int(phase_id)), None)
        if target is None or not closed or closed[-1] != target:
            raise Denied(_("Only the phase closed last can be reopened."))
        if current is not None:
            current.status, current.opened_at = Phase.Status.PENDING, None
            current.save(update_fields=["status", "opened_at"])
        if locked_cycle.is_closed:
            locked_cycle.closed_at = None
            locked_cycle.save(update_fields=["closed_at"])
        target.status, target.closed_at, target.opened_at = Phase.Status.OPEN, None, timezone.now()
        target.save(update_fields=["status", "closed_at", "opened_at"])
        log(locked_cycle, by, Activity.Action.REOPENED, target)
        return target


@transaction.atomic
def update_phase(phase, by, *, goal, starts_on, ends_on, summary):
    if not policy.can_facilitate_cycle(by, phase.cycle):
        raise Denied(_("Only the facilitator can change a phase."))
    if starts_on and ends_on and ends_on < starts_on:
        raise Denied(_("The phase cannot end before it starts."))
    summary_changed = summary != phase.summary
    phase.goal, phase.starts_on, phase.ends_on, phase.summary = goal, starts_on, ends_on, summary
    phase.save()
    if summary_changed:
        log(phase.cycle, by, Activity.Action.SUMMARISED, phase)
    return phase


def score_values(loop, by, scores, anonymous=False):
    """``scores``: {CompassValue: (score, comment)}. Allowed while the loop's scoring step (reflect
    in plan-do-reflect, check in the value circle) is open; scoring again replaces the person's
    earlier scores of that loop. ``anonymous``: the comments are shown to the other participants
    without the person's name."""
    cycle = loop.cycle
    participant = policy.cycle_participant(by, cycle)
    if participant is None or not policy.can_view_cycle(by, cycle):
        raise Denied(_("Join the cycle to score the values."))
    if not access.can_post_in(by, cycle.atelier_key):
        raise Denied(_("A coordinator has suspended you in this atelier: you cannot post here for now."))
    with transaction.atomic():
        reflect = (
            Phase.objects.select_for_update().select_related("step").filter(loop=loop, step__scores_values=True).first()
        )
        if reflect is None or reflect.status != Phase.Status.OPEN:
            step = reflect.name if reflect else _("Reflect")
            raise Denied(_("Values are scored while the step “%(step)s” is open.") % {"step": step})
        for value, (score, comment) in scores.items():
            if value.cycle_id != cycle.pk:
                raise Denied(_("This value is not part of the cycle's compass."))
            ValueScore.objects.update_or_create(
                loop=loop,
                value=value,
                participant=participant,
                defaults={"score": score, "comment": comment, "anonymous": anonymous, "updated_at": timezone.now()},
            )
        log(cycle, by, Activity.Action.SCORED, reflect)


@transaction.atomic
def set_shareable(contribution, by, shareable):
    """Only the author (the member whose contribution it is) gives or withdraws consent; for an
    outside participant the facilitator records it. A withdrawn story drops out of every report
    the next time that report is shown."""
    participant = contribution.participant
    own = participant is not None and participant.user_id == by.pk
    recorded = (
        participant is not None and participant.is_outside and policy.can_facilitate_cycle(by, contribution.cycle)
    )
    if not (own or recorded):
        raise Denied(_("Only the author can change whether a contribution may be shared."))
    if contribution.shareable != shareable:
        contribution.shareable = shareable
        contribution.shareable_changed_at = timezone.now()
        contribution.save(update_fields=["shareable", "shareable_changed_at"])
        log(contribution.cycle, by, Activity.Action.CONSENT, contribution.phase)
        if not shareable:
            ask_again_after_change(contribution)
    return contribution


EDITABLE_CONTRIBUTION_FIELDS = ("body", "image_alt", "transcript")


@transaction.atomic
def edit_contribution(contribution, by, **texts):
    """The author changes the texts of a contribution; the earlier texts go to its history and
    it shows as edited."""
    from .models import ContributionRevision

    contribution = (
        Contribution.objects.select_for_update(of=("self",)).select_related("participant").get(pk=contribution.pk)
    )
    if not contribution.is_author(by):
        raise Denied(_("Only the author can change this contribution."))
    changed = {
        name: value
        for name, value in texts.items()
        if name in EDITABLE_CONTRIBUTION_FIELDS and getattr(contribution, name) != value
    }
    if not changed:
        return contribution
    ContributionRevision.objects.create(
        contribution=contribution,
        edited_by=by,
        content={name: getattr(contribution, name) for name in EDITABLE_CONTRIBUTION_FIELDS},
    )
    for name, value in changed.items():
        setattr(contribution, name, value)
    contribution.edited_at = timezone.now()
    contribution.save()
    return contribution


@transaction.atomic
def remove_contribution(contribution, by):
    """The author removes a contribution: the row, its history and its files go (reports made
    from it leave it out the next time they are shown, as with a withdrawn consent)."""
    contribution = (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("participant")
        .filter(pk=contribution.pk)
        .first()
    )
    if contribution is None:
        return
    if not contribution.is_author(by):
        raise Denied(_("Only the author can remove this contribution."))
    files = [(field.storage, field.name) for field in (contribution.image, contribution.audio) if field]
    contribution.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
