"""Every kind of notification, declared once: its name, its label on the preferences page,
its default, what the list and the emails say (per variant, naming only the atelier), who may
hear of it (through the access function, asked when it happens, when a digest is made and
when the link is opened) and where its link leads.

A kind's messages never hold a title or text: for a hidden atelier that would tell more than
its name and the kind of event (all a non-member may know of it), and for simplicity every
atelier is treated so."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leeratelier.core import access

from .models import Frequency


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    help_text: str
    default: str
    # {variant: message with %(atelier)s}; the variant "" is the default message.
    messages: dict
    # may_hear(user, subject) -> bool, through leeratelier.core.access (a component's object through
    # ``access.can``, which asks that component's policy: this app imports no component).
    may_hear: Callable
    # url(subject, variant) -> a path, reversed in the active language.
    url: Callable
    # The model of the subject ("app_label.Model"), for loading and for the sample data.
    subject_model: str
    only_for: str = field(default="")  # a hint on the preferences page ("coordinators")

    def message(self, variant, atelier):
        text = self.messages.get(variant) or self.messages[""]
        return text % {"atelier": atelier}


KINDS: dict[str, Kind] = {}


def declare(kind):
    KINDS[kind.name] = kind
    return kind


def get(name):
    return KINDS[name]


# --- who may hear ----------------------------------------------------------------------------------


def _active(user):
    return bool(user and user.is_active and user.is_authenticated)


def _sees_meeting(user, meeting):
    return _active(user) and meeting.live and access.can_view_page(user, meeting)


def _sees_case(user, post):
    case = getattr(post, "case", post)
    return _active(user) and not case.is_removed and access.can(user, "view", case)


def _moderates(user, report):
    return _active(user) and access.can_moderate_atelier(user, report.moderated_in())


def _member_of_key(user, obj):
    return _active(user) and obj.atelier_key in access.atelier_roles(user)


def _sees_phase(user, phase):
    return _active(user) and access.can(user, "view", phase.cycle)


def _sees_report(user, report):
    return _active(user) and access.can(user, "view", report)


def _own_membership(user, membership):
    return _active(user) and membership.user_id == user.pk


# --- where the link leads --------------------------------------------------------------------------


def _page_url(page, variant):
    from django.utils import translation
    from wagtail.models import Locale

    localized = (
        page.get_translation_or_none(Locale.objects.filter(language_code=translation.get_language()).first()) or page
    )
    return localized.get_url() or page.get_url() or "/"


def _case_url(post, variant):
    case = getattr(post, "case", post)
    path = reverse("cases:detail", args=[case.pk])
    return path if post is case else f"{path}#reflection-{post.pk}"


def _reports_url(report, variant):
    from leeratelier.ateliers.models import AtelierPage

    atelier = AtelierPage.objects.filter(translation_key=report.moderated_in()).order_by("pk").first()
    return reverse("cases:reports", args=[atelier.pk]) if atelier else "/"


def _phase_url(phase, variant):
    return reverse("cycles:phase", args=[phase.pk])


def _report_url(report, variant):
    return reverse("cycles:report", args=[report.pk])


def _membership_url(membership, variant):
    from leeratelier.ateliers.models import AtelierPage

    atelier = AtelierPage.objects.filter(translation_key=membership.atelier_key).order_by("pk").first()
    return _page_url(atelier, variant) if atelier else "/"


def _announcement_url(announcement, variant):
    return reverse("notifications:announcement", args=[announcement.pk])


# --- the kinds -------------------------------------------------------------------------------------

declare(
    Kind(
        "meeting-published",
        _("A new expert meeting"),
        _("An expert meeting of your atelier is announced."),
        Frequency.IMMEDIATELY,
        {"": _("A new expert meeting in %(atelier)s")},
        _sees_meeting,
        _page_url,
        "ateliers.ExpertMeetingPage",
    )
)
declare(
    Kind(
        "meeting-changed",
        _("A meeting moved or cancelled"),
        _(
            "An expert meeting of your atelier has a new time or place, or is cancelled. If you registered, the email with the new calendar file comes anyway."
        ),
        Frequency.IMMEDIATELY,
        {
            "": _("An expert meeting in %(atelier)s has changed"),
            "moved": _("An expert meeting in %(atelier)s has a new time or place"),
            "cancelled": _("An expert meeting in %(atelier)s is cancelled"),
        },
        _sees_meeting,
        _page_url,
        "ateliers.ExpertMeetingPage",
    )
)
declare(
    Kind(
        "case-new",
        _("A new case"),
        _("A member posts a case in your atelier."),
        Frequency.WEEKLY,
        {"": _("A new case in %(atelier)s")},
        _sees_case,
        _case_url,
        "cases.Case",
    )
)
declare(
    Kind(
        "case-reflection",
        _("A reflection on your case"),
        _("Someone reflects on a case you posted."),
        Frequency.IMMEDIATELY,
        {"": _("A new reflection on your case in %(atelier)s")},
        _sees_case,
        _case_url,
        "cases.Reflection",
    )
)
declare(
    Kind(
        "case-reply",
        _("A reply to your reflection"),
        _("Someone replies to a reflection you wrote."),
        Frequency.IMMEDIATELY,
        {"": _("A reply to your reflection in %(atelier)s")},
        _sees_case,
        _case_url,
        "cases.Reflection",
    )
)
declare(
    Kind(
        "mention",
        _("A mention of you"),
        _("A member mentions you by name in a reflection."),
        Frequency.IMMEDIATELY,
        {"": _("You were mentioned in a reflection in %(atelier)s")},
        _sees_case,
        _case_url,
        "cases.Reflection",
    )
)
declare(
    Kind(
        "cycle-phase",
        _("A learning cycle phase opens or closes"),
        _("A phase of a learning cycle you joined opens, or ends soon while we have not heard from you in it."),
        Frequency.IMMEDIATELY,
        {
            "": _("A phase of a learning cycle in %(atelier)s has opened"),
            "opened": _("A phase of a learning cycle in %(atelier)s has opened"),
            "closing": _("A phase of a learning cycle in %(atelier)s ends within three days; add your contribution"),
        },
        _sees_phase,
        _phase_url,
        "cycles.Phase",
    )
)
declare(
    Kind(
        "report-published",
        _("A narrative report"),
        _("The coordinators publish a narrative report of your atelier."),
        Frequency.WEEKLY,
        {"": _("A narrative report was published in %(atelier)s")},
        _sees_report,
        _report_url,
        "cycles.NarrativeReport",
    )
)
declare(
    Kind(
        "join-decided",
        _("Your request to join"),
        _("The coordinators decide on your request to join an atelier."),
        Frequency.IMMEDIATELY,
        {
            "": _("The coordinators of %(atelier)s decided on your request"),
            "approved": _("Welcome to %(atelier)s: your request to join was approved"),
            "declined": _("Your request to join %(atelier)s was not approved this time"),
        },
        _own_membership,
        _membership_url,
        "ateliers.Membership",
    )
)
declare(
    Kind(
        "announcement",
        _("Announcements"),
        _("The coordinators of your atelier send a message to its members."),
        Frequency.IMMEDIATELY,
        {"": _("A message from the coordinators of %(atelier)s")},
        _member_of_key,
        _announcement_url,
        "notifications.Announcement",
    )
)
declare(
    Kind(
        "post-reported",
        _("A reported post"),
        _("A member reports a post in an atelier you coordinate."),
        Frequency.IMMEDIATELY,
        {"": _("A post was reported in %(atelier)s")},
        _moderates,
        _reports_url,
        "cases.Report",
        only_for="coordinators",
    )
)
