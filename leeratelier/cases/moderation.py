"""Moderation that closes the loop, for every kind of post that can be reported.

Cases and reflections are this component's own posts (services.report / hide / restore).
Other components' posts (a cycle contribution, a method experience) are reported with the same
``Report`` model and flow: a component registers what it offers with ``register_reportable``
from its ``AppConfig.ready`` (the cases component names no other component).

Closing the loop, through the outbox, naming the atelier and the kind of post only:
- the author of a hidden post is told that it was hidden, with a link to the post, where they
  (and only they and the moderators) read why; never who reported it;
- each reporter is told the outcome once the report is decided (hidden, or kept visible);
- the coordinators of the post's atelier are told of a new report of any kind of post by the
  notifications component alone (its listener on ``Report``: a notification in the site and an
  email as each coordinator chose), so nobody gets it twice; site editors have one queue of
  every open report.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leeratelier.ateliers.services import atelier_name
from leeratelier.core import access, audit, outbox

from .models import Case, Reflection, Report

REPORTS_TO_HIDE = 3
HIDDEN_KIND = "moderation-post-hidden"
OUTCOME_KIND = "moderation-report-outcome"
HIDDEN, KEPT = "hidden", "kept"


class Denied(Exception):
    """A rule said no; ``str(error)`` is a message for the person, in their language."""


@dataclass(frozen=True)
class Reportable:
    kind: str  # in URLs: /<kind>/<id>/report/
    model: type
    label: object  # "a contribution to a learning cycle" (lazy)
    atelier_key_of: Callable  # post -> the atelier whose coordinators moderate it, or None
    author_of: Callable  # post -> the user who wrote it, or None
    can_report: Callable  # (user, post) -> bool: whoever may read it
    path_of: Callable  # post -> where it is shown (for its author and the moderators)
    related: tuple = ()  # select_related for lists of them (what atelier_key_of and path_of read)


_reportables: dict[str, Reportable] = {}

CASE_LABEL = gettext_lazy("a case")
REFLECTION_LABEL = gettext_lazy("a reflection")


def register_reportable(kind, model, label, *, atelier_key_of, author_of, can_report, path_of, related=()):
    _reportables[kind] = Reportable(kind, model, label, atelier_key_of, author_of, can_report, path_of, tuple(related))
    return _reportables[kind]


def reportable(kind):
    return _reportables.get(kind)


def reportable_kinds():
    return tuple(_reportables)


def kind_of(post):
    if isinstance(post, Case):
        return "case"
    if isinstance(post, Reflection):
        return "reflection"
    for item in _reportables.values():
        if isinstance(post, item.model):
            return item.kind
    raise LookupError(f"{type(post).__name__} cannot be reported")


def _generic(post):
    return {"content_type": ContentType.objects.get_for_model(type(post)), "object_id": post.pk}


def reports_of(post):
    """The Report rows of any post (a case, a reflection or a registered kind)."""
    if isinstance(post, Case):
        return Report.objects.filter(case=post)
    if isinstance(post, Reflection):
        return Report.objects.filter(reflection=post)
    return Report.objects.filter(**_generic(post))


def atelier_key_of(post):
    if isinstance(post, Case):
        return post.atelier_key
    if isinstance(post, Reflection):
        return post.case.atelier_key
    return _reportables[kind_of(post)].atelier_key_of(post)


def author_of(post):
    if isinstance(post, (Case, Reflection)):
        return post.author
    return _reportables[kind_of(post)].author_of(post)


def path_of(post):
    if isinstance(post, Case):
        return reverse("cases:detail", args=[post.pk])
    if isinstance(post, Reflection):
        return reverse("cases:detail", args=[post.case_id]) + f"#reflection-{post.pk}"
    return _reportables[kind_of(post)].path_of(post)


def label_of(kind):
    if kind == "case":
        return CASE_LABEL
    if kind == "reflection":
        return REFLECTION_LABEL
    item = _reportables.get(kind)
    return item.label if item else gettext_lazy("a post")


def can_moderate(user, post):
    """The coordinators of the post's atelier; site editors while the post has an open report
    (the queue): editors have no reading right inside an atelier beyond that."""
    if access.can_moderate_atelier(user, atelier_key_of(post)):
        return True
    return access.can_use_moderation_queue(user) and reports_of(post).filter(resolved_at__isnull=True).exists()


# --- reporting another component's post ------------------------------------------------------------


@transaction.atomic
def report(post, reporter, reason, note=""):
    """Report a registered kind of post: as cases.services.report does for cases. Identifiable
    client data hides it at once, and so do reports by REPORTS_TO_HIDE members; one member
    counts once while their report is open. The atelier's coordinators are emailed."""
    item = _reportables[kind_of(post)]
    if not item.can_report(reporter, post):
        raise Denied(_("You cannot report this post."))
    post = type(post).objects.select_for_update().get(pk=post.pk)
    open_reports = reports_of(post).filter(resolved_at__isnull=True)
    earlier = open_reports.filter(reporter=reporter).first()
    if earlier is not None:
        return earlier
    atelier_key = item.atelier_key_of(post)
    created = Report.objects.create(
        reporter=reporter, reason=reason, note=note, atelier_key=atelier_key, **_generic(post)
    )
    if not post.is_hidden:
        reporters = open_reports.exclude(reporter=None).values("reporter").distinct().count()
        if reason == Report.Reason.IDENTIFIABLE:
            hide_until_decided(post, Report.Reason.IDENTIFIABLE.label)
        elif reporters >= REPORTS_TO_HIDE:
            hide_until_decided(post, _("Reported by several members"))
    audit.record(
        reporter,
        audit.Action.MODERATION_REPORT,
        post,
        atelier_key,
        report=created.pk,
        reason=reason,
        hidden=post.is_hidden,
    )
    return created


def hide_until_decided(post, reason):
    """Hidden by the reports themselves (no moderator yet); the author is told."""
    post.hidden_at = timezone.now()
    post.hidden_reason = str(reason)
    post.save(update_fields=["hidden_at", "hidden_reason"])
    tell_author_hidden(post)


# --- decisions -------------------------------------------------------------------------------------


@transaction.atomic
def hide(post, by, reason):
    """Hide a post with a reason its author reads; open reports are decided "hidden"."""
    if not can_moderate(by, post):
        raise Denied(_("Only a coordinator of this atelier can hide posts."))
    if not reason.strip():
        raise Denied(_("Give a reason: the author sees it."))
    # The state as it is now, locked: two moderators deciding at once tell the author once.
    fresh = type(post).objects.select_for_update().values("hidden_at", "hidden_reason").get(pk=post.pk)
    post.hidden_at, post.hidden_reason = fresh["hidden_at"], fresh["hidden_reason"]
    was_hidden_at = post.hidden_at
    post.hidden_at, post.hidden_reason, post.hidden_by = post.hidden_at or timezone.now(), reason, by
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    if was_hidden_at is None:
        tell_author_hidden(post)
    resolve_reports(post, by, HIDDEN)
    audit.record(by, audit.Action.MODERATION_HIDE, post, atelier_key_of(post))
    return post


@transaction.atomic
def restore(post, by):
    """Show a post again (or keep it visible); open reports are decided "kept"."""
    if not can_moderate(by, post):
        raise Denied(_("Only a coordinator of this atelier can restore posts."))
    post.hidden_at, post.hidden_reason, post.hidden_by = None, "", None
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    resolve_reports(post, by, KEPT)
    audit.record(by, audit.Action.MODERATION_RESTORE, post, atelier_key_of(post))
    return post


def resolve_reports(post, by, outcome):
    """Decide the post's open reports and tell each reporter the outcome, once per report."""
    from leeratelier.ateliers.services import preferred_language

    now = timezone.now()
    reports = list(reports_of(post).filter(resolved_at__isnull=True).select_related("reporter"))
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(resolved_at=now, resolved_by=by, outcome=outcome)
    for item in reports:
        reporter = item.reporter
        if reporter is None or not reporter.is_active or not reporter.email:
            continue
        outbox.enqueue(
            key=f"{OUTCOME_KIND}:{item.pk}",
            kind=OUTCOME_KIND,
            recipient=reporter.email,
            language=preferred_language(reporter),
            context={"report": item.pk},
        )


def tell_author_hidden(post):
    """Email the author that their post was hidden: the atelier, the kind of post and a link;
    the reason is on the post (for them), never who reported it."""
    from leeratelier.ateliers.services import preferred_language

    author = author_of(post)
    if author is None or not author.is_active or not author.email:
        return
    kind = kind_of(post)
    outbox.enqueue(
        key=f"{HIDDEN_KIND}:{kind}:{post.pk}:{post.hidden_at.timestamp():.0f}",
        kind=HIDDEN_KIND,
        recipient=author.email,
        language=preferred_language(author),
        context={"kind": kind, "post": post.pk, "atelier": str(atelier_key_of(post) or "")},
    )


# --- the site editors' queue ---------------------------------------------------------------------


def open_report_rows(atelier_key=None, kinds=None):
    """Every open report, one row per reported post, oldest first: {"kind", "post", "reports",
    "reporters", "atelier_key", "path"}. For one atelier's coordinators pass its key. A fixed
    number of queries: the open reports, and one per kind of post for the posts themselves."""
    from django.db.models import Q

    reports = Report.objects.filter(resolved_at__isnull=True).select_related("case", "reflection", "reflection__case")
    if atelier_key is not None:
        reports = reports.filter(
            Q(case__atelier_key=atelier_key) | Q(reflection__case__atelier_key=atelier_key) | Q(atelier_key=atelier_key)
        )
    reports = list(reports.order_by("created_at", "pk"))
    generic_ids = {}
    for item in reports:
        if item.content_type_id:
            generic_ids.setdefault(item.content_type_id, set()).add(item.object_id)
    generic_posts = {}
    for content_type_id, ids in generic_ids.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        related = next((item.related for item in _reportables.values() if item.model is model), ())
        for post in model.objects.filter(pk__in=ids).select_related(*related):
            generic_posts[(content_type_id, post.pk)] = post
    rows = {}
    for item in reports:
        if item.case_id:
            post, kind = item.case, "case"
        elif item.reflection_id:
            post, kind = item.reflection, "reflection"
        else:
            post = generic_posts.get((item.content_type_id, item.object_id))
            if post is None:
                continue
            kind = kind_of(post)
        if kinds is not None and kind not in kinds:
            continue
        row = rows.setdefault((kind, post.pk), {"kind": kind, "post": post, "reports": [], "label": label_of(kind)})
        row["reports"].append(item)
    result = list(rows.values())
    for row in result:
        row["reporters"] = len({r.reporter_id for r in row["reports"]})
        row["atelier_key"] = atelier_key_of(row["post"])
        row["path"] = path_of(row["post"])
        row["html"] = _post_html(row["post"])
    return result


def _post_html(post):
    for name in ("body_html", "text_html", "question_html"):
        if hasattr(post, name):
            return getattr(post, name)
    return ""


def find_post(kind, post_id):
    """The post of a kind by id, or None."""
    if kind == "case":
        return Case.objects.filter(pk=post_id).first()
    if kind == "reflection":
        return Reflection.objects.select_related("case").filter(pk=post_id).first()
    item = _reportables.get(kind)
    return item.model.objects.filter(pk=post_id).first() if item else None


# --- what the emails show --------------------------------------------------------------------------


def _absolute(path):
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def hidden_context(email):
    kind, language = email.context["kind"], email.language
    post = find_post(kind, email.context["post"])
    with translation.override(language):
        url = _absolute(path_of(post)) if post is not None else ""
    return {"atelier": atelier_name(email.context.get("atelier"), language), "kind_label": label_of(kind), "url": url}


def outcome_context(email):
    item = Report.objects.select_related("case", "reflection__case").get(pk=email.context["report"])
    if item.case_id:
        kind, key = "case", item.case.atelier_key
    elif item.reflection_id:
        kind, key = "reflection", item.reflection.case.atelier_key
    else:
        post = ContentType.objects.get_for_id(item.content_type_id).get_object_for_this_type(pk=item.object_id)
        kind, key = kind_of(post), item.atelier_key
    return {
        "atelier": atelier_name(key, email.language),
        "kind_label": label_of(kind),
        "hidden": item.outcome == HIDDEN,
    }


outbox.register_kind(HIDDEN_KIND, hidden_context)
outbox.register_kind(OUTCOME_KIND, outcome_context)


# --- texts saved despite a privacy warning ---------------------------------------------------------

SAVED_DESPITE_WARNING_SHOWN = 50


def saved_despite_warning_rows(atelier_key=None, limit=SAVED_DESPITE_WARNING_SHOWN):
    """The latest texts saved although the privacy check warned: for an atelier's coordinators
    (their atelier's cases, reflections, lessons, summaries and cycle contributions), or with
    ``atelier_key`` None for the site editors (method experiences and pioneer practices, which
    belong to no atelier). Rows {"record", "post", "path", "label"}; a post that is gone since is
    left out. A fixed number of queries: the records, and one per kind of post."""
    from leeratelier.core.models import SavedDespiteWarning
    from leeratelier.core.privacy_check import LABELS

    records = list(SavedDespiteWarning.objects.filter(atelier_key=atelier_key)[:limit])
    ids = {}
    for record in records:
        ids.setdefault(record.content_type_id, set()).add(record.object_id)
    posts = {}
    for content_type_id, pks in ids.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        query = model.objects.filter(pk__in=pks)
        if model is Reflection:
            query = query.select_related("case")
        for post in query:
            posts[(content_type_id, post.pk)] = post
    rows = []
    for record in records:
        post = posts.get((record.content_type_id, record.object_id))
        if post is None or getattr(post, "is_removed", False):
            continue
        rows.append(
            {
                "record": record,
                "post": post,
                "path": _warning_path(post),
                "found": [str(LABELS[kind]) for kind in record.kinds.split(",") if kind in LABELS],
            }
        )
    return rows


def _warning_path(post):
    try:
        return path_of(post)
    except LookupError:
        page_id = getattr(post, "page_id", None)  # a pioneer submission: its draft page in the admin
        return reverse("wagtailadmin_pages:edit", args=[page_id]) if page_id else ""
