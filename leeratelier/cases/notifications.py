"""Telling people about activity on their cases: a new reflection on my case, a reply to my
reflection, a reported post (to the atelier's coordinators). Each person chooses immediately,
a daily digest, or nothing (NotificationPreference).

Every email goes through the outbox and is rendered at send time in the recipient's language;
it names the atelier and the kind of event and holds a link, never the case's title or text
(the outbox row stores ids only). Recipients are checked with the access function when the
event happens and again when a digest is put together: someone who left the atelier hears
nothing more about it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from leeratelier.core import access, outbox

from .models import Notification, NotificationPreference

IMMEDIATE_KIND = "case-notification"
DIGEST_KIND = "case-digest"


def frequency_of(user):
    preference = NotificationPreference.objects.filter(user=user).values_list("frequency", flat=True).first()
    return preference or NotificationPreference.Frequency.IMMEDIATELY


def language_of(user):
    from leeratelier.ateliers.services import preferred_language

    return preferred_language(user)


def _may_hear_about(user, notification_event, case):
    if not user or not user.is_active or not user.email:
        return False
    if notification_event == Notification.Event.REPORT:
        return access.can_moderate_case(user, case)
    return access.can_view_case(user, case)


def notify(event, case, recipients, *, by=None, reflection=None, report=None):
    """Record the event for each recipient (never the person who caused it) and queue the
    immediate emails, inside the caller's transaction."""
    made = []
    seen = set()
    for user in recipients:
        if user is None or user.pk in seen or (by is not None and user.pk == by.pk):
            continue
        seen.add(user.pk)
        access.forget_roles(user)
        if not _may_hear_about(user, event, case):
            continue
        frequency = frequency_of(user)
        if frequency == NotificationPreference.Frequency.OFF:
            continue
        notification = Notification.objects.create(
            recipient=user, event=event, case=case, reflection=reflection, report=report,
            in_digest=frequency == NotificationPreference.Frequency.DAILY,
        )
        if not notification.in_digest:
            outbox.enqueue(
                key=f"{IMMEDIATE_KIND}:{notification.pk}", kind=IMMEDIATE_KIND, recipient=user.email,
                language=language_of(user), context={"notification": notification.pk},
            )
        made.append(notification)
    return made


def coordinators_of(case):
    from leeratelier.ateliers.models import Membership

    keys = Membership.objects.coordinators().filter(atelier_key=case.atelier_key).values("user_id")
    return list(get_user_model().objects.filter(pk__in=keys, is_active=True))


def reflection_posted(reflection, by):
    """The case's author hears of a new reflection; the author of the reflection it replies to
    hears of the reply (once: the case's author who is also that author gets one email)."""
    case = reflection.case
    notify(Notification.Event.REFLECTION, case, [case.author], by=by, reflection=reflection)
    parent_author = reflection.reply_to.author if reflection.reply_to_id and reflection.reply_to else None
    if parent_author is not None and parent_author.pk != case.author_id:
        notify(Notification.Event.REPLY, case, [parent_author], by=by, reflection=reflection)


def post_reported(report, case, by):
    notify(Notification.Event.REPORT, case, coordinators_of(case), by=by, report=report)


# --- the daily digest ---------------------------------------------------------------------------


def send_daily_digest(now=None):
    """Queue one digest email per person with waiting digest items. Each person's items are
    locked, queued under a key made of the newest item's id and marked digested in one
    transaction: a second run (or two at once) finds nothing left, or at worst the same key,
    so no item is ever sent twice. Returns the number of digests queued."""
    now = now or timezone.now()
    recipients = (
        Notification.objects.filter(in_digest=True, digested_at__isnull=True)
        .values_list("recipient_id", flat=True).distinct()
    )
    queued = 0
    for user in get_user_model().objects.filter(pk__in=list(recipients)):
        with transaction.atomic():
            waiting = list(
                Notification.objects.select_for_update(of=("self",))
                .filter(recipient=user, in_digest=True, digested_at__isnull=True)
                .select_related("case").order_by("pk")
            )
            if not waiting:
                continue
            access.forget_roles(user)
            still_allowed = [n.pk for n in waiting if _may_hear_about(user, n.event, n.case)]
            Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(digested_at=now)
            if still_allowed:
                outbox.enqueue(
                    key=f"{DIGEST_KIND}:{user.pk}:{waiting[-1].pk}", kind=DIGEST_KIND, recipient=user.email,
                    language=language_of(user), context={"notifications": still_allowed},
                )
                queued += 1
    return queued


# --- what the emails show -----------------------------------------------------------------------


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def atelier_title(atelier_key, language):
    """The atelier's name in the recipient's language (the Dutch one where it is not translated)."""
    from leeratelier.ateliers.models import AtelierPage

    versions = list(AtelierPage.objects.filter(translation_key=atelier_key).select_related("locale"))
    for page in versions:
        if page.locale.language_code == language:
            return page.title
    return versions[0].title if versions else ""


def link_for(notification, language):
    from leeratelier.ateliers.models import AtelierPage

    with translation.override(language):
        if notification.event == Notification.Event.REPORT:
            atelier = AtelierPage.objects.filter(translation_key=notification.case.atelier_key).order_by("pk").first()
            return _absolute(reverse("cases:reports", args=[atelier.pk])) if atelier else ""
        path = reverse("cases:detail", args=[notification.case_id])
        if notification.reflection_id:
            path += f"#reflection-{notification.reflection_id}"
        return _absolute(path)


def describe(notification, language):
    return {
        "event": notification.event,
        "atelier": atelier_title(notification.case.atelier_key, language),
        "url": link_for(notification, language),
    }


def immediate_context(email):
    notification = Notification.objects.select_related("case").get(pk=email.context["notification"])
    return {"item": describe(notification, email.language),
            "settings_url": _absolute(_settings_path(email.language))}


def digest_context(email):
    notifications = Notification.objects.filter(pk__in=email.context["notifications"]).select_related("case").order_by("pk")
    return {"items": [describe(n, email.language) for n in notifications],
            "settings_url": _absolute(_settings_path(email.language))}


def _settings_path(language):
    with translation.override(language):
        return reverse("cases:notification_settings")


outbox.register_kind(IMMEDIATE_KIND, immediate_context)
outbox.register_kind(DIGEST_KIND, digest_context)

__all__ = ["notify", "reflection_posted", "post_reported", "send_daily_digest"]
