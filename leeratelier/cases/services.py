"""The rules of the case-based reasoning cycle: post (and retrieve), reflect (reuse, revise),
retain the lesson; edit with history, remove with a placeholder, report and moderate. Every
function checks the right through leeratelier.core.access and runs in one transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leeratelier.core import access, audit

from .models import Case, PostRevision, Pseudonym, Reflection, Report

CASE_TEXT_FIELDS = ("title", "situation", "question", "done_so_far")


class Denied(Exception):
    """A rule said no; ``str(error)`` is a message for the person, in their language."""


def _require(allowed, message):
    if not allowed:
        raise Denied(message)


def pseudonym_for(atelier_key, user, name):
    """The user's pseudonym in an atelier: created on first use, then kept."""
    if not name:
        return None
    pseudonym, created = Pseudonym.objects.get_or_create(atelier_key=atelier_key, user=user, defaults={"name": name})
    if not created and pseudonym.name != name:
        raise Denied(_("You already post under another pseudonym in this atelier."))
    return pseudonym


@transaction.atomic
def post_case(atelier, author, *, themes=(), pseudonym_name="", **fields):
    _require(atelier.translation_key in access.atelier_roles(author), _("Only members of this atelier can post a case here."))
    _require(fields.get("anonymised_confirmed"), _("Confirm that the case is anonymised."))
    if Pseudonym.objects.filter(atelier_key=atelier.translation_key, name=pseudonym_name).exclude(user=author).exists():
        raise Denied(_("Someone else already uses this pseudonym in this atelier."))
    case = Case(atelier_key=atelier.translation_key, author=author, **fields)
    case.pseudonym = pseudonym_for(atelier.translation_key, author, pseudonym_name)
    case.save()
    case.themes.set(themes)
    return case


def _snapshot(post, names):
    return {name: getattr(post, name) for name in names}


@transaction.atomic
def edit_case(case, editor, **changes):
    _require(case.author_id == editor.pk and not case.is_removed, _("Only the author can edit this case."))
    PostRevision.objects.create(case=case, edited_by=editor, content=_snapshot(case, CASE_TEXT_FIELDS))
    for name, value in changes.items():
        setattr(case, name, value)
    case.edited_at = timezone.now()
    case.save()
    return case


@transaction.atomic
def remove_case(case, by):
    """The author removes their case: the content goes, the thread stays readable."""
    _require(case.author_id == by.pk, _("Only the author can remove this case."))
    PostRevision.objects.filter(case=case).delete()
    for name in ("situation", "question", "done_so_far", "lesson_learned", "lesson_next_time", "public_summary"):
        setattr(case, name, "")
    case.title = ""
    case.public_status = Case.PublicStatus.NONE
    case.removed_at = timezone.now()
    case.save()
    return case


@transaction.atomic
def reflect(case, author, kind, body, reply_to=None, quotes=None, pseudonym_name=""):
    _require(access.can_view_case(author, case) and not case.is_removed, _("You cannot reflect on this case."))
    for other in (reply_to, quotes):
        _require(other is None or other.case_id == case.pk, _("You can only reply to reflections on this case."))
    reflection = Reflection.objects.create(
        case=case, author=author, kind=kind, body=body, reply_to=reply_to, quotes=quotes,
        pseudonym=pseudonym_for(case.atelier_key, author, pseudonym_name),
    )
    if case.stage == Case.Stage.OPEN:
        Case.objects.filter(pk=case.pk).update(stage=Case.Stage.REFLECTING)
        case.stage = Case.Stage.REFLECTING
    return reflection


@transaction.atomic
def edit_reflection(reflection, editor, body):
    _require(reflection.author_id == editor.pk and not reflection.is_removed, _("Only the author can edit this reflection."))
    PostRevision.objects.create(reflection=reflection, edited_by=editor, content={"body": reflection.body})
    reflection.body = body
    reflection.edited_at = timezone.now()
    reflection.save()
    return reflection


@transaction.atomic
def remove_reflection(reflection, by):
    _require(reflection.author_id == by.pk, _("Only the author can remove this reflection."))
    PostRevision.objects.filter(reflection=reflection).delete()
    reflection.body = ""
    reflection.removed_at = timezone.now()
    reflection.save()
    return reflection


def mark_helpful(reflection, by, helpful=True):
    _require(reflection.case.author_id == by.pk, _("Only the author of the case marks reflections as helpful."))
    Reflection.objects.filter(pk=reflection.pk).update(helpful=helpful)
    reflection.helpful = helpful
    return reflection


@transaction.atomic
def retain_lesson(case, by, learned, next_time):
    _require(case.author_id == by.pk, _("Only the author can close the cycle of this case."))
    _require(learned.strip(), _("Write what you learned."))
    case.lesson_learned, case.lesson_next_time = learned, next_time
    case.stage = Case.Stage.RETAINED
    case.retained_at = timezone.now()
    case.save()
    return case


@transaction.atomic
def request_public_summary(case, by, summary):
    _require(case.author_id == by.pk, _("Only the author can propose a public summary."))
    _require(summary.strip(), _("Write the anonymised summary first."))
    case.public_summary = summary
    case.public_status = Case.PublicStatus.PENDING
    case.save()
    return case


@transaction.atomic
def approve_public_summary(case, by):
    _require(access.can_moderate_case(by, case), _("Only a coordinator of this atelier can approve a public summary."))
    _require(case.public_status == Case.PublicStatus.PENDING, _("There is no summary waiting for approval."))
    case.public_status = Case.PublicStatus.APPROVED
    case.public_approved_by = by
    case.save()
    return case


@transaction.atomic
def report(post, reporter, reason, note=""):
    """Report a case or reflection. Identifiable client data hides it at once."""
    case = post if isinstance(post, Case) else post.case
    _require(access.can_view_case(reporter, case), _("You cannot report this post."))
    created = Report.objects.create(
        reporter=reporter, reason=reason, note=note,
        **({"case": post} if isinstance(post, Case) else {"reflection": post}),
    )
    if reason == Report.Reason.IDENTIFIABLE and not post.is_hidden:
        post.hidden_at = timezone.now()
        post.hidden_reason = str(Report.Reason.IDENTIFIABLE.label)
        post.save(update_fields=["hidden_at", "hidden_reason"])
    audit.record(reporter, audit.Action.MODERATION_REPORT, post, case.atelier_key, report=created.pk, reason=reason, hidden=post.is_hidden)
    return created


@transaction.atomic
def hide(post, by, reason):
    case = post if isinstance(post, Case) else post.case
    _require(access.can_moderate_case(by, case), _("Only a coordinator of this atelier can hide posts."))
    _require(reason.strip(), _("Give a reason: the author sees it."))
    post.hidden_at, post.hidden_reason, post.hidden_by = timezone.now(), reason, by
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    audit.record(by, audit.Action.MODERATION_HIDE, post, case.atelier_key)
    return post


@transaction.atomic
def restore(post, by):
    case = post if isinstance(post, Case) else post.case
    _require(access.can_moderate_case(by, case), _("Only a coordinator of this atelier can restore posts."))
    post.hidden_at, post.hidden_reason, post.hidden_by = None, "", None
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    Report.objects.filter(**({"case": post} if isinstance(post, Case) else {"reflection": post}), resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )
    audit.record(by, audit.Action.MODERATION_RESTORE, post, case.atelier_key)
    return post
