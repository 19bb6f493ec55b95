"""The toolbox's views: the index and method page contexts, the tool finder, the compare view
and members' experiences. Lists show each method in the reader's language (Dutch where no
translation exists) through core.i18n; visibility goes through core.access. Every list is a
fixed number of queries, however many methods there are."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leeratelier.cases.chain import cases_using
from leeratelier.core import access, once
from leeratelier.core.i18n import pages_in_active_language
from leeratelier.core.models import SavedDespiteWarning
from leeratelier.core.preview import markdown_preview, wants_preview
from leeratelier.core.privacy_forms import record_saved_despite_warning
from leeratelier.core.ratelimit import rate_limit

from . import finder as finder_rules
from . import policy
from .forms import ExperienceEditForm, ExperienceForm, FinderForm, RemoveExperienceForm
from .models import ExperienceRevision, MethodExperience, MethodPage, Recognition

MIN_COMPARE, MAX_COMPARE = 2, 4
MAX_COMPARE_PARAMETERS = 20  # more than this is not a person choosing methods
EXPERIENCES_SHOWN = 50


def methods_for(request):
    """Every live method the reader may see, in the reader's language, by title."""
    methods = access.visible_pages(request.user, MethodPage.objects.live().public())
    return pages_in_active_language(methods).select_related("locale").order_by("title")


# --- index --------------------------------------------------------------------------------------


def index_context(request, index):
    return {"methods": list(methods_for(request)), "index": index}


# --- method page --------------------------------------------------------------------------------


def related_methods(request, method):
    """The related methods named on any language version of ``method``, in the reader's language."""
    named = MethodPage.related_methods.through.objects.filter(
        from_methodpage__translation_key=method.translation_key
    ).values("to_methodpage__translation_key")
    return methods_for(request).filter(translation_key__in=named).exclude(translation_key=method.translation_key)


def practices_using(request, method):
    """The live registry practices that name this method (in either language), in the reader's
    language. ``method.practices`` is the reverse of PracticePage.methods: the registry's page model
    is reached through it, so the toolbox imports nothing of the registry."""
    PracticePage = MethodPage._meta.get_field("practices").related_model

    naming = MethodPage.objects.filter(translation_key=method.translation_key).values("practices__translation_key")
    practices = access.visible_pages(request.user, PracticePage.objects.live().filter(translation_key__in=naming))
    return pages_in_active_language(practices).select_related("locale").order_by("title")


def _ateliers_by_key(keys):
    from leeratelier.ateliers.models import AtelierPage

    if not keys:
        return {}
    pages = pages_in_active_language(AtelierPage.objects.live().filter(translation_key__in=keys))
    return {page.translation_key: page for page in pages.select_related("locale")}


def experiences_for(request, method):
    """The latest experiences, each with ``shown_atelier``: the atelier the reader may see named."""
    experiences = list(MethodExperience.objects.of_method(method).select_related("author")[:EXPERIENCES_SHOWN])
    ateliers = _ateliers_by_key({e.atelier_key for e in experiences if e.atelier_key})
    for experience in experiences:
        atelier = ateliers.get(experience.atelier_key)
        experience.shown_atelier = (
            atelier if policy.can_see_experience_atelier(request.user, experience, atelier) else None
        )
    return experiences


def atelier_choices(user):
    """(key, title) of the ateliers the user may name in an experience."""
    ateliers = _ateliers_by_key(policy.experience_atelier_keys(user))
    return sorted(((str(key), page.title) for key, page in ateliers.items()), key=lambda choice: choice[1])


def method_context(request, method, form=None):
    if form is None and policy.can_share_experience(request.user):
        form = ExperienceForm(ateliers=atelier_choices(request.user))
    index = method.get_parent().specific
    return {
        "index": index,
        "related_methods": list(related_methods(request, method)),
        "practices": list(practices_using(request, method)),
        "experiences": experiences_for(request, method),
        # The chain: cases that tried this method (counted and named through the cases policy).
        "cases_using": cases_using(request.user, "methods", method),
        "experience_form": form,
        "recognition_labels": dict(Recognition.choices),
    }


def share_experience(request, method_id):
    """POST an experience. A visitor is sent to the login page first (the rate limit counts per
    signed-in user)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    method = get_object_or_404(MethodPage.objects.live(), pk=method_id)
    if not policy.can_share_experience(request.user):
        return redirect_to_login(method.url)
    return _share_experience(request, method)


@rate_limit(key="user", rate="20/h", method="POST")
def _share_experience(request, method):
    denied = access.check_page(request, method)
    if denied is not None:
        return denied
    form = ExperienceForm(request.POST, ateliers=atelier_choices(request.user))
    if not form.is_valid() or wants_preview(request):
        context = method.get_context(request)
        context.update(method_context(request, method, form=form))
        context["preview"] = markdown_preview(form, "text")
        return TemplateResponse(request, method.get_template(request), context)
    data = form.cleaned_data
    # Double submit (core.once): a second submit of the same form saves nothing and goes to the
    # same place; the token stored with the experience (unique per author) is a second line.
    if not once.claim(request, form):
        return redirect(method.url + "#experiences")
    try:
        with transaction.atomic():
            _experience, created = MethodExperience.objects.get_or_create(
                author=request.user,
                form_token=data["form_token"],
                defaults={
                    "method_key": method.translation_key,
                    "text": data["text"],
                    "atelier_key": data.get("atelier") or None,
                },
            )
            if created:
                record_saved_despite_warning(form, _experience, SavedDespiteWarning.Part.EXPERIENCE, request.user)
    except IntegrityError:  # the token was stored already: the other submit made it
        created = False
    once.settle(request, form, _experience.pk if created else None)
    if created:
        messages.success(request, _("Thank you: your experience is on the page."))
    return redirect(method.url + "#experiences")


# --- the author's own experience ---------------------------------------------------------------


def _own_experience(request, experience_id):
    """An experience its author may change, on a method page they may see; anyone else: login
    or a plain 404."""
    if not request.user.is_authenticated:
        return None, None, redirect_to_login(request.get_full_path())
    experience = get_object_or_404(MethodExperience, pk=experience_id, author=request.user)
    method = MethodPage.objects.live().filter(translation_key=experience.method_key).order_by("pk").first()
    if method is None:
        raise Http404
    method = method.localized
    return experience, method, None


def edit_experience(request, experience_id):
    experience, method, denied = _own_experience(request, experience_id)
    if denied:
        return denied
    form = ExperienceEditForm(request.POST or None, initial={"text": experience.text})
    preview = []
    if wants_preview(request):
        preview = markdown_preview(form, "text")
    elif request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locked = MethodExperience.objects.select_for_update().get(pk=experience.pk)
            if locked.text != form.cleaned_data["text"]:
                ExperienceRevision.objects.create(
                    experience=locked, edited_by=request.user, content={"text": locked.text}
                )
                locked.text = form.cleaned_data["text"]
                locked.edited_at = timezone.now()
                locked.save()
                record_saved_despite_warning(form, locked, SavedDespiteWarning.Part.EXPERIENCE, request.user)
        messages.success(request, _("Your experience has been changed."))
        return redirect(f"{method.url}#experience-{experience.pk}")
    return render(
        request,
        "toolbox/experience_edit.html",
        {
            "experience": experience,
            "method": method,
            "form": form,
            "preview": preview,
            "revisions": experience.revisions.all()[:20],
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


def remove_experience(request, experience_id):
    experience, method, denied = _own_experience(request, experience_id)
    if denied:
        return denied
    form = RemoveExperienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        MethodExperience.objects.filter(pk=experience.pk, author=request.user).delete()  # its history goes with it
        messages.success(request, _("Your experience has been removed."))
        return redirect(f"{method.url}#experiences")
    return render(
        request,
        "toolbox/experience_remove.html",
        {
            "experience": experience,
            "method": method,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- tool finder --------------------------------------------------------------------------------


def finder(request, index):
    """The questions, and once answered the methods ranked by fit. A GET form: the address of the
    result is the answers, so it can be shared and bookmarked."""
    answered = any(name in request.GET for name in FinderForm.base_fields)
    form = FinderForm(request.GET if answered else None)
    matches = None
    answered_nothing = False
    if answered and form.is_valid():
        matches = finder_rules.rank(methods_for(request), form.answers())
        answered_nothing = form.answers().is_empty
    context = {
        "page": index,
        "index": index,
        "form": form,
        "matches": matches,
        # The methods that fit at all come first; the rest wait behind "Other methods", so a
        # phone does not scroll past fourteen poor fits. With no answers every method is shown.
        "fitting": [m for m in matches or [] if m.score > 0 or answered_nothing],
        "others": [m for m in matches or [] if m.score <= 0 and not answered_nothing],
        "answered_nothing": answered_nothing,
    }
    return TemplateResponse(request, "toolbox/finder.html", context)


# --- compare ------------------------------------------------------------------------------------


def _requested_slugs(request):
    slugs = []
    for value in request.GET.getlist("m")[: MAX_COMPARE_PARAMETERS + 1]:
        value = value.strip()[:255]
        if value and value not in slugs:
            slugs.append(value)
    return slugs


def _methods_by_slug(request, slugs):
    """{requested slug: method in the reader's language}; a slug of either language works."""
    found = dict(MethodPage.objects.live().filter(slug__in=slugs).values_list("slug", "translation_key"))
    if not found:
        return {}
    in_language = {m.translation_key: m for m in methods_for(request).filter(translation_key__in=found.values())}
    return {slug: in_language[key] for slug, key in found.items() if key in in_language}


def _cell(value):
    """A table cell as a list of items: empty when unknown, one item for plain text."""
    if isinstance(value, (list, tuple)):
        return [item for item in value if item]
    return [value] if value else []


def compare_rows(methods):
    """The compare table, field by field: (row heading, one (method, cell) pair per method). The
    method travels with its cell so that on a phone, where the table stacks, each cell can be
    labelled with the method it belongs to."""
    labels = dict(Recognition.choices)
    fields = [
        (_("In one line"), lambda m: m.summary),
        (_("What it is for"), lambda m: m.purpose_labels),
        (_("What it yields"), lambda m: m.get_yields_display()),
        (_("Tracks of impact"), lambda m: m.track_labels),
        (_("Forms of practice development"), lambda m: m.practice_form_labels),
        (_("Who takes part"), lambda m: m.role_labels),
        (_("Scale"), lambda m: m.scale_labels),
        (_("Time it takes"), lambda m: " · ".join(filter(None, [m.get_time_needed_display(), m.time_note]))),
        (_("Preparation"), lambda m: m.preparation),
        (_("Cost"), lambda m: m.get_cost_band_display()),
        (_("Strengths"), lambda m: m.strength_list),
        (_("Limitations"), lambda m: m.limitation_list),
        (_("Recognition (Movisie)"), lambda m: labels.get(m.recognition, "")),
        (_("Owner"), lambda m: m.method_owner),
    ]
    return [(label, [(method, _cell(value(method))) for method in methods]) for label, value in fields]


def compare(request, index):
    """Two to four methods side by side. ``?m=<slug>&m=<slug>``; errors say what to change."""
    slugs = _requested_slugs(request)
    errors, methods = [], []
    if slugs:
        by_slug = _methods_by_slug(request, slugs)
        unknown = [slug for slug in slugs if slug not in by_slug]
        for slug in unknown:
            errors.append(_("We do not know a method called “%(name)s”.") % {"name": slug})
        seen = set()
        for slug in slugs:
            method = by_slug.get(slug)
            if method is not None and method.translation_key not in seen:
                seen.add(method.translation_key)
                methods.append(method)
        if not unknown and len(methods) < MIN_COMPARE:
            errors.append(_("Choose at least two methods to compare."))
        if len(methods) > MAX_COMPARE:
            errors.append(
                ngettext(
                    "You can compare at most %(count)d method at a time; you chose %(chosen)d.",
                    "You can compare at most %(count)d methods at a time; you chose %(chosen)d.",
                    MAX_COMPARE,
                )
                % {"count": MAX_COMPARE, "chosen": len(methods)}
            )
    chosen = {method.translation_key for method in methods}
    showing = methods if slugs and not errors else []
    context = {
        "page": index,
        "index": index,
        "errors": errors,
        "methods": showing,
        "rows": compare_rows(showing) if showing else [],
        "all_methods": list(methods_for(request)),
        "chosen_keys": chosen,
        "max_compare": MAX_COMPARE,
    }
    return TemplateResponse(request, "toolbox/compare.html", context)
