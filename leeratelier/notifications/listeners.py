"""The events this component listens to, turned into notifications. Each event has a key
(``event=``) that is the same however often it is saved or sent, so each person hears of it
once. Model saves are heard through ``post_save`` inside the saving transaction (the outbox row
commits or rolls back with the event); the components' own signals (``meeting_changed``,
``member_mentioned``, ``join_decided``, ``phase_closing``) are sent by their services."""

import hashlib

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from cycles import events as cycle_events
from cycles.models import NarrativeReport, Participant, Phase
from leeratelier.ateliers import events as atelier_events
from leeratelier.ateliers.models import ExpertMeetingPage, Registration
from leeratelier.cases import events as case_events
from leeratelier.cases.models import Case, Reflection, Report

from . import services


def _meeting_atelier_key(meeting):
    atelier = meeting.atelier
    return atelier.translation_key if atelier else None


MEETING_PUBLISHED_TASK = "leeratelier.notifications.tasks.tell_meeting_published"


@receiver(page_published, sender=ExpertMeetingPage)
def meeting_published(sender, instance, revision=None, **kwargs):
    """The first publication of a meeting is told to the atelier's members by a background task
    (queued once the publication is committed; ids only in the broker): telling a big atelier
    costs a few queries per member, which the editor's request should not wait for."""
    from django.db import transaction

    meeting_id, by_id = instance.pk, getattr(revision, "user_id", None)
    transaction.on_commit(lambda: _queue_meeting_published(meeting_id, by_id))


def _queue_meeting_published(meeting_id, by_id):
    from django_q.tasks import async_task

    async_task(MEETING_PUBLISHED_TASK, meeting_id, by_id, task_name=f"meeting-published-{meeting_id}")


def tell_meeting_published(meeting_id, by_id=None):
    """The task's work: each member hears of the meeting once (of either language version: the
    key is the meeting's translation key, so publishing again, translating, or the task running
    twice tells nobody twice). A meeting unpublished, past or gone meanwhile tells nobody."""
    from django.contrib.auth import get_user_model

    meeting = ExpertMeetingPage.objects.live().filter(pk=meeting_id).first()
    if meeting is None or meeting.is_past:
        return 0
    atelier_key = _meeting_atelier_key(meeting)
    if atelier_key is None:
        return 0
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    made = services.notify(
        "meeting-published",
        meeting,
        services.active_members(atelier_key),
        event=meeting.translation_key,
        atelier_key=atelier_key,
        by=by,
    )
    return len(made)


@receiver(atelier_events.meeting_changed)
def meeting_changed(sender, meeting, change, **kwargs):
    """Members hear of a moved or cancelled meeting. Those registered hear of it in the site
    only: the meetings component already emails them the new calendar file."""
    atelier_key = _meeting_atelier_key(meeting)
    if atelier_key is None:
        return
    if change == "cancelled":
        event = f"{meeting.translation_key}:cancelled"
    else:
        where = hashlib.sha256(f"{meeting.venue}|{meeting.online_url}".encode()).hexdigest()[:12]
        event = f"{meeting.translation_key}:moved:{meeting.start.isoformat()}:{meeting.end.isoformat()}:{where}"
    registered_ids = set(
        Registration.objects.filter(meeting_key=meeting.translation_key, user__isnull=False)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("user_id", flat=True)
    )
    members = services.active_members(atelier_key)
    from django.contrib.auth import get_user_model

    registrants = list(get_user_model().objects.filter(pk__in=registered_ids, is_active=True).select_related("profile"))
    common = {"event": event, "atelier_key": atelier_key, "variant": change}
    services.notify("meeting-changed", meeting, [u for u in members if u.pk not in registered_ids], **common)
    services.notify("meeting-changed", meeting, registrants, send_email=False, **common)


@receiver(post_save, sender=Case)
def case_posted(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    services.notify(
        "case-new",
        instance,
        services.active_members(instance.atelier_key),
        event=instance.pk,
        atelier_key=instance.atelier_key,
        by=instance.author,
    )


@receiver(post_save, sender=Reflection)
def reflection_posted(sender, instance, created, raw=False, **kwargs):
    """The case's author hears of a new reflection; the author of the reflection it replies to
    hears of the reply (once: the case's author who is also that author hears it once)."""
    if not created or raw:
        return
    case = instance.case
    services.notify(
        "case-reflection", instance, [case.author], event=instance.pk, atelier_key=case.atelier_key, by=instance.author
    )
    parent = instance.reply_to if instance.reply_to_id else None
    if parent is not None and parent.author_id and parent.author_id != case.author_id:
        services.notify(
            "case-reply", instance, [parent.author], event=instance.pk, atelier_key=case.atelier_key, by=instance.author
        )


@receiver(case_events.member_mentioned)
def member_mentioned(sender, post, user, by, **kwargs):
    case = post.case
    services.notify("mention", post, [user], event=post.pk, atelier_key=case.atelier_key, by=by)


@receiver(post_save, sender=Report)
def post_reported(sender, instance, created, raw=False, **kwargs):
    """Every report of a post in an atelier (a case, a reflection, a cycle contribution, a method
    experience) reaches that atelier's coordinators from here only: one notification each and
    one email as they chose. A report with no atelier is for the site editors' queue."""
    if not created or raw:
        return
    atelier_key = instance.moderated_in()
    if atelier_key is None:
        return
    services.notify(
        "post-reported",
        instance,
        services.active_members(atelier_key, coordinators_only=True),
        event=instance.pk,
        atelier_key=atelier_key,
        by=instance.reporter,
    )


def _participants(phase):
    return [
        p.user
        for p in Participant.objects.filter(cycle=phase.cycle_id, user__isnull=False).select_related("user__profile")
    ]


@receiver(post_save, sender=Phase)
def phase_opened(sender, instance, raw=False, **kwargs):
    if raw or instance.status != Phase.Status.OPEN or instance.opened_at is None:
        return
    cycle = instance.cycle
    services.notify(
        "cycle-phase",
        instance,
        _participants(instance),
        variant="opened",
        atelier_key=cycle.atelier_key,
        event=f"{instance.pk}:opened:{instance.opened_at.timestamp():.0f}",
    )


@receiver(cycle_events.phase_closing)
def phase_closing(sender, phase, users, **kwargs):
    services.notify(
        "cycle-phase",
        phase,
        users,
        variant="closing",
        atelier_key=phase.cycle.atelier_key,
        event=f"{phase.pk}:closing",
    )


@receiver(post_save, sender=NarrativeReport)
def report_published(sender, instance, raw=False, **kwargs):
    if raw or instance.status != NarrativeReport.Status.PUBLISHED:
        return
    services.notify(
        "report-published",
        instance,
        services.active_members(instance.atelier_key),
        event=instance.pk,
        atelier_key=instance.atelier_key,
        by=instance.created_by,
    )


@receiver(atelier_events.join_decided)
def join_decided(sender, membership, approved, **kwargs):
    services.notify(
        "join-decided",
        membership,
        [membership.user],
        variant="approved" if approved else "declined",
        event=f"{membership.pk}:{membership.decided_at.timestamp():.0f}",
        atelier_key=membership.atelier_key,
    )
