"""Views of the case thread: post a case, read it with its reflections, and the actions on it.
Rules live in services.py (a ``Denied`` becomes a message), visibility in
leeratelier.cases.policy. Every POST redirects, so a reload never repeats an action."""

import functools
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from leeratelier.accounts import mfa
from leeratelier.ateliers.models import AtelierPage
from leeratelier.core import access, fragments, once, uploads
from leeratelier.core.i18n import pages_in_active_language
from leeratelier.core.models import Role, SavedDespiteWarning, Track
from leeratelier.core.preview import markdown_preview, wants_preview
from leeratelier.core.privacy_forms import mark_saved_despite_warning, record_saved_despite_warning
from leeratelier.core.ratelimit import rate_limit
from leeratelier.core.views_toolkit import atelier_page, safe_next

from . import chain, kept, moderation, policy, services
from .forms import (
    ApproveSummaryForm,
    AttachmentForm,
    CaseForm,
    EditCaseForm,
    EditReflectionForm,
    HideForm,
    LessonForm,
    PublicSummaryForm,
    ReflectionForm,
    ReportForm,
)
from .library import similar_cases
from .mentions import attach_linked_bodies
from .models import Attachment, Case, MeetingDiscussion, Mention, Pseudonym, Reflection

REFLECTIONS_PER_PAGE = 25
THREAD_ORDER = ("created_at", "id")
MAX_DEPTH = 3  # deeper replies are indented no further, so a long exchange stays readable


# --- lookups ------------------------------------------------------------------------------------


def _atelier_for_members(request, page_id):
    """The atelier, for its members only: a visitor goes to the login page, anyone else gets a
    404 that names nothing (a hidden atelier's title must not leak)."""
    atelier = atelier_page(page_id)
    denied = access.check_page(request, atelier)
    if denied is not None:
        return None, denied
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    if atelier.translation_key not in access.atelier_roles(request.user):
        raise Http404
    return atelier, None


# The search documents are for the database's own searches only: never read into Python (the
# thread's document grows with the thread, 120 kB at 1,000 reflections).
DOCUMENTS = ("search_document", "thread_document")


def _case_or_404(request, case_id):
    case = get_object_or_404(_cases_as_the_page_reads_them(request.user), pk=case_id)
    return case, policy.check_case(request, case)


def _cases_as_the_page_reads_them(user):
    """Cases with their author and pseudonym, the similar cases opened from them (the reasoning
    cycle) and, as subqueries of the same query, what would otherwise cost the case page a query
    each: whether the case names a theme, method or practice, has attachments or was discussed at
    a meeting (the page and the similar-cases panel look those up only when it does), and the
    reader's pseudonym in its atelier. Without the search documents."""
    pseudonym = Pseudonym.objects.filter(atelier_key=OuterRef("atelier_key"), user_id=user.pk).values("name")[:1]
    return _cases_for_every_reader().annotate(
        reader_pseudonym=Coalesce(Subquery(pseudonym, output_field=CharField()), Value(""))
    )


@functools.cache
def _cases_for_every_reader():
    """The part of ``_cases_as_the_page_reads_them`` that is the same for every reader, built
    once per process (building its subqueries took longer than running them); never evaluated
    itself, each request filters a copy."""

    def of_case(model):
        return model.objects.filter(case_id=OuterRef("pk"))

    cases = Case.objects.select_related("author", "pseudonym").defer(*DOCUMENTS)
    return chain.with_cycle_numbers(cases).annotate(
        names_themes=Exists(of_case(Case.themes.through)),
        names_methods=Exists(of_case(Case.methods.through)),
        names_practices=Exists(of_case(Case.practices.through)),
        has_attachments=Exists(of_case(Attachment)),
        was_discussed=Exists(of_case(MeetingDiscussion)),
    )


def _read_with(case, name, otherwise):
    """A value ``_cases_as_the_page_reads_them`` read with the case, or ``otherwise()`` for a case
    loaded another way (through a reflection)."""
    return getattr(case, name) if hasattr(case, name) else otherwise()


def _reflection_or_404(request, reflection_id):
    reflections = Reflection.objects.select_related("case", "author").defer(
        "search_document", *(f"case__{name}" for name in DOCUMENTS)
    )
    reflection = get_object_or_404(reflections, pk=reflection_id)
    return reflection, policy.check_case(request, reflection.case)


def case_view(view):
    """The view gets the case instead of its id, once the access function allows it (a
    visitor goes to the login page, anyone else who may not read it gets a plain 404)."""

    @wraps(view)
    def wrapper(request, case_id, *args, **kwargs):
        case, denied = _case_or_404(request, case_id)
        return denied or view(request, case, *args, **kwargs)

    return wrapper


def reflection_view(view):
    """As case_view, for a reflection (checked through its case)."""

    @wraps(view)
    def wrapper(request, reflection_id, *args, **kwargs):
        reflection, denied = _reflection_or_404(request, reflection_id)
        return denied or view(request, reflection, *args, **kwargs)

    return wrapper


def shows_case_body(request, case):
    """Whether the case's text (and its attachments) show to a reader who may see the case:
    not after removal, and while hidden only to its author and the coordinators (who read it in
    a session signed in with the second factor, as for all moderation)."""
    if case.is_removed:
        return False
    user = request.user
    if not case.is_hidden or case.author_id == user.pk:
        return True
    return policy.can_moderate_case(user, case) and mfa.second_factor_used(request)


def _case_url(case):
    return reverse("cases:detail", args=[case.pk])


def _reflection_url(reflection):
    """The page of the thread that holds the reflection, scrolled to it."""
    page = _page_of(reflection)
    suffix = f"?page={page}" if page > 1 else ""
    return f"{_case_url(reflection.case)}{suffix}#reflection-{reflection.pk}"


def _run(request, action, *args, success=None, **kwargs):
    """Run a service; a rule that says no becomes an error message in the person's language."""
    try:
        result = action(*args, **kwargs)
    except services.Denied as error:
        messages.error(request, str(error))
        return None
    if success:
        messages.success(request, success)
    return result if result is not None else True


# --- posting a case -----------------------------------------------------------------------------


def _run_recorded(request, form, part, action, post, *args, atelier_key=None, **kwargs):
    """``_run`` for a form with the privacy check: the post saved despite a warning is recorded in
    the same transaction, for the coordinators' reports page."""
    with transaction.atomic():
        result = _run(request, action, post, *args, **kwargs)
        if result:
            saved = result if result is not True else post
            record_saved_despite_warning(form, saved, part, request.user, atelier_key)
    return result


def new_case(request, page_id):
    """The case form. Double submit (core.once): the form's one-time token is claimed just before
    saving; a second submit of the same form finds it taken and is sent to the case the first one
    made, so it never creates a second case."""
    atelier, denied = _atelier_for_members(request, page_id)
    if denied:
        return denied
    preview = []
    if request.method == "POST":
        form = CaseForm(request.POST)
        if wants_preview(request):
            preview = markdown_preview(form, "situation", "question", "done_so_far")
        elif form.is_valid():
            previous = once.earlier(request, form)
            if previous:
                if previous != once.PENDING:
                    return redirect("cases:detail", case_id=previous)
                messages.info(request, _("Your case is already being saved."))
                return redirect(atelier.url)
            if once.claim(request, form):
                try:
                    with transaction.atomic():
                        case = services.post_case(atelier, request.user, **form.service_fields())
                        record_saved_despite_warning(
                            form, case, SavedDespiteWarning.Part.CASE, request.user, case.atelier_key
                        )
                except services.Denied as error:
                    once.settle(request, form, None)
                    form.add_error(None, str(error))
                else:
                    once.settle(request, form, case.pk)
                    messages.success(request, _("Your case has been posted."))
                    _tell_dropped_links(request, form)
                    return redirect("cases:detail", case_id=case.pk)
            else:
                messages.info(request, _("Your case is already being saved."))
                return redirect(atelier.url)
    else:
        form = CaseForm()
    return render(
        request,
        "cases/case_form.html",
        {"atelier": atelier, "form": form, "preview": preview},
    )


def _tell_dropped_links(request, form):
    if getattr(form, "dropped_links", 0):
        messages.warning(
            request,
            ngettext(
                "A method or practice you chose is not published (any more), so it was left out.",
                "%(count)s methods or practices you chose are not published (any more), so they were left out.",
                form.dropped_links,
            )
            % {"count": form.dropped_links},
        )


# --- the case page ------------------------------------------------------------------------------


def _first_line(reflection):
    if reflection.is_removed:
        return _("This reflection has been removed.")
    if reflection.is_hidden:
        return _("This reflection has been hidden.")
    lines = [line.strip() for line in strip_tags(reflection.body_html).splitlines() if line.strip()]
    return lines[0] if lines else ""


def _threaded(reflections):
    """The page's reflections in reading order: each reply right under its parent (when the
    parent is on this page), with its depth for indentation."""
    on_page = {r.pk: r for r in reflections}
    children = {}
    roots = []
    for reflection in reflections:
        if reflection.reply_to_id in on_page:
            children.setdefault(reflection.reply_to_id, []).append(reflection)
        else:
            roots.append(reflection)
    ordered = []

    def walk(reflection, depth):
        reflection.depth = min(depth, MAX_DEPTH)
        ordered.append(reflection)
        for child in children.get(reflection.pk, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return ordered


def case_detail(request, case_id):
    """The case page. Access is checked on the case's visibility alone; the page itself is kept
    per reader for a while (cases.kept), and only a reader who finds nothing kept has the case
    loaded whole and the page rendered."""
    case = get_object_or_404(Case.objects.only("pk", "atelier_key", "visibility"), pk=case_id)
    denied = policy.check_case(request, case)
    if denied is not None:
        return denied
    # Opened from the similar-cases panel of another case: "retrieve", recorded for that case.
    chain.record_opened(request, case, request.GET.get("from"))
    main = kept.page(request, case, lambda: _case_main(request, _case_or_404(request, case_id)[0]))
    return fragments.render(request, "cases/case_detail.html", main)


def _case_page(request, case, status=200, **shown_again):
    """The case page, with the form, preview or status of an action shown again (``shown_again``:
    the keyword arguments of ``_case_main``); never kept."""
    main = _case_main(request, case, **shown_again)
    return fragments.render(request, "cases/case_detail.html", main, status=status)


def _case_main(
    request,
    case,
    reflect_form=None,
    attachment_form=None,
    lesson_form=None,
    summary_form=None,
    preview=None,
    preview_for="",
    approve_form=None,
    edit_reflection_form=None,
    editing=None,
    page_number=None,
):
    """``{"page_title", "main_html", "mentions"}``: the case with one page of its thread, its
    forms holding the CSRF placeholder (core.fragments.render puts the reader's token in). A fixed
    number of queries: the case with its author, pseudonym and what else the page needs to know (``_cases_as_the_page_reads_them``),
    the thread's numbers (``chain.thread_numbers``), one query for the page of reflections (authors,
    pseudonyms and quoted reflections joined in), the atelier link and the similar cases; the
    reflections' fragments come from the cache in one round trip."""
    user = request.user
    reader = policy.for_reader(user, case)
    is_author, is_coordinator = reader.is_author, reader.may_moderate
    show_body = shows_case_body(request, case)
    # A coordinator reads hidden posts only in a two-factor session; otherwise a link to confirm.
    unlocked = is_coordinator and mfa.second_factor_used(request)
    marked = _marked_reflection(request, case)
    page_number = page_number or request.GET.get("page")
    if marked is not None and not page_number:
        page_number = _page_of(marked)
    # The thread's length and the reasoning cycle's counts of it, in one pass (the paginator's
    # count is that length: no COUNT query of its own).
    thread_numbers = chain.thread_numbers(case)
    # The page is cut out of the thread's ids, and its reflections read by those ids with their
    # authors, pseudonyms and quoted reflections, in one query: joined before the cut, the whole
    # thread would be joined and sorted (9 ms for the last page of 1,000).
    paginator = Paginator(case.reflections.order_by(*THREAD_ORDER).values_list("pk", flat=True), REFLECTIONS_PER_PAGE)
    paginator.count = thread_numbers["length"]
    page = paginator.get_page(page_number)
    reflections = (
        Reflection.objects.filter(pk__in=page.object_list)
        .select_related("author", "pseudonym", "quotes")
        .defer("search_document", "quotes__search_document", "quotes__body")
        # whether it mentions anyone: the mentions are looked up for those only
        .annotate(mentions_someone=Exists(Mention.objects.filter(reflection_id=OuterRef("pk"))))
        .order_by(*THREAD_ORDER)
    )
    thread = _threaded(list(reflections))
    for reflection in thread:
        reflection.mine = reflection.author_id == user.pk
        reflection.show_body = not reflection.is_removed and (not reflection.is_hidden or reflection.mine or unlocked)
        reflection.quote_line = _first_line(reflection.quotes) if reflection.quotes_id and reflection.quotes else ""
        reflection.edit_form = edit_reflection_form if reflection.pk == editing else None
    attach_linked_bodies([reflection for reflection in thread if reflection.mentions_someone], user)
    if reflect_form is None:
        initial = {}
        for name in ("reply_to", "quotes"):
            value = request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        # "Reuse this lesson": the reflection starts with the other case's lesson as a quote.
        reusing = chain.reusable_lesson(user, request.GET.get("reuse"), case) if not case.is_removed else None
        if reusing is not None:
            initial.update(reuses=reusing.pk, body=chain.lesson_quote(reusing), kind=Reflection.Kind.EXPERIENCE)
        reflect_form = ReflectionForm(initial=initial)
        replying_to, quoting = initial.get("reply_to"), initial.get("quotes")
    else:
        replying_to, quoting = reflect_form["reply_to"].value(), reflect_form["quotes"].value()
        reusing = None
    marked_id = marked.pk if marked is not None else None
    report_form, hide_form = ReportForm(), HideForm()
    # Retrieve, the first step of the cycle: through the search backend and the access function,
    # so the panel lists only cases this reader may see.
    similar = similar_cases(case, user) if not case.is_removed else None
    shared = {
        "case": case,
        "is_author": is_author,
        "is_coordinator": is_coordinator,
        "marked_reflection_id": marked_id,
        "page_obj": page,
        "report_form": report_form,
        "hide_form": hide_form,
    }
    html = render_to_string(
        "cases/includes/case_main.html",
        {
            "csrf_token": fragments.csrf_placeholder(),
            **_page_fragments(thread, shared, reflect_form, similar),
            "case": case,
            "reader": reader,
            "atelier_url": _atelier_url(case),
            "is_author": is_author,
            "is_coordinator": is_coordinator,
            "show_case_body": show_body,
            "second_factor_url": mfa.second_factor_url(request) if is_coordinator and not unlocked else "",
            "attachments": list(case.attachments.all())
            if show_body and _read_with(case, "has_attachments", lambda: True)
            else [],
            # The author's own forms (attachments, lesson, public summary): for the author only.
            "attachment_form": attachment_form or (AttachmentForm() if is_author else None),
            "role_labels": [Role(value).label for value in case.roles if value in Role.values],
            "track_labels": [Track(value).label for value in case.tracks if value in Track.values],
            "page_obj": page,
            "thread": thread,
            "marked_reflection_id": marked_id,
            "reflect_form": reflect_form,
            "my_pseudonym": _read_with(case, "reader_pseudonym", lambda: _my_pseudonym(case, user)),
            "replying_to": replying_to,
            "quoting": quoting,
            "reusing": reusing,
            "linked": chain.linked_pages(case) if show_body and _names_pages(case) else {},
            "cycle_state": chain.cycle_state(case, user, thread_numbers) if not case.is_removed else None,
            "report_form": report_form,
            "hide_form": hide_form,
            "lesson_form": lesson_form or (_lesson_form(case) if is_author else None),
            "summary_form": summary_form
            or (PublicSummaryForm(initial={"public_summary": case.public_summary}) if is_author else None),
            "approve_form": approve_form or _approve_form(case, is_coordinator),
            # The "preview" button of the reflection, lesson or summary form (core/preview.py).
            "preview": preview or [],
            "preview_for": preview_for,
            "similar": similar,
            "discussed_at": _discussed_at(case, user) if _read_with(case, "was_discussed", lambda: True) else [],
            "meeting_choices": list(pages_in_active_language(services.meetings_of_atelier(case.atelier_key)))
            if is_coordinator
            else [],
        },
        request=request,
    )
    return {
        "page_title": case.title if show_body else _("Case"),
        "main_html": mark_safe(html),
        "mentions": any(reflection.mentions_someone for reflection in thread),
    }


def _lesson_form(case):
    return LessonForm(initial={"lesson_learned": case.lesson_learned, "lesson_next_time": case.lesson_next_time})


def _names_pages(case):
    """Whether the case names a method or practice (as the page reads it; else: maybe)."""
    return _read_with(case, "names_methods", lambda: True) or _read_with(case, "names_practices", lambda: True)


def _approve_form(case, is_coordinator):
    """For a coordinator with a summary waiting: the approval, with the privacy findings of the
    summary shown before they click."""
    if not is_coordinator or case.public_status != Case.PublicStatus.PENDING:
        return None
    form = ApproveSummaryForm(case=case)
    form.warn_in_advance()
    return form


def _marked_reflection(request, case):
    """The reflection a search result leads to (``?at=<id>``), if it is on this case."""
    value = request.GET.get("at", "")
    if not value.isdigit() or len(value) > 18:
        return None
    return case.reflections.filter(pk=int(value)).only("pk", "case_id", "created_at").first()


def _page_of(reflection):
    """The page of the thread that holds ``reflection`` (the thread's order: created_at, id)."""
    from django.db.models import Q

    before = (
        Reflection.objects.filter(case_id=reflection.case_id)
        .filter(Q(created_at__lt=reflection.created_at) | Q(created_at=reflection.created_at, pk__lt=reflection.pk))
        .count()
    )
    return before // REFLECTIONS_PER_PAGE + 1


# The reflection form's fields in its fragment (all but the one-time token): cached while empty.
REFLECT_FIELDS_CACHED = ("reply_to", "quotes", "reuses", "kind", "body")


def _page_fragments(thread, shared, reflect_form, similar):
    """The parts of the case page that are the same for every reader with the same switches, from
    the shared cache (leeratelier.core.fragments) in one round trip, each rendered with
    ``shared`` only (the page's values the templates read) and keyed by every value it prints:

    - each reflection's whole <li> (kind, byline, body, and its actions with their forms), as
      ``fragment_html``; the key holds the switches about the reader it branches on (their own
      reflection, author of the case, coordinator, the reflection a search led to, the page of
      the thread, the case removed), so an edit, hide, removal, helpful mark or a renamed author
      shows at once. Hidden and removed reflections, bodies with mentions linked for this
      reader and an edit box shown again with its errors are rendered live;
    - the case's actions (report, and hide or restore for a coordinator), except for its author
      (whose lesson and summary forms hold their own texts);
    - the reflection form's fields while they are empty (not replying, quoting or reusing a
      lesson; the one-time token stays live);
    - the similar-cases panel, keyed by what it shows of the cases this reader found there.

    Returns the page context's ``case_actions_html``, ``reflect_fields_html`` and
    ``similar_html`` ("" = live)."""
    case = shared["case"]
    reader = (shared["is_author"], shared["is_coordinator"], shared["page_obj"].number, case.is_removed)
    wanted, of_reflection = {}, {}
    for reflection in thread:
        if (
            reflection.is_removed
            or reflection.is_hidden
            or not reflection.show_body
            or getattr(reflection, "linked_html", "")
            or reflection.edit_form is not None
        ):
            continue
        author = reflection.author
        name = fragments.key(
            "reflection",
            reflection.pk,
            reflection.rendered_with,
            reflection.kind,
            reflection.body_html,
            reflection.created_at,
            reflection.edited_at,
            reflection.helpful,
            reflection.reply_to_id,
            reflection.depth,
            reflection.quote_line,
            reflection.pseudonym.name if reflection.pseudonym else None,
            (author.get_full_name() or author.get_username()) if author else None,
            reflection.mine,
            # the edit box holds the Markdown, for its author only
            reflection.body if reflection.mine else None,
            reflection.pk == shared["marked_reflection_id"],
            *reader,
        )
        wanted[name] = ("cases/includes/reflection.html", {**shared, "reflection": reflection})
        of_reflection[name] = reflection
    actions = reflect_fields = None
    if not case.is_removed and not shared["is_author"]:
        actions = fragments.key("case-actions", case.pk, "", case.is_hidden, shared["is_coordinator"])
        wanted[actions] = ("cases/includes/case_actions.html", shared)
    if not reflect_form.is_bound and not any(reflect_form.initial.get(name) for name in REFLECT_FIELDS_CACHED):
        reflect_fields = fragments.key("reflect-fields", "", "")
        wanted[reflect_fields] = ("cases/includes/reflect_fields.html", {"reflect_form": reflect_form})
    panel = None
    if similar is not None:
        shown = [
            (
                other.pk,
                other.title,
                other.stage,
                other.reflection_count,
                other.shared_methods,
                other.shared_themes,
                other.lesson_learned_html if other.stage == Case.Stage.RETAINED else "",
            )
            for other in similar
        ]
        panel = fragments.key("similar-cases", case.pk, "", shown)
        wanted[panel] = ("cases/includes/similar_cases.html", {"case": case, "similar": similar})
    html = fragments.fetch(wanted)
    for name, reflection in of_reflection.items():
        reflection.fragment_html = html[name]
    return {
        "case_actions_html": html[actions] if actions else "",
        "reflect_fields_html": html[reflect_fields] if reflect_fields else "",
        "similar_html": html[panel] if panel else "",
    }


def _discussed_at(case, user):
    """The meetings where the case was discussed, that this reader may see, with the link id
    (for a coordinator's "remove" button). Two queries whatever the number of meetings."""
    from leeratelier.ateliers.models import ExpertMeetingPage

    links = dict(case.discussions.values_list("meeting_key", "pk"))
    if not links:
        return []
    meetings = access.visible_pages(user, ExpertMeetingPage.objects.live().filter(translation_key__in=list(links)))
    meetings = list(pages_in_active_language(meetings).order_by("-start"))
    for meeting in meetings:
        meeting.discussion_id = links[meeting.translation_key]
    return meetings


def _atelier_url(case):
    """The atelier in the reader's language (Dutch where it is not translated); ``atelier_page``
    keeps it in the process under the page-cache generation."""
    try:
        return atelier_page(key=case.atelier_key).url
    except Http404:  # the atelier's page is gone: the case page shows no link to it
        return ""


def _my_pseudonym(case, user):
    """Someone who posts under a pseudonym in this atelier keeps it in the thread too: a
    reflection under their own name next to a pseudonymous case would give them away."""
    return (
        Pseudonym.objects.filter(atelier_key=case.atelier_key, user=user).values_list("name", flat=True).first() or ""
    )


# --- actions on a case --------------------------------------------------------------------------


@case_view
@require_POST
def reflect(request, case):
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        # The page again with the typed text and the errors: nothing is lost, nothing saved.
        return _case_page(request, case, reflect_form=form, status=400)
    if wants_preview(request):
        return _case_page(
            request, case, reflect_form=form, preview=markdown_preview(form, "body"), preview_for="reflect"
        )
    previous = once.earlier(request, form)
    if previous:  # a double submit: show what the first one made
        reflection = Reflection.objects.filter(pk=previous).first() if previous != once.PENDING else None
        return redirect(_reflection_url(reflection) if reflection else _case_url(case))
    related = {}
    for name in ("reply_to", "quotes"):
        pk = form.cleaned_data[name]
        related[name] = Reflection.objects.filter(pk=pk, case=case).first() if pk else None
        if pk and related[name] is None:
            messages.error(request, _("You can only reply to reflections on this case."))
            return redirect(_case_url(case))
    if form.cleaned_data["reuses"]:
        related["reuses_lesson_of"] = chain.reusable_lesson(request.user, form.cleaned_data["reuses"], case)
        if related["reuses_lesson_of"] is None:  # not (any more) readable: the link is left out
            messages.warning(
                request,
                _("The lesson you quoted is no longer available; your reflection was posted without the link to it."),
            )
    if not once.claim(request, form):
        return redirect(_case_url(case))
    with transaction.atomic():
        reflection = _run(
            request,
            services.reflect,
            case,
            request.user,
            form.cleaned_data["kind"],
            form.cleaned_data["body"],
            success=_("Your reflection has been posted."),
            pseudonym_name=_my_pseudonym(case, request.user),
            **related,
        )
        record_saved_despite_warning(
            form, reflection, SavedDespiteWarning.Part.REFLECTION, request.user, case.atelier_key
        )
    once.settle(request, form, reflection.pk if reflection else None)
    return redirect(_reflection_url(reflection) if reflection else _case_url(case))


@case_view
def edit_case(request, case):
    """The author edits the case text; the service keeps the old text as a revision."""
    if case.author_id != request.user.pk or case.is_removed:
        messages.error(request, _("Only the author can edit this case."))
        return redirect(_case_url(case))
    preview = []
    if request.method == "POST":
        form = EditCaseForm(request.POST)
        if wants_preview(request):
            preview = markdown_preview(form, "situation", "question", "done_so_far")
        elif form.is_valid():
            if _run_recorded(
                request,
                form,
                SavedDespiteWarning.Part.CASE,
                services.edit_case,
                case,
                request.user,
                success=_("Your case has been changed."),
                atelier_key=case.atelier_key,
                **form.changes(),
            ):
                _tell_dropped_links(request, form)
                return redirect(_case_url(case))
    else:
        initial = {name: getattr(case, name) for name in ("title", "situation", "question", "done_so_far")}
        for name in ("methods", "practices"):
            initial[name] = [page.pk for page in chain.linked_pages(case, name)]
        form = EditCaseForm(initial=initial)
    return render(request, "cases/case_edit.html", {"case": case, "form": form, "preview": preview})


@case_view
@require_POST
def remove_case(request, case):
    _run(request, services.remove_case, case, request.user, success=_("Your case has been removed."))
    return redirect(_case_url(case))


@case_view
@require_POST
def retain_lesson(request, case):
    form = LessonForm(request.POST)
    if wants_preview(request) and form.is_valid():
        preview = markdown_preview(form, "lesson_learned", "lesson_next_time")
        return _case_page(request, case, lesson_form=form, preview=preview, preview_for="lesson")
    if form.is_valid():
        _run_recorded(
            request,
            form,
            SavedDespiteWarning.Part.LESSON,
            services.retain_lesson,
            case,
            request.user,
            form.cleaned_data["lesson_learned"],
            form.cleaned_data["lesson_next_time"],
            success=_("The lesson has been retained."),
            atelier_key=case.atelier_key,
        )
    else:
        # Shown again with the text as typed and the real reason (too long, a NUL byte, empty).
        return _case_page(request, case, lesson_form=form, status=400)
    return redirect(_case_url(case))


@case_view
@require_POST
def propose_summary(request, case):
    form = PublicSummaryForm(request.POST)
    if wants_preview(request) and form.is_valid():
        preview = markdown_preview(form, "public_summary")
        return _case_page(request, case, summary_form=form, preview=preview, preview_for="summary")
    if form.is_valid():
        _run_recorded(
            request,
            form,
            SavedDespiteWarning.Part.SUMMARY_PROPOSAL,
            services.request_public_summary,
            case,
            request.user,
            form.cleaned_data["public_summary"],
            atelier_key=case.atelier_key,
            success=_("Your summary has been sent to the coordinators for approval."),
        )
    else:
        return _case_page(request, case, summary_form=form, status=400)
    return redirect(_case_url(case))


@case_view
@require_POST
def approve_summary(request, case):
    """The coordinator approves the pending summary: the privacy check on its text first (the
    findings are shown on the case page already), confirmed for exactly these findings."""
    form = ApproveSummaryForm(request.POST, case=case)
    if not form.is_valid():
        return _case_page(request, case, approve_form=form, status=400)
    _run_recorded(
        request,
        form,
        SavedDespiteWarning.Part.SUMMARY_APPROVAL,
        services.approve_public_summary,
        case,
        request.user,
        success=_("The public summary has been approved."),
        atelier_key=case.atelier_key,
    )
    return redirect(_case_url(case))


# --- actions on a reflection --------------------------------------------------------------------


@reflection_view
@require_POST
def mark_helpful(request, reflection):
    helpful = request.POST.get("helpful") != "0"
    _run(request, services.mark_helpful, reflection, request.user, helpful)
    return redirect(_reflection_url(reflection))


@reflection_view
@require_POST
def edit_reflection(request, reflection):
    form = EditReflectionForm(request.POST)
    previewing = wants_preview(request)
    if previewing and (reflection.author_id != request.user.pk or reflection.is_removed or reflection.case.is_removed):
        messages.error(request, _("Only the author can edit this reflection."))
        return redirect(_reflection_url(reflection))
    if form.is_valid() and not previewing:
        _run_recorded(
            request,
            form,
            SavedDespiteWarning.Part.REFLECTION,
            services.edit_reflection,
            reflection,
            request.user,
            form.cleaned_data["body"],
            success=_("Your reflection has been changed."),
            atelier_key=reflection.case.atelier_key,
        )
    elif previewing or form.privacy_findings:
        # The thread's page that holds the reflection, with its edit form open and the text as
        # typed: the preview (core/preview.py; nothing saved) or the errors and the warning.
        return _case_page(
            request,
            reflection.case,
            status=200 if form.is_valid() else 400,
            edit_reflection_form=form,
            editing=reflection.pk,
            page_number=_page_of(reflection),
            preview=markdown_preview(form, "body") if previewing else None,
            preview_for="edit" if previewing else "",
        )
    else:
        for error in form.errors.get("body", []):
            messages.error(request, error)
    return redirect(_reflection_url(reflection))


@reflection_view
@require_POST
def remove_reflection(request, reflection):
    _run(request, services.remove_reflection, reflection, request.user, success=_("Your reflection has been removed."))
    return redirect(_reflection_url(reflection))


# --- moderation (cases and reflections alike) ---------------------------------------------------


def _post_or_404(request, kind, post_id):
    if kind == "case":
        post, denied = _case_or_404(request, post_id)
        return post, post, denied
    post, denied = _reflection_or_404(request, post_id)
    return post, post.case, denied


def _back(post, request=None):
    """Where a moderation action returns to: the reports page it came from, or the post."""
    fallback = _case_url(post) if isinstance(post, Case) else _reflection_url(post)
    return safe_next(request, fallback) if request is not None else fallback


def _other_post_or_404(request, kind, post_id):
    """A registered kind of post (a cycle contribution, a method experience) that the reader may
    report: the login page for a visitor, a plain 404 for anyone who may not read it."""
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    item = moderation.reportable(kind)
    post = moderation.find_post(kind, post_id) if item else None
    if post is None or not item.can_report(request.user, post):
        raise Http404
    return post, None


@require_POST
@rate_limit(key="user_or_ip", rate="10/h", method="POST")  # hardening: report flooding
def report(request, kind, post_id):
    if kind not in ("case", "reflection"):
        return _report_other(request, kind, post_id)
    post, case, denied = _post_or_404(request, kind, post_id)
    if denied:
        return denied
    form = ReportForm(request.POST)
    if form.is_valid():
        _run(
            request,
            services.report,
            post,
            request.user,
            form.cleaned_data["reason"],
            form.cleaned_data["note"],
            success=_("Thank you. The coordinators of this atelier will look at your report."),
        )
    else:
        messages.error(request, _("Choose a reason for your report."))
    return redirect(_back(post))


@require_POST
def hide(request, kind, post_id):
    post, case, denied = _post_or_404(request, kind, post_id)
    if denied:
        return denied
    form = HideForm(request.POST)
    if form.is_valid():
        _run(
            request,
            services.hide,
            post,
            request.user,
            form.cleaned_data["reason"],
            success=_("The post has been hidden."),
        )
    else:
        messages.error(request, _("Give a reason: the author sees it."))
    return redirect(_back(post, request))


@require_POST
def restore(request, kind, post_id):
    post, case, denied = _post_or_404(request, kind, post_id)
    if denied:
        return denied
    _run(request, services.restore, post, request.user, success=_("The post has been restored."))
    return redirect(_back(post, request))


def _report_other(request, kind, post_id):
    post, denied = _other_post_or_404(request, kind, post_id)
    if denied:
        return denied
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason for your report."))
    else:
        try:
            moderation.report(post, request.user, form.cleaned_data["reason"], form.cleaned_data["note"])
        except moderation.Denied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you. The moderators will look at your report."))
    return redirect(moderation.path_of(post))


# --- one decision for every kind of post: the coordinators' page and the editors' queue ---------


def moderation_queue(request):
    """Site editors: every open report of the whole platform, oldest first, with the reported
    text (editors have no reading right inside an atelier: they read its posts only here). Anyone
    else: login or 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.can_use_moderation_queue(request.user):
        raise Http404
    rows = moderation.open_report_rows()
    page = Paginator(rows, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    rows_on_page = list(page.object_list)
    _name_ateliers(rows_on_page)
    mark_saved_despite_warning(rows_on_page)
    return render(
        request,
        "cases/moderation_queue.html",
        {
            "rows": rows_on_page,
            "page_obj": page,
            "hide_form": HideForm(),
            # Method experiences and pioneer practices belong to no atelier: the editors see them here.
            "saved_despite_warning": moderation.saved_despite_warning_rows(None),
        },
    )


REPORTS_PER_PAGE = 25


def _name_ateliers(rows):
    """Set ``atelier`` (the page in the reader's language) on each row: one query."""
    keys = {row["atelier_key"] for row in rows if row["atelier_key"]}
    ateliers = {}
    if keys:
        for atelier in pages_in_active_language(AtelierPage.objects.filter(translation_key__in=keys)):
            ateliers[atelier.translation_key] = atelier
    for row in rows:
        row["atelier"] = ateliers.get(row["atelier_key"])


@require_POST
def moderation_decide(request, kind, post_id):
    """Hide (with a reason) or keep a reported post of any kind: the atelier's coordinators, and
    site editors while it has an open report. The reporters and the author are told."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = moderation.find_post(kind, post_id)
    if post is None or not moderation.can_moderate(request.user, post):
        raise Http404
    decision = request.POST.get("decision")
    try:
        if decision == "hide":
            reason = request.POST.get("reason", "").strip()[:300]
            if kind in ("case", "reflection"):
                services.hide(post, request.user, reason)
            else:
                moderation.hide(post, request.user, reason)
            messages.success(request, _("The post has been hidden."))
        elif decision == "keep":
            if kind in ("case", "reflection"):
                services.restore(post, request.user)
            else:
                moderation.restore(post, request.user)
            messages.success(request, _("The post stays visible; the reports are closed."))
        else:
            messages.error(request, _("Choose to hide the post or to keep it visible."))
    except (services.Denied, moderation.Denied) as error:
        messages.error(request, str(error))
    fallback = reverse(
        "cases:moderation_queue" if access.can_use_moderation_queue(request.user) else "ateliers:my_page"
    )
    return redirect(safe_next(request, fallback))


# --- attachments --------------------------------------------------------------------------------


@case_view
@require_POST
def add_attachment(request, case):
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        # The case page again with the errors next to the upload form.
        return _case_page(request, case, attachment_form=form, status=400)
    _run(
        request,
        services.add_attachment,
        case,
        request.user,
        form.cleaned_data["file"],
        form.kind,
        form.original_name,
        form.cleaned_data["alt_text"],
        success=_("The attachment has been added."),
    )
    return redirect(_case_url(case) + "#attachments")


def attachment(request, attachment_id):
    """The file, for whoever may read the case's text; always as a download (an image shown in
    the page still loads: <img> ignores the disposition) and never sniffed into HTML."""
    item = get_object_or_404(Attachment.objects.select_related("case"), pk=attachment_id)
    denied = policy.check_case(request, item.case)
    if denied:
        return denied
    if not shows_case_body(request, item.case):
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Offered under a safe name with the extension of its real type (also for older uploads).
    filename = uploads.safe_filename(item.original_name, uploads.extension_for(item.content_type), "attachment")
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def remove_attachment(request, attachment_id):
    item = get_object_or_404(Attachment.objects.select_related("case"), pk=attachment_id)
    denied = policy.check_case(request, item.case)
    if denied:
        return denied
    _run(request, services.remove_attachment, item, request.user, success=_("The attachment has been removed."))
    return redirect(_case_url(item.case) + "#attachments")


# --- coordinators: open reports -----------------------------------------------------------------


def reports(request, page_id):
    """The open reports of an atelier's posts, for its coordinators (anyone else: login or a
    plain 404). One row per reported post, with its reports; hide or restore from here."""
    atelier, denied = _atelier_for_members(request, page_id)
    if denied:
        return denied
    if access.atelier_roles(request.user).get(atelier.translation_key) != access.COORDINATOR:
        raise Http404
    posts = {}
    for item in services.open_reports(atelier.translation_key):
        post = item.case or item.reflection
        key = ("case", post.pk) if item.case_id else ("reflection", post.pk)
        entry = posts.setdefault(
            key,
            {
                "kind": key[0],
                "post": post,
                "reports": [],
                "url": _case_url(post) if item.case_id else f"{_case_url(post.case)}#reflection-{post.pk}",
            },
        )
        entry["reports"].append(item)
    rows = list(posts.values())
    for row in rows:
        row["reporters"] = len({r.reporter_id for r in row["reports"]})
    # Other components' posts of this atelier (cycle contributions ...), decided the same way.
    others = moderation.open_report_rows(atelier.translation_key, kinds=moderation.reportable_kinds())
    mark_saved_despite_warning(rows + others)
    return render(
        request,
        "cases/reports.html",
        {
            "atelier": atelier,
            "rows": rows,
            "other_rows": others,
            "hide_form": HideForm(),
            "saved_despite_warning": moderation.saved_despite_warning_rows(atelier.translation_key),
        },
    )


# --- notification settings ----------------------------------------------------------------------


def notification_settings(request):
    """The old address of the case email settings: every email setting is in the profile now."""
    return redirect("notifications:preferences")


# --- meetings where a case was discussed --------------------------------------------------------


@case_view
@require_POST
def link_meeting(request, case):
    from leeratelier.ateliers.models import ExpertMeetingPage

    chosen = request.POST.get("meeting", "")
    meeting = ExpertMeetingPage.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if meeting is None:
        messages.error(request, _("Choose a meeting of this case's atelier."))
    else:
        _run(request, services.link_meeting, case, request.user, meeting, success=_("The meeting has been linked."))
    return redirect(_case_url(case) + "#discussed-heading")


@case_view
@require_POST
def unlink_meeting(request, case, discussion_id):
    discussion = get_object_or_404(case.discussions.select_related("case"), pk=discussion_id)
    _run(request, services.unlink_meeting, discussion, request.user, success=_("The meeting has been unlinked."))
    return redirect(_case_url(case))
