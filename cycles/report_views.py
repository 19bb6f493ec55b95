"""Views of the narrative accountability report: compose (coordinators), choose items, publish,
withdraw; the report page (print CSS) and its PDF (WeasyPrint, made on request)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from leeratelier.cases.library import NAMES_GENERATION
from leeratelier.core import access, fragments, generations, once, pagecache
from leeratelier.core.views_toolkit import atelier_page

from . import feedback, policy, reports
from .forms import ReportForm, SelectionForm, SignOffDecisionForm, SignOffRequestForm
from .models import Contribution, NarrativeReport
from .views import _atelier_page_for_members, _cycle_or_404, file_response

PRINT_CSS = "cycles/report-print.css"


def _report_or_404(request, report_id):
    report = get_object_or_404(NarrativeReport.objects.select_related("cycle"), pk=report_id)
    return report, policy.check_report(request, report)


def _compose(request, atelier, cycle):
    if not policy.can_compose_report(request.user, atelier.translation_key):
        raise Http404
    initial = {"visibility": NarrativeReport.Visibility.PRIVATE}
    if cycle:
        initial.update(
            period_start=cycle.starts_on, period_end=cycle.ends_on, title=_("Narrative report of a learning cycle")
        )
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not once.claim(request, form):
            messages.info(request, _("This form was already sent; it has been saved once."))
            return redirect("cycles:atelier_cycles", page_id=atelier.pk)
        fields = {name: value for name, value in form.cleaned_data.items() if name != "form_token"}
        report = NarrativeReport.objects.create(
            atelier_key=atelier.translation_key, cycle=cycle, created_by=request.user, **fields
        )
        return redirect("cycles:report_edit", report_id=report.pk)
    return render(request, "cycles/report_form.html", {"form": form, "atelier": atelier, "cycle": cycle})


def new_cycle_report(request, cycle_id):
    cycle, denied = _cycle_or_404(request, cycle_id)
    if denied:
        return denied
    atelier = atelier_page(key=cycle.atelier_key)
    return _compose(request, atelier, cycle)


def new_atelier_report(request, page_id):
    atelier, denied = _atelier_page_for_members(request, page_id)
    if denied:
        return denied
    return _compose(request, atelier, None)


def selection_choices(candidates):
    numbers = candidates["numbers"]
    choices = [
        ("meetings", _("Expert meetings held: %(n)s") % {"n": numbers["meetings"]}),
        ("attendance", _("Attendance at those meetings: %(n)s") % {"n": numbers["attendance"]}),
        ("cases", _("Cases discussed: %(n)s") % {"n": numbers["cases"]}),
        ("lessons", _("Lessons retained: %(n)s") % {"n": numbers["lessons"]}),
        ("contributions", _("Contributions to learning cycles: %(n)s") % {"n": numbers["contributions"]}),
        ("compass", _("Values compass results")),
    ]
    for name, points in numbers["indicators"].items():
        choices.append(
            (f"indicator:{name}", _("Indicator series: %(name)s (%(n)s values)") % {"name": name, "n": len(points)})
        )
    for story in candidates["stories"]:
        choices.append((story["ref"], story["ref"]))
    return choices


def named_atelier(request, report):
    """The atelier the report names for this reader: a hidden atelier only to its members, or to
    everyone when its coordinator chose so when publishing (off by default)."""
    atelier = atelier_page(key=report.atelier_key)
    if atelier is None or not atelier.is_hidden or report.names_atelier:
        return atelier
    return atelier if report.atelier_key in access.atelier_roles(request.user) else None


def edit_report(request, report_id):
    """Choose what goes in (drafts only); change the title, period and visibility."""
    report, denied = _report_or_404(request, report_id)
    if denied:
        return denied
    if not policy.can_compose_report(request.user, report.atelier_key):
        raise Http404
    if report.status != NarrativeReport.Status.DRAFT:
        messages.info(request, _("A published report is frozen: compose a new one to change it."))
        return redirect("cycles:report", report_id=report.pk)
    candidates = reports.candidates(report)
    choices = selection_choices(candidates)
    atelier = atelier_page(key=report.atelier_key)
    offer_naming = bool(atelier and atelier.is_hidden and report.visibility == NarrativeReport.Visibility.PUBLIC)
    form = SelectionForm(
        request.POST or None,
        choices=choices,
        offer_naming=offer_naming,
        initial={"items": report.selection, "names_atelier": report.names_atelier},
    )
    if request.method == "POST" and form.is_valid():
        report.selection = form.cleaned_data["items"]
        report.names_atelier = bool(form.cleaned_data.get("names_atelier"))
        report.save(update_fields=["selection", "names_atelier"])
        if request.POST.get("then") == "publish":
            reports.publish(report, request.user)
            messages.success(request, _("The report has been published. Its numbers and stories are now frozen."))
        else:
            messages.success(request, _("Your selection has been saved."))
        return redirect("cycles:report", report_id=report.pk)
    stories = {story["ref"]: story for story in candidates["stories"]}
    return render(
        request,
        "cycles/report_edit.html",
        {
            "report": report,
            "form": form,
            "atelier": atelier,
            "checkboxes": [(box, stories.get(box.data["value"])) for box in form["items"]],
        },
    )


@never_cache  # a story whose author withdraws consent must drop out at once, for every reader
def report_detail(request, report_id, pdf=False):
    if not pdf:
        return _report_kept(request, report_id)
    report, denied = _report_or_404(request, report_id)
    if denied:
        return denied
    content = _embed_images(reports.for_display(report))
    context = {
        "report": report,
        "atelier": named_atelier(request, report),
        "content": content,
        "sign_offs": _sign_offs(report),
        "pdf": pdf,
    }
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string("cycles/report_pdf.html", context, request=request)
    stylesheet = finders.find(PRINT_CSS)
    # Made from the report's own content only: WeasyPrint fetches nothing (no images or fonts from
    # addresses a story might hold); the stories' own images are in the HTML as data: URLs.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=fetcher)
    # PDF/UA: a tagged PDF (structure tree, reading order, the document language from <html
    # lang>), so a screen reader reads the report as the page reads.
    pdf_bytes = document.write_pdf(
        stylesheets=[CSS(filename=stylesheet)] if stylesheet else None,
        pdf_variant="pdf/ua-1",
    )
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    # The file is named in the reader's language ("verantwoording-12.pdf" for a Dutch reader).
    name = slugify(_("accountability-report"))
    response["Content-Disposition"] = f'attachment; filename="{name}-{report.pk}.pdf"'
    return response


def _sign_offs(report, current=None):
    """The sign-offs to show: those decided, each marked when the report changed after it."""
    items = list(report.sign_offs.all())
    if not items:
        return []  # no fingerprint to compute (two queries) for a report nobody was asked to sign off
    current = current or (feedback.fingerprint(report) if report.is_published else "")
    shown = []
    for item in items:
        item.outdated = bool(item.decided_at) and item.decided_fingerprint != current
        shown.append(item)
    return shown


def _report_body(report, atelier, content, sign_offs):
    """The report as the readers who may read it see it (the stories still shareable, the
    compass, the numbers, the sign-offs shown to this reader), from the shared cache
    (core.fragments): keyed by all it shows, so a withdrawn consent, a new publication, a
    sign-off or a renamed atelier shows at once."""
    atelier_shown = atelier.title if atelier else None
    values = (
        report.status,
        report.visibility,
        report.title,
        report.intro_html,
        report.period_start,
        report.period_end,
        report.published_at,
        atelier_shown,
        repr(content),
        [(item.name, item.role, item.decision, item.decided_at, item.outdated) for item in sign_offs],
    )
    name = fragments.key("report-body", report.pk, report.rendered_with, *values)
    return fragments.one(
        name,
        "cycles/includes/report_body.html",
        {"report": report, "atelier": atelier, "content": content, "sign_offs": sign_offs},
    )


# A published report's page is kept per signed-in reader (core.generations) for at most this long.
KEPT_SECONDS = 15 * 60
# Moved on by every contribution or sign-off saved or deleted (cycles.signals): a withdrawn consent,
# a hidden or erased contribution or a sign-off decided shows on the next reading of every report.
STORIES_GENERATION = "report-stories"


def _report_kept(request, report_id):
    """The report page. Access is checked on the report's status, visibility and atelier alone;
    a published report's own part is kept per signed-in reader while the stories' generation,
    the names' and the page cache's (every report saved, the atelier, memberships: roles) stay,
    and the release; at most KEPT_SECONDS. A draft is built live and never kept; a visitor's copy of
    a public report is the page cache's."""
    report = get_object_or_404(NarrativeReport.objects.only("pk", "atelier_key", "status", "visibility"), pk=report_id)
    denied = policy.check_report(request, report)
    if denied:
        return denied
    key = None
    if request.user.is_authenticated and report.is_published and not request.GET:
        key = generations.reader_key(request, "report-page", report.pk)
    main = generations.kept(
        key,
        [STORIES_GENERATION, NAMES_GENERATION],
        lambda: _report_main(request, _report_or_404(request, report_id)[0]),
        extra=(pagecache.generation(), fragments.release()),
        seconds=KEPT_SECONDS,
    )
    return fragments.render(request, "cycles/report_detail.html", main)


def _report_page(request, report, sign_off_form=None, status=200):
    """The report page with the sign-off form shown again."""
    main = _report_main(request, report, sign_off_form)
    return fragments.render(request, "cycles/report_detail.html", main, status=status)


def _report_main(request, report, sign_off_form=None):
    """``{"page_title", "main_html"}``: the report page's own part, its forms holding the CSRF
    placeholder (core.fragments)."""
    can_compose = policy.can_compose_report(request.user, report.atelier_key)
    sign_offs = _sign_offs(report) if report.is_published else []
    shown_sign_offs = sign_offs if can_compose else [s for s in sign_offs if s.decided_at]
    atelier = named_atelier(request, report)
    content = reports.for_display(report)
    html = render_to_string(
        "cycles/includes/report_main.html",
        {
            "csrf_token": fragments.csrf_placeholder(),
            "report": report,
            "atelier": atelier,
            "body": _report_body(report, atelier, content, shown_sign_offs),
            "can_compose": can_compose,
            "pdf": False,
            "sign_offs": shown_sign_offs,
            "sign_off_form": (sign_off_form or SignOffRequestForm()) if can_compose and report.is_published else None,
        },
        request=request,
    )
    return {"page_title": report.title, "main_html": mark_safe(html)}


def _shown_contribution(report, contribution_id):
    """A contribution the report shows now (in it, and its consent still stands), or 404."""
    ref = f"contribution:{contribution_id}"
    stories = reports.for_display(report)["tracks"]
    if not any(story["ref"] == ref for track in stories for story in track["stories"]):
        raise Http404
    return get_object_or_404(Contribution, pk=contribution_id)


@never_cache
def report_file(request, report_id, contribution_id, field):
    """The image or audio of a story in the report, for whoever may read the report (a public
    report: anyone), and only while the story is in it."""
    report, denied = _report_or_404(request, report_id)
    if denied:
        return denied
    return file_response(_shown_contribution(report, contribution_id), field)


def _embed_images(content):
    """Put the stories' images in as data: URLs, for the PDF (WeasyPrint fetches nothing itself)
    and the sign-off page (its reader has no account to fetch them with)."""
    import base64
    import mimetypes

    stories = [story for track in content["tracks"] for story in track["stories"] if story.get("image")]
    found = Contribution.objects.in_bulk([story["contribution_id"] for story in stories])
    for story in stories:
        contribution = found.get(story["contribution_id"])
        if contribution is None or not contribution.image:
            continue
        kind = mimetypes.guess_type(contribution.image.name)[0] or "image/jpeg"
        with contribution.image.open("rb") as stored:
            story["image_url"] = f"data:{kind};base64,{base64.b64encode(stored.read()).decode()}"
    return content


@never_cache
def report_pdf(request, report_id):
    return report_detail(request, report_id, pdf=True)


@login_required
@require_POST
def withdraw_report(request, report_id):
    report, denied = _report_or_404(request, report_id)
    if denied:
        return denied
    if not policy.can_compose_report(request.user, report.atelier_key):
        raise Http404
    if report.is_published:
        report.status = NarrativeReport.Status.WITHDRAWN
        report.save(update_fields=["status"])
        messages.success(request, _("The report has been withdrawn: only coordinators can still see it."))
    return redirect(reverse("cycles:report", args=[report.pk]))


# --- what a published report sends back: withdrawal by the storyteller, sign-off -------------------


def _link_problem(request, error):
    return render(request, "cycles/link_problem.html", {"message": str(error)}, status=400)


@never_cache
def withdraw_story(request, token):
    """The storyteller's link from the feedback email: GET asks, POST withdraws consent (a mail
    scanner following the link changes nothing)."""
    try:
        contribution = feedback.contribution_from_token(token)
    except feedback.LinkInvalid as error:
        return _link_problem(request, error)
    withdrawn = False
    if request.method == "POST":
        feedback.withdraw_by_link(contribution)
        withdrawn = True
    return render(
        request,
        "cycles/story_withdraw.html",
        {
            "contribution": contribution,
            "withdrawn": withdrawn or not contribution.shareable,
        },
    )


@login_required
@require_POST
def offer_sign_off(request, report_id):
    report, denied = _report_or_404(request, report_id)
    if denied:
        return denied
    if not policy.can_compose_report(request.user, report.atelier_key):
        raise Http404
    form = SignOffRequestForm(request.POST)
    if not form.is_valid():
        return _report_page(request, report, sign_off_form=form, status=400)
    try:
        feedback.ask_sign_off(report, request.user, **form.cleaned_data)
    except feedback.LinkInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(name)s has been sent a link to sign off the report.") % {"name": form.cleaned_data["name"]}
        )
    return redirect(reverse("cycles:report", args=[report.pk]) + "#sign-off-heading")


@never_cache
def sign_off(request, token):
    """The commissioning party's link: read the report as it is now and record a decision."""
    try:
        item, _asked = feedback.sign_off_from_token(token)
    except feedback.LinkInvalid as error:
        return _link_problem(request, error)
    form = SignOffDecisionForm(request.POST or None)
    recorded = None
    if request.method == "POST" and form.is_valid():
        try:
            recorded = feedback.record_sign_off(token, **form.cleaned_data)
        except feedback.LinkInvalid as error:
            return _link_problem(request, error)
    report = item.report
    return render(
        request,
        "cycles/sign_off.html",
        {
            "sign_off": recorded or item,
            "recorded": recorded,
            "form": form,
            "report": report,
            "atelier": named_atelier(request, report),
            "content": _embed_images(reports.for_display(report)),
        },
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )
