"""Views of learning cycles: the cycle page with its timeline, phase pages with contributions,
the values compass, "my contributions" and the facilitator's actions (the exports are in
exports.py, the chart geometry in charts.py). Visibility comes from cycles.policy; rules from
services.py. Every POST redirects, so a reload never repeats an action. URLs carry ids only,
never words from a title."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leeratelier.accounts import mfa
from leeratelier.ateliers.models import ExpertMeetingPage, Membership
from leeratelier.cases import policy as case_policy
from leeratelier.cases.library import NAMES_GENERATION
from leeratelier.core import access, fragments, generations, once, pagecache
from leeratelier.core.i18n import children_in_active_language, pages_in_active_language
from leeratelier.core.models import SavedDespiteWarning
from leeratelier.core.preview import markdown_preview, wants_preview
from leeratelier.core.privacy_forms import record_saved_despite_warning
from leeratelier.core.views_toolkit import atelier_page, safe_next

from . import charts, dissent, policy, services
from .forms import (
    AdvanceForm,
    ContributionEditForm,
    ContributionForm,
    CycleForm,
    OutsideParticipantForm,
    PerspectiveForm,
    PhaseForm,
    RemoveForm,
    ScoreForm,
)
from .models import Activity, Contribution, LearningCycle, Loop, Participant, Perspective, Phase, ValueScore

CONTRIBUTIONS_PER_PAGE = 20
ACTIVITY_SHOWN = 30


# --- lookups ------------------------------------------------------------------------------------


def _cycle_or_404(request, cycle_id):
    cycle = get_object_or_404(LearningCycle.objects.select_related("facilitator"), pk=cycle_id)
    return cycle, policy.check_cycle(request, cycle)


def _phase_or_404(request, phase_id):
    phase = get_object_or_404(Phase.objects.select_related("loop", "cycle", "step"), pk=phase_id)
    return phase, policy.check_cycle(request, phase.cycle)


def _atelier_page_for_members(request, page_id):
    """The atelier for its members: a visitor goes to the login page, anyone else gets a 404."""
    atelier = atelier_page(page_id)
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    if atelier.translation_key not in access.atelier_roles(request.user):
        raise Http404
    return atelier, None


def _run(request, action, *args, success=None, **kwargs):
    try:
        result = action(*args, **kwargs)
    except services.Denied as error:
        messages.error(request, str(error))
        return None
    if success:
        messages.success(request, success)
    return result if result is not None else True


def cycle_url(cycle):
    return reverse("cycles:cycle", args=[cycle.pk])


def _reader_or_404(request, cycle):
    """The reader's access to the cycle, asked once for the request (``policy.for_reader``), and
    the refusal when they may not read it (the login page for a visitor, else a plain 404)."""
    reader = policy.for_reader(request.user, cycle)
    return reader, access.answer(request, reader.may_view)


def timeline(cycle):
    """The cycle's loops with their phases and the number of contributions of each phase, in
    one query however many loops there are."""
    phases = (
        Phase.objects.filter(cycle=cycle)
        .select_related("loop", "step")
        .annotate(contribution_count=Count("contributions"))
        .order_by("loop__number", "position")
    )
    loops, current = [], None
    for phase in phases:
        if not loops or loops[-1]["loop"].pk != phase.loop_id:
            loops.append({"loop": phase.loop, "phases": []})
        loops[-1]["phases"].append(phase)
        if phase.is_open:
            current = phase
    return loops, current


# --- the atelier's cycles and starting one ------------------------------------------------------


def atelier_cycles(request, page_id):
    atelier, denied = _atelier_page_for_members(request, page_id)
    if denied:
        return denied
    cycles = policy.visible_cycles(request.user, LearningCycle.objects.in_atelier(atelier))
    return render(
        request,
        "cycles/atelier_cycles.html",
        {
            "atelier": atelier,
            "cycles": list(cycles.annotate(participant_count=Count("participants"))),
            "can_start": policy.can_start_cycle(request.user, atelier),
            "can_compose": policy.can_compose_report(request.user, atelier.translation_key),
            "reports": list(_reports_of(request, atelier.translation_key)),
        },
    )


def _reports_of(request, atelier_key):
    from .models import NarrativeReport

    reports = NarrativeReport.objects.filter(atelier_key=atelier_key)
    if not policy.can_compose_report(request.user, atelier_key):
        reports = reports.filter(status=NarrativeReport.Status.PUBLISHED)
    return reports.order_by("-created_at")


def _members(atelier):
    from django.contrib.auth import get_user_model

    ids = Membership.objects.active().of_atelier(atelier).values("user_id")
    return list(
        get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("first_name", "last_name", "username")
    )


def new_cycle(request, page_id):
    atelier, denied = _atelier_page_for_members(request, page_id)
    if denied:
        return denied
    if not policy.can_start_cycle(request.user, atelier):
        raise Http404
    members = _members(atelier)
    if request.method == "POST":
        form = CycleForm(request.POST, members=members)
        if form.is_valid() and not once.claim(request, form):
            messages.info(request, _("This form was already sent; it has been saved once."))
            return redirect("cycles:atelier_cycles", page_id=atelier.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                cycle = services.start_cycle(
                    atelier,
                    request.user,
                    learning_question=data["learning_question"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    values=data["values"],
                    facilitator=data["facilitator_user"],
                    plan_goal=data["plan_goal"],
                    plan_ends_on=data["plan_ends_on"],
                    template=data["template"],
                )
            except services.Denied as error:
                once.settle(request, form, None)
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The learning cycle has started with its first step."))
                return redirect(cycle_url(cycle))
    else:
        form = CycleForm(members=members, initial={"starts_on": timezone.localdate()})
    return render(request, "cycles/cycle_form.html", {"atelier": atelier, "form": form})


# --- the cycle page -----------------------------------------------------------------------------


# The cycle page is kept per reader for this long (see ``cycle_detail``).
KEPT_SECONDS = 15 * 60


def generation(cycle_pk):
    """The generation of what the cycle page shows of one cycle (moved on by cycles.signals)."""
    return f"cycle-page:{cycle_pk}"


def cycle_detail(request, cycle_id):
    """The cycle page. Access is checked on the cycle's atelier alone; the page's own part is
    kept per reader (core.generations) while the cycle's generation (its phases, loops, values,
    participants, contributions and activity: cycles.signals), the names' (a renamed person) and
    the page cache's (the atelier, memberships: roles and suspensions) stay, and the release; at
    most KEPT_SECONDS. A page with a query is rendered afresh."""
    cycle = get_object_or_404(LearningCycle.objects.only("pk", "atelier_key"), pk=cycle_id)
    denied = access.answer(request, policy.can_view_cycle(request.user, cycle))
    if denied:
        return denied
    main = generations.kept(
        None if request.GET else generations.reader_key(request, "cycle-page", cycle.pk),
        [generation(cycle.pk), NAMES_GENERATION],
        lambda: _cycle_main(request, cycle_id),
        extra=(pagecache.generation(), fragments.release()),
        seconds=KEPT_SECONDS,
    )
    return fragments.render(request, "cycles/cycle_detail.html", {"main_html": main})


def _cycle_main(request, cycle_id):
    """The cycle page's own part, its forms holding the CSRF placeholder (core.fragments)."""
    cycle = get_object_or_404(LearningCycle.objects.select_related("facilitator"), pk=cycle_id)
    reader = policy.for_reader(request.user, cycle)
    loops, current = timeline(cycle)
    participants = list(cycle.participants.select_related("user"))
    mine = reader.participant
    activities = list(
        Activity.objects.filter(cycle=cycle).select_related("actor", "phase__loop", "phase__step")[:ACTIVITY_SHOWN]
    )
    html = render_to_string(
        "cycles/includes/cycle_main.html",
        {
            "csrf_token": fragments.csrf_placeholder(),
            "cycle": cycle,
            "atelier": atelier_page(key=cycle.atelier_key),
            "loops": loops,
            "current": current,
            "values": list(cycle.values.all()),
            "participants": participants,
            **cached_parts(cycle, loops, activities),
            "advance_form": AdvanceForm(initial={"phase": current.pk}) if current else None,
            "last_closed": _last_closed(loops),
            "my_participation": mine,
            "perspective_form": PerspectiveForm(initial={"perspective": mine.perspective}) if mine else None,
            "reader": reader,
        },
        request=request,
    )
    return mark_safe(html)


def cached_parts(cycle, loops, activities):
    """The cycle page's timeline and "who did what", the same for every reader of the cycle, from
    the shared cache (core.fragments): keyed by all they show, so a new contribution, a phase
    advanced or reopened, or a renamed member shows at once."""
    phases = [
        (
            phase.pk,
            phase.name,
            phase.status,
            phase.is_open,
            phase.starts_on,
            phase.ends_on,
            phase.contribution_count,
            entry["loop"].number,
        )
        for entry in loops
        for phase in entry["phases"]
    ]
    done = [
        (
            activity.pk,
            activity.created_at,
            activity.action,
            (activity.actor.get_full_name() or activity.actor.get_username()) if activity.actor else None,
            (activity.phase.name, activity.phase.loop.number) if activity.phase else None,
        )
        for activity in activities
    ]
    return {
        "timeline_html": fragments.one(
            fragments.key("cycle-timeline", cycle.pk, "", phases), "cycles/includes/timeline.html", {"loops": loops}
        ),
        "activity_html": fragments.one(
            fragments.key("cycle-activity", cycle.pk, "", done),
            "cycles/includes/activity.html",
            {"activities": activities},
        ),
    }


def _last_closed(loops):
    closed = [phase for entry in loops for phase in entry["phases"] if phase.status == Phase.Status.CLOSED]
    return closed[-1] if closed else None


@require_POST
def join(request, cycle_id):
    cycle, denied = _cycle_or_404(request, cycle_id)
    if denied:
        return denied
    _run(request, services.join, cycle, request.user, success=_("You joined the cycle: you can now contribute."))
    return redirect(cycle_url(cycle))


@require_POST
def set_perspective(request, participant_id):
    """A participant changes their perspective; the facilitator an outside participant's."""
    participant = get_object_or_404(Participant.objects.select_related("cycle"), pk=participant_id)
    cycle, denied = _cycle_or_404(request, participant.cycle_id)
    if denied:
        return denied
    form = PerspectiveForm(request.POST)
    if form.is_valid():
        _run(
            request,
            services.set_perspective,
            participant,
            request.user,
            form.cleaned_data["perspective"],
            success=_("The perspective has been saved."),
        )
    else:
        messages.error(request, _("Choose one of the perspectives."))
    return redirect(cycle_url(cycle))


def add_participant(request, cycle_id):
    cycle, denied = _cycle_or_404(request, cycle_id)
    if denied:
        return denied
    if not policy.can_facilitate_cycle(request.user, cycle):
        raise Http404
    form = OutsideParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(
            request,
            services.add_outside_participant,
            cycle,
            request.user,
            name=form.cleaned_data["name"],
            consent_text=form.cleaned_data["consent_text"],
            perspective=form.cleaned_data["perspective"],
            success=_("The participant has been added."),
        ):
            return redirect(cycle_url(cycle))
    return render(
        request,
        "cycles/participant_form.html",
        {"cycle": cycle, "form": form, "atelier": atelier_page(key=cycle.atelier_key)},
    )


def erase_participant(request, participant_id):
    """GET: the confirmation page with the choice. POST: erase the outside participant."""
    participant = get_object_or_404(Participant.objects.select_related("cycle"), pk=participant_id, user__isnull=True)
    cycle = participant.cycle
    denied = policy.check_cycle(request, cycle)
    if denied:
        return denied
    if not policy.can_facilitate_cycle(request.user, cycle):
        raise Http404
    if request.method == "POST":
        keep = request.POST.get("contributions") == "keep"
        if (
            request.POST.get("contributions") in ("keep", "remove")
            and _run(  # None when refused; else how many contributions went (0 is a success)
                request,
                services.erase_outside_participant,
                participant,
                request.user,
                keep_contributions=keep,
                success=_("The participant has been erased."),
            )
            is not None
        ):
            return redirect(cycle_url(cycle))
        messages.error(request, _("Choose what happens to their contributions."))
    return render(
        request,
        "cycles/participant_erase.html",
        {
            "cycle": cycle,
            "participant": participant,
            "atelier": atelier_page(key=cycle.atelier_key),
            "contribution_count": participant.contributions.count(),
        },
    )


def advance(request, cycle_id):
    """GET: the confirmation page. POST: advance, if the phase the facilitator saw is still
    the open one."""
    cycle, denied = _cycle_or_404(request, cycle_id)
    if denied:
        return denied
    if not policy.can_facilitate_cycle(request.user, cycle):
        raise Http404
    loops, current = timeline(cycle)
    if current is None:
        messages.info(request, _("This cycle has no open phase."))
        return redirect(cycle_url(cycle))
    form = AdvanceForm(request.POST or None, initial={"phase": current.pk})
    if request.method == "POST" and form.is_valid():
        result = _run(
            request,
            services.advance,
            cycle,
            form.cleaned_data["phase"],
            request.user,
            close_cycle=form.cleaned_data["close_cycle"],
        )
        if result is True:
            messages.success(request, _("The cycle has been closed."))
        elif result:
            messages.success(request, _("The phase has been advanced."))
        return redirect(cycle_url(cycle))
    last_of_loop = not any(
        p.position > current.position for entry in loops for p in entry["phases"] if p.loop_id == current.loop_id
    )
    return render(
        request,
        "cycles/advance_confirm.html",
        {
            "cycle": cycle,
            "current": current,
            "form": form,
            "atelier": atelier_page(key=cycle.atelier_key),
            "last_of_loop": last_of_loop,
        },
    )


@require_POST
def reopen(request, cycle_id):
    cycle, denied = _cycle_or_404(request, cycle_id)
    if denied:
        return denied
    if not policy.can_facilitate_cycle(request.user, cycle):
        raise Http404
    _run(
        request,
        services.reopen,
        cycle,
        request.POST.get("phase", "0") or "0",
        request.user,
        success=_("The phase has been reopened."),
    )
    return redirect(cycle_url(cycle))


# --- phases and contributions -------------------------------------------------------------------


def _link_choices(request, cycle):
    """What a contribution may link to: cases of this atelier the person may read, the
    atelier's expert meetings, the methods of the toolbox."""
    from leeratelier.cases.models import Case

    atelier = atelier_page(key=cycle.atelier_key)
    cases = case_policy.visible_cases(request.user, Case.objects.in_atelier(cycle.atelier_key).listed()).order_by(
        "-created_at"
    )[:100]
    meetings = children_in_active_language(atelier, ExpertMeetingPage).order_by("-start")[:100] if atelier else []
    try:
        from leeratelier.toolbox.models import MethodPage
    except ImportError:  # pragma: no cover - the toolbox is part of the platform
        methods = []
    else:
        methods = pages_in_active_language(MethodPage.objects.live()).order_by("title")[:200]
    return {"cases": list(cases), "meetings": list(meetings), "methods": list(methods)}


def _contribution_form(request, cycle, reader, data=None, files=None):
    outside = []
    if reader.may_facilitate:
        outside = list(cycle.participants.filter(user__isnull=True))
    return ContributionForm(data, files, outside=outside, **_link_choices(request, cycle))


def attach_links(request, contributions, reader=None):
    """What this reader sees of each contribution: the titles of the meetings and the readability
    of the cases they link to (one query for all meetings), and whether the text of a contribution
    hidden by moderation is shown (``text_shown``, see reads_hidden_contribution). ``reader``: the
    reader's CycleAccess when all contributions are of that one cycle."""
    keys = {c.meeting_key for c in contributions if c.meeting_key}
    meetings = {}
    if keys:
        for meeting in pages_in_active_language(ExpertMeetingPage.objects.filter(translation_key__in=keys)):
            meetings[meeting.translation_key] = meeting
    for contribution in contributions:
        contribution.meeting = meetings.get(contribution.meeting_key)
        if reader is not None:
            contribution.case_visible = contribution.case_id and reader.reads_case(contribution.case)
        else:
            contribution.case_visible = contribution.case_id and case_policy.can_view_case(
                request.user, contribution.case
            )
        contribution.text_shown = not contribution.is_hidden or reads_hidden_contribution(request, contribution, reader)
    return contributions


def phase_detail(request, phase_id):
    phase = get_object_or_404(Phase.objects.select_related("loop", "cycle", "step"), pk=phase_id)
    cycle = phase.cycle
    reader, denied = _reader_or_404(request, cycle)
    if denied:
        return denied
    form = None
    preview = []
    if request.method == "POST":
        form = _contribution_form(request, cycle, reader, request.POST, request.FILES)
        if not reader.may_contribute:
            form.is_valid()
            form.add_error(None, _("Join the cycle to contribute."))
        elif wants_preview(request):
            preview = markdown_preview(form, "body")
        elif form.is_valid() and not once.claim(request, form):
            messages.info(request, _("This form was already sent; it has been saved once."))
            return redirect("cycles:phase", phase_id=phase.pk)
        elif form.is_valid():
            fields = form.service_fields()
            participant = None
            if form.cleaned_data.get("participant"):
                participant = cycle.participants.filter(pk=form.cleaned_data["participant"]).first()
            try:
                with transaction.atomic():
                    contribution = services.contribute(phase, request.user, participant=participant, **fields)
                    record_saved_despite_warning(
                        form, contribution, SavedDespiteWarning.Part.CONTRIBUTION, request.user, cycle.atelier_key
                    )
            except services.Denied as error:
                once.settle(request, form, None)
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your contribution has been added."))
                return redirect(f"{reverse('cycles:phase', args=[phase.pk])}#contribution-{contribution.pk}")
    elif reader.may_contribute and phase.is_open:
        form = _contribution_form(request, cycle, reader)
    contributions = (
        Contribution.objects.filter(phase=phase)
        .select_related("cycle", "participant__user", "case", "method")
        .order_by("created_at", "id")
    )
    # Read the phase per perspective: how many contributions each gave, and only theirs if chosen.
    counts = dict(contributions.order_by().values_list("participant__perspective").annotate(n=Count("id")))
    perspectives = [(value, label, counts[value]) for value, label in Perspective.choices if counts.get(value)]
    chosen = request.GET.get("perspective", "")
    if chosen in counts and chosen:
        contributions = contributions.filter(participant__perspective=chosen)
    else:
        chosen = ""
    page = Paginator(contributions, CONTRIBUTIONS_PER_PAGE).get_page(request.GET.get("page"))
    attach_links(request, page.object_list, reader)
    # A facilitator who may not read a hidden text yet is offered the second factor (as for cases).
    asks_second_factor = reader.may_facilitate and not all(c.text_shown for c in page.object_list)
    return render(
        request,
        "cycles/phase_detail.html",
        {
            "cycle": cycle,
            "phase": phase,
            "atelier": atelier_page(key=cycle.atelier_key),
            "form": form,
            "preview": preview,
            "page_obj": page,
            "contributions": page.object_list,
            "phase_form": PhaseForm(
                initial={
                    "goal": phase.goal,
                    "starts_on": phase.starts_on,
                    "ends_on": phase.ends_on,
                    "summary": phase.summary,
                }
            )
            if reader.may_facilitate
            else None,
            "score_url": reverse("cycles:score", args=[phase.loop_id]) if phase.scores_values else "",
            "perspectives": perspectives,
            "chosen_perspective": chosen,
            "second_factor_url": mfa.second_factor_url(request) if asks_second_factor else "",
            "reader": reader,
        },
    )


def edit_phase(request, phase_id):
    phase, denied = _phase_or_404(request, phase_id)
    if denied:
        return denied
    if not policy.can_facilitate_cycle(request.user, phase.cycle):
        raise Http404
    form = PhaseForm(
        request.POST or None,
        initial={
            "goal": phase.goal,
            "starts_on": phase.starts_on,
            "ends_on": phase.ends_on,
            "summary": phase.summary,
        },
    )
    preview = []
    if wants_preview(request):  # the summary as it will look; nothing saved (core/preview.py)
        preview = markdown_preview(form, "summary")
    elif request.method == "POST" and form.is_valid():
        if _run(
            request,
            services.update_phase,
            phase,
            request.user,
            success=_("The phase has been saved."),
            **form.cleaned_data,
        ):
            return redirect("cycles:phase", phase_id=phase.pk)
    return render(
        request,
        "cycles/phase_form.html",
        {
            "cycle": phase.cycle,
            "phase": phase,
            "form": form,
            "preview": preview,
            "atelier": atelier_page(key=phase.cycle.atelier_key),
        },
    )


def contribution_file(request, contribution_id, field):
    """Images and audio are served after the access check, never from a public address."""
    contribution = get_object_or_404(Contribution.objects.select_related("cycle", "participant"), pk=contribution_id)
    denied = policy.check_cycle(request, contribution.cycle)
    if denied:
        return denied
    if contribution.is_hidden and not reads_hidden_contribution(request, contribution):
        raise Http404  # a hidden contribution's file, like its text (templates/cycles/includes/contribution.html)
    return file_response(contribution, field)


def reads_hidden_contribution(request, contribution, reader=None):
    """Who reads a contribution hidden by moderation: its author, and a facilitator of the cycle in
    a two-factor session (as coordinators read hidden posts of cases). ``reader``: the reader's
    CycleAccess to the contribution's cycle, when the view has it."""
    if contribution.participant and contribution.participant.user_id == request.user.pk:
        return True
    if reader is not None:
        facilitates = reader.may_facilitate
    else:
        facilitates = policy.can_facilitate_cycle(request.user, contribution.cycle)
    return facilitates and mfa.second_factor_used(request)


def file_response(contribution, field):
    """The contribution's image or audio, for a reader already checked."""
    stored = getattr(contribution, field)
    if not stored:
        raise Http404
    response = FileResponse(stored.open("rb"))
    if field == "audio" and contribution.audio_type:
        response["Content-Type"] = contribution.audio_type
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def set_shareable(request, contribution_id):
    contribution = get_object_or_404(
        Contribution.objects.select_related("cycle", "participant", "phase"), pk=contribution_id
    )
    denied = policy.check_cycle(request, contribution.cycle)
    if denied:
        return denied
    shareable = request.POST.get("shareable") == "1"
    _run(
        request,
        services.set_shareable,
        contribution,
        request.user,
        shareable,
        success=_("It may be shared in reports now.")
        if shareable
        else _("Consent withdrawn: it no longer appears in any report."),
    )
    return redirect(safe_next(request, reverse("cycles:mine")))


def _own_contribution(request, contribution_id):
    """A contribution its author may change: anyone else gets the visibility table's answer
    (login, or a plain 404)."""
    contribution = get_object_or_404(
        Contribution.objects.select_related("cycle", "participant", "phase"), pk=contribution_id
    )
    denied = policy.check_cycle(request, contribution.cycle)
    if denied:
        return None, denied
    if not contribution.is_author(request.user):
        raise Http404
    return contribution, None


def _contribution_url(contribution):
    return f"{reverse('cycles:phase', args=[contribution.phase_id])}#contribution-{contribution.pk}"


def edit_contribution(request, contribution_id):
    """The author changes the texts; the earlier texts are kept in its history. A preview
    button shows the sanitised result first (without JavaScript)."""
    contribution, denied = _own_contribution(request, contribution_id)
    if denied:
        return denied
    initial = {name: getattr(contribution, name) for name in services.EDITABLE_CONTRIBUTION_FIELDS}
    form = ContributionEditForm(request.POST or None, initial=initial, contribution=contribution)
    preview = []
    if wants_preview(request):
        preview = markdown_preview(form, "body")
    elif request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changed = _run(
                request,
                services.edit_contribution,
                contribution,
                request.user,
                success=_("Your contribution has been changed."),
                **form.cleaned_data,
            )
            if changed:
                record_saved_despite_warning(
                    form,
                    contribution,
                    SavedDespiteWarning.Part.CONTRIBUTION,
                    request.user,
                    contribution.cycle.atelier_key,
                )
        if changed:
            return redirect(_contribution_url(contribution))
    return render(
        request,
        "cycles/contribution_edit.html",
        {
            "contribution": contribution,
            "cycle": contribution.cycle,
            "form": form,
            "preview": preview,
            "revisions": contribution.revisions.all()[:20],
            "atelier": atelier_page(key=contribution.cycle.atelier_key),
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


def remove_contribution(request, contribution_id):
    """The author removes a contribution: a confirmation page, then the POST."""
    contribution, denied = _own_contribution(request, contribution_id)
    if denied:
        return denied
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phase_id = contribution.phase_id
        if _run(
            request,
            services.remove_contribution,
            contribution,
            request.user,
            success=_("Your contribution has been removed."),
        ):
            return redirect("cycles:phase", phase_id=phase_id)
    return render(
        request,
        "cycles/contribution_remove.html",
        {
            "contribution": contribution,
            "cycle": contribution.cycle,
            "form": form,
            "atelier": atelier_page(key=contribution.cycle.atelier_key),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_contributions(request):
    contributions = (
        Contribution.objects.filter(
            participant__user=request.user,
            cycle__in=policy.visible_cycles(request.user, LearningCycle.objects.all()),
        )
        .select_related("phase__loop", "cycle", "case", "method", "participant")
        .order_by("-created_at")
    )
    page = Paginator(contributions, CONTRIBUTIONS_PER_PAGE).get_page(request.GET.get("page"))
    attach_links(request, page.object_list)
    return render(request, "cycles/my_contributions.html", {"page_obj": page, "contributions": page.object_list})


# --- the values compass -------------------------------------------------------------------------


def score_values(request, loop_id):
    loop = get_object_or_404(Loop.objects.select_related("cycle"), pk=loop_id)
    cycle = loop.cycle
    denied = policy.check_cycle(request, cycle)
    if denied:
        return denied
    participant = policy.cycle_participant(request.user, cycle)
    values = list(cycle.values.all())
    earlier = {}
    if participant:
        earlier = {score.value_id: score for score in ValueScore.objects.filter(loop=loop, participant=participant)}
    form = ScoreForm(request.POST or None, values=values, initial_scores=earlier)
    reflect = loop.phases.select_related("step").filter(step__scores_values=True).first()
    preview = []
    if wants_preview(request):  # the comments as they will look; nothing saved (core/preview.py)
        preview = markdown_preview(form, *(f"comment_{value.pk}" for value in values))
    elif request.method == "POST" and form.is_valid():
        if _run(
            request,
            services.score_values,
            loop,
            request.user,
            form.scores(),
            anonymous=form.anonymous(),
            success=_("Your scores have been saved."),
        ):
            return redirect("cycles:compass", cycle_id=cycle.pk)
    return render(
        request,
        "cycles/score_form.html",
        {
            "cycle": cycle,
            "loop": loop,
            "form": form,
            "preview": preview,
            "reflect": reflect,
            "participant": participant,
            "atelier": atelier_page(key=cycle.atelier_key),
        },
    )


def compass_data(cycle, with_comments=False):
    """Per value and loop the average score, the spread (lowest, highest, how many gave each
    score), whether views differ and the average per perspective (cycles.dissent); with the
    comments when asked. Three queries however many loops and scores, four with the comments."""
    values = list(cycle.values.all())
    loops = list(cycle.loops.order_by("number"))
    counts, per_perspective = dissent.tallies(ValueScore.objects.filter(value__cycle=cycle))
    said = dissent.comments(cycle) if with_comments else {}
    rows = []
    for index, value in enumerate(values):
        cells = []
        for loop in loops:
            key = (value.pk, loop.pk)
            cell = dissent.spread(counts.get(key, {}))
            perspectives = dissent.labelled(dissent.by_perspective(per_perspective.get(key, {})))
            cells.append({"loop": loop, **cell, "perspectives": perspectives, "comments": said.get(key, [])})
        rows.append(
            {
                "value": value,
                "cells": cells,
                "colour": charts.colour(index),
                "marker": charts.marker(index),
                "views_differ": any(cell["views_differ"] for cell in cells),
                "has_comments": any(cell["comments"] for cell in cells),
            }
        )
    return loops, rows


def next_reflect_phase(phases_by_loop):
    """The first scoring step not started yet (when scoring opens next), or None."""
    for loop in phases_by_loop:
        for phase in loop["phases"]:
            if phase.scores_values and phase.status == Phase.Status.PENDING:
                return phase
    return None


def compass_view(request, cycle_id):
    cycle = get_object_or_404(LearningCycle.objects.select_related("facilitator"), pk=cycle_id)
    reader, denied = _reader_or_404(request, cycle)
    if denied:
        return denied
    reads_comments = dissent.may_read_comments(request.user, cycle)
    loops, rows = compass_data(cycle, with_comments=reads_comments)
    phases_by_loop, current = timeline(cycle)
    scoring_open = bool(current and current.scores_values)
    return render(
        request,
        "cycles/compass.html",
        {
            "cycle": cycle,
            "atelier": atelier_page(key=cycle.atelier_key),
            "loops": loops,
            "rows": rows,
            "reads_comments": reads_comments,
            "wide_spread": dissent.WIDE_SPREAD,
            "min_group": dissent.MIN_GROUP,
            "scored": any(cell["count"] for row in rows for cell in row["cells"]),
            "chart": charts.chart(
                [loop.number for loop in loops],
                [{"name": row["value"].name, "averages": [cell["average"] for cell in row["cells"]]} for row in rows],
            ),
            "current": current,
            "scoring_open": scoring_open,
            "open_reflect": current if scoring_open else None,
            "next_reflect": None if scoring_open else next_reflect_phase(phases_by_loop),
            "score_url": reverse("cycles:score", args=[current.loop_id]) if scoring_open else "",
            "reader": reader,
        },
    )
