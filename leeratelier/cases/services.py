"""The rules of the case-based reasoning cycle: post (and retrieve), reflect (reuse, revise),
retain the lesson; edit with history, remove with a placeholder, report and moderate. Every
function checks the right through leeratelier.cases.policy and runs in one transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leeratelier.core import access, audit, generations

from . import kept, mentions, moderation, policy
from .models import Attachment, Case, MeetingDiscussion, PostRevision, Pseudonym, Reflection, Report

CASE_TEXT_FIELDS = ("title", "situation", "question", "done_so_far")
# A post reported by this many different members is hidden until a coordinator decides.
REPORTS_TO_HIDE = 3
MAX_ATTACHMENTS = 10


def suspended_message():
    return _("A coordinator has suspended you in this atelier: you cannot post here for now.")


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


def _set_links(case, methods=None, practices=None):
    """Link the case to published methods and practices only (ids of anything else, or pages
    unpublished since the form was shown, are left out)."""
    from leeratelier.pioneers.models import PracticePage
    from leeratelier.toolbox.models import MethodPage

    for field, model, ids in (("methods", MethodPage, methods), ("practices", PracticePage, practices)):
        if ids is not None:
            getattr(case, field).set(list(model.objects.live().public().filter(pk__in=list(ids))))


@transaction.atomic
def post_case(atelier, author, *, themes=(), pseudonym_name="", methods=(), practices=(), **fields):
    _require(
        atelier.translation_key in access.atelier_roles(author), _("Only members of this atelier can post a case here.")
    )
    _require(access.can_post_in(author, atelier), suspended_message())
    _require(fields.get("anonymised_confirmed"), _("Confirm that the case is anonymised."))
    if Pseudonym.objects.filter(atelier_key=atelier.translation_key, name=pseudonym_name).exclude(user=author).exists():
        raise Denied(_("Someone else already uses this pseudonym in this atelier."))
    case = Case(atelier_key=atelier.translation_key, author=author, **fields)
    case.pseudonym = pseudonym_for(atelier.translation_key, author, pseudonym_name)
    case.save()
    case.themes.set(themes)
    _set_links(case, methods, practices)
    return case


def _snapshot(post, names):
    return {name: getattr(post, name) for name in names}


@transaction.atomic
def edit_case(case, editor, methods=None, practices=None, **changes):
    _require(case.author_id == editor.pk and not case.is_removed, _("Only the author can edit this case."))
    _set_links(case, methods, practices)
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
    for attachment in case.attachments.all():
        _delete_file_after_commit(attachment)
    case.attachments.all().delete()
    case.public_status = Case.PublicStatus.NONE
    case.removed_at = timezone.now()
    case.save()
    return case


@transaction.atomic
def reflect(case, author, kind, body, reply_to=None, quotes=None, pseudonym_name="", reuses_lesson_of=None):
    reader = policy.for_reader(author, case)
    _require(reader.may_view and not case.is_removed, _("You cannot reflect on this case."))
    _require(reader.may_reflect, suspended_message())
    for other in (reply_to, quotes):
        _require(other is None or other.case_id == case.pk, _("You can only reply to reflections on this case."))
    _require(
        reuses_lesson_of is None or (reuses_lesson_of.pk != case.pk and policy.can_view_case(author, reuses_lesson_of)),
        _("You can only reuse a lesson of a case you may read."),
    )
    reflection = Reflection.objects.create(
        case=case,
        author=author,
        kind=kind,
        body=body,
        reply_to=reply_to,
        quotes=quotes,
        reuses_lesson_of=reuses_lesson_of,
        pseudonym=pseudonym_for(case.atelier_key, author, pseudonym_name),
    )
    if case.stage == Case.Stage.OPEN:
        Case.objects.filter(pk=case.pk).update(stage=Case.Stage.REFLECTING)
        case.stage = Case.Stage.REFLECTING
    mentions.record_mentions(reflection, author)
    return reflection


@transaction.atomic
def edit_reflection(reflection, editor, body):
    _require(
        reflection.author_id == editor.pk and not reflection.is_removed, _("Only the author can edit this reflection.")
    )
    PostRevision.objects.create(reflection=reflection, edited_by=editor, content={"body": reflection.body})
    reflection.body = body
    reflection.edited_at = timezone.now()
    reflection.save()
    mentions.record_mentions(reflection, editor)  # only people newly mentioned are told
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
    generations.bump(kept.generation(reflection.case_id))  # an update sends no signal (cases.kept)
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
    _require(policy.can_moderate_case(by, case), _("Only a coordinator of this atelier can approve a public summary."))
    _require(case.public_status == Case.PublicStatus.PENDING, _("There is no summary waiting for approval."))
    case.public_status = Case.PublicStatus.APPROVED
    case.public_approved_by = by
    case.save()
    return case


def _of(post):
    return {"case": post} if isinstance(post, Case) else {"reflection": post}


@transaction.atomic
def report(post, reporter, reason, note=""):
    """Report a case or reflection. Identifiable client data hides it at once; so do reports
    of REPORTS_TO_HIDE different members. Reporting the same post again while the first report
    is open changes nothing: one member counts once. The coordinators are told."""
    case = post if isinstance(post, Case) else post.case
    _require(policy.can_view_case(reporter, case), _("You cannot report this post."))
    open_reports = Report.objects.select_for_update().filter(**_of(post), resolved_at__isnull=True)
    earlier = open_reports.filter(reporter=reporter).first()
    if earlier is not None:
        return earlier
    created = Report.objects.create(
        reporter=reporter, reason=reason, note=note, atelier_key=case.atelier_key, **_of(post)
    )
    if not post.is_hidden:
        reporters = open_reports.exclude(reporter=None).values("reporter").distinct().count()
        if reason == Report.Reason.IDENTIFIABLE:
            _hide_until_decided(post, Report.Reason.IDENTIFIABLE.label)
        elif reporters >= REPORTS_TO_HIDE:
            _hide_until_decided(post, _("Reported by several members"))
    audit.record(
        reporter,
        audit.Action.MODERATION_REPORT,
        post,
        case.atelier_key,
        report=created.pk,
        reason=reason,
        hidden=post.is_hidden,
    )
    return created


def _hide_until_decided(post, reason):
    moderation.hide_until_decided(post, reason)  # the author is told


def open_reports(atelier_key):
    """The unresolved reports of an atelier's posts, oldest first (for its coordinators)."""
    from django.db.models import Q

    return (
        Report.objects.filter(resolved_at__isnull=True)
        .filter(Q(case__atelier_key=atelier_key) | Q(reflection__case__atelier_key=atelier_key))
        .select_related("case", "reflection", "reflection__case")
        .order_by("created_at", "pk")
    )


def _may_moderate(by, post):
    """The atelier's coordinators; site editors for a post with an open report (their queue)."""
    return moderation.can_moderate(by, post)


@transaction.atomic
def hide(post, by, reason):
    case = post if isinstance(post, Case) else post.case
    _require(_may_moderate(by, post), _("Only a coordinator of this atelier can hide posts."))
    _require(reason.strip(), _("Give a reason: the author sees it."))
    # The state as it is now, locked: two moderators deciding at once tell the author once.
    fresh = type(post).objects.select_for_update().values("hidden_at", "hidden_reason").get(pk=post.pk)
    post.hidden_at, post.hidden_reason = fresh["hidden_at"], fresh["hidden_reason"]
    was_hidden = post.is_hidden
    post.hidden_at, post.hidden_reason, post.hidden_by = post.hidden_at or timezone.now(), reason, by
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    if not was_hidden:
        moderation.tell_author_hidden(post)
    # Hiding is the coordinator's decision on open reports: each reporter hears the outcome.
    moderation.resolve_reports(post, by, moderation.HIDDEN)
    audit.record(by, audit.Action.MODERATION_HIDE, post, case.atelier_key)
    return post


@transaction.atomic
def restore(post, by):
    case = post if isinstance(post, Case) else post.case
    _require(_may_moderate(by, post), _("Only a coordinator of this atelier can restore posts."))
    post.hidden_at, post.hidden_reason, post.hidden_by = None, "", None
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    moderation.resolve_reports(post, by, moderation.KEPT)
    audit.record(by, audit.Action.MODERATION_RESTORE, post, case.atelier_key)
    return post


def _delete_file_after_commit(attachment):
    """The file goes once the row is gone for good (not when the transaction rolls back)."""
    storage, name = attachment.file.storage, attachment.file.name
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def add_attachment(case, by, upload, kind, original_name, alt_text=""):
    """Attach a file that went through core.uploads (an AttachmentForm's cleaned file)."""
    _require(case.author_id == by.pk and not case.is_removed, _("Only the author can add attachments to this case."))
    _require(
        case.attachments.count() < MAX_ATTACHMENTS,
        _("A case can have at most %(count)s attachments.") % {"count": MAX_ATTACHMENTS},
    )
    _require(kind != Attachment.Kind.IMAGE or alt_text.strip(), _("Describe what the image shows."))
    attachment = Attachment(
        case=case,
        uploaded_by=by,
        kind=kind,
        content_type=upload.content_type,
        original_name=original_name or upload.name,
        alt_text=alt_text.strip(),
        size=upload.size,
    )
    attachment.file.save(upload.name, upload, save=False)
    try:
        attachment.save()
    except Exception:  # no orphan file in private storage when the row is not saved
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def remove_attachment(attachment, by):
    _require(attachment.case.author_id == by.pk, _("Only the author can remove this attachment."))
    _delete_file_after_commit(attachment)
    attachment.delete()


def meetings_of_atelier(atelier_key):
    """The expert meeting pages of an atelier (every language version), newest first."""
    from leeratelier.ateliers.models import AtelierPage, ExpertMeetingPage

    meetings = ExpertMeetingPage.objects.none()
    for atelier in AtelierPage.objects.filter(translation_key=atelier_key):
        meetings |= ExpertMeetingPage.objects.child_of(atelier)
    return meetings.live().order_by("-start")


@transaction.atomic
def link_meeting(case, by, meeting):
    """A coordinator records that the case was discussed at a meeting of the same atelier."""
    _require(policy.can_moderate_case(by, case), _("Only a coordinator of this atelier can link meetings."))
    _require(
        meetings_of_atelier(case.atelier_key).filter(pk=meeting.pk).exists(),
        _("Choose a meeting of this case's atelier."),
    )
    return MeetingDiscussion.objects.get_or_create(
        case=case, meeting_key=meeting.translation_key, defaults={"linked_by": by}
    )[0]


@transaction.atomic
def unlink_meeting(discussion, by):
    _require(policy.can_moderate_case(by, discussion.case), _("Only a coordinator of this atelier can link meetings."))
    discussion.delete()
