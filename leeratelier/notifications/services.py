"""The rules of being told: who hears of an event (the kind's access check), once (a key per
event and recipient), by email at once, in the weekly digest or only in the site (the person's
setting per kind); reading and the unread count; turning a kind off from an email link."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from leeratelier.core import access, outbox

from . import kinds
from .models import Frequency, Notification, NotificationSetting

EMAIL_KIND = "notification"
DIGEST_KIND = "notification-digest"
DIGEST = "digest"  # the unsubscribe "kind" of the weekly digest: every weekly kind goes off
UNSUBSCRIBE_SALT = "leeratelier.notifications.unsubscribe"
UNREAD_CACHE_SECONDS = 600


def language_of(user):
    from leeratelier.ateliers.services import preferred_language

    return preferred_language(user)


# --- settings --------------------------------------------------------------------------------------


def frequencies(user):
    """{kind name: frequency} for every kind, the defaults filled in (one query)."""
    chosen = dict(NotificationSetting.objects.filter(user=user).values_list("kind", "frequency"))
    return {name: chosen.get(name, kind.default) for name, kind in kinds.KINDS.items()}


def _frequencies_of(users, kind):
    chosen = dict(
        NotificationSetting.objects.filter(user__in=[u.pk for u in users], kind=kind.name).values_list(
            "user_id", "frequency"
        )
    )
    return {user.pk: chosen.get(user.pk, kind.default) for user in users}


@transaction.atomic
def set_frequencies(user, chosen):
    """Store the person's choices; a choice equal to the default keeps a row too (the default
    may change later, a choice should not)."""
    for name, frequency in chosen.items():
        if name in kinds.KINDS and frequency in Frequency.values:
            NotificationSetting.objects.update_or_create(user=user, kind=name, defaults={"frequency": frequency})


# --- telling people --------------------------------------------------------------------------------


def notify(kind_name, subject, recipients, *, event, atelier_key, variant="", by=None, send_email=True):
    """Tell each recipient (never ``by``, who caused it) who may hear of it, once per ``event``:
    a notification in the site, and an email at once or in the weekly digest as they chose.
    Runs inside the caller's transaction (or one of its own), so nothing is told of a change
    that was rolled back. ``send_email=False``: in the site only (someone else emails them)."""
    kind = kinds.get(kind_name)
    people, seen = [], set()
    for user in recipients:
        if user is None or user.pk in seen or (by is not None and user.pk == by.pk):
            continue
        seen.add(user.pk)
        people.append(user)
    if not people:
        return []
    subject_type = ContentType.objects.get_for_model(type(subject), for_concrete_model=False)
    made = []
    with transaction.atomic():
        chosen = _frequencies_of(people, kind)
        for user in people:
            access.forget_roles(user)
            if not kind.may_hear(user, subject):
                continue
            frequency = chosen[user.pk]
            wants_email = send_email and bool(user.email) and frequency != Frequency.OFF
            notification, created = Notification.objects.get_or_create(
                key=f"{kind.name}:{event}:{user.pk}",
                defaults={
                    "recipient": user,
                    "kind": kind.name,
                    "variant": variant,
                    "atelier_key": atelier_key,
                    "subject_type": subject_type,
                    "subject_id": subject.pk,
                    "in_digest": wants_email and frequency == Frequency.WEEKLY,
                },
            )
            if not created:
                continue
            if wants_email and frequency == Frequency.IMMEDIATELY:
                outbox.enqueue(
                    key=f"{EMAIL_KIND}:{notification.pk}",
                    kind=EMAIL_KIND,
                    recipient=user.email,
                    language=language_of(user),
                    context={"notification": notification.pk},
                )
            made.append(notification)
        if made:
            recipients_told = [n.recipient_id for n in made]
            # Now (this request's own pages) and after the commit (a page read in between).
            forget_unread_counts(recipients_told)
            transaction.on_commit(lambda: forget_unread_counts(recipients_told))
    return made


def active_members(atelier_key, *, coordinators_only=False):
    from leeratelier.ateliers.models import Membership

    memberships = Membership.objects.coordinators() if coordinators_only else Membership.objects.active()
    ids = memberships.filter(atelier_key=atelier_key).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).select_related("profile").order_by("pk"))


# --- reading ---------------------------------------------------------------------------------------


def _unread_key(user_id):
    return f"notifications:unread:{user_id}"


def unread_count(user):
    """The header's number: from the cache, else one COUNT on an index. Invalidated whenever
    the person is told something or reads something."""
    if not user or not user.is_authenticated:
        return 0
    count = cache.get(_unread_key(user.pk))
    if count is None:
        count = Notification.objects.filter(recipient=user).unread().count()
        cache.set(_unread_key(user.pk), count, UNREAD_CACHE_SECONDS)
    return count


def forget_unread_counts(user_ids):
    cache.delete_many([_unread_key(pk) for pk in set(user_ids)])


def mark_read(user, notification_ids=None):
    """Mark the person's notifications (these, or all) read. Returns how many changed."""
    unread = Notification.objects.filter(recipient=user).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    changed = unread.update(read_at=timezone.now())
    forget_unread_counts([user.pk])
    return changed


def subject_of(notification):
    """The notification's object, or None when it is gone."""
    model = notification.subject_type.model_class() if notification.subject_type_id else None
    if model is None:
        return None
    return model._default_manager.filter(pk=notification.subject_id).first()


def target_path(notification, user):
    """Where the notification's link leads, in the active language; None when the person may
    no longer see it (they left the atelier, the meeting was unpublished)."""
    kind = kinds.KINDS.get(notification.kind)
    subject = subject_of(notification)
    if kind is None or subject is None:
        return None
    if hasattr(subject, "specific") and not isinstance(subject, type(subject.specific)):
        subject = subject.specific
    access.forget_roles(user)
    if not kind.may_hear(user, subject):
        return None
    return kind.url(subject, notification.variant)


def describe(notifications, language):
    """What the list and the emails say of each notification: [(notification, message)]."""
    from leeratelier.ateliers.services import atelier_names

    names = atelier_names([n.atelier_key for n in notifications], language)
    described = []
    for notification in notifications:
        kind = kinds.KINDS.get(notification.kind)
        if kind is None:
            continue
        described.append(
            (notification, kind.message(notification.variant, names.get(notification.atelier_key, "Leeratelier")))
        )
    return described


# --- the weekly digest -----------------------------------------------------------------------------


def send_weekly_digest(now=None):
    """Queue one digest per person with waiting items. Each person's items are locked, queued
    under a key made of the newest item's id and marked digested in one transaction: a second
    run (or two at once) finds nothing left, or at worst the same key; no item goes twice.
    Items the person may no longer see are left out. Returns the number of digests queued."""
    now = now or timezone.now()
    waiting_for = Notification.objects.waiting_for_digest().values_list("recipient_id", flat=True).distinct()
    queued = 0
    for user in get_user_model().objects.filter(pk__in=list(waiting_for), is_active=True).select_related("profile"):
        with transaction.atomic():
            waiting = list(
                Notification.objects.select_for_update(of=("self",))
                .waiting_for_digest()
                .filter(recipient=user)
                .order_by("pk")
            )
            if not waiting:
                continue
            still_allowed = [n.pk for n in waiting if target_path(n, user) is not None]
            Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(digested_at=now)
            if still_allowed and user.email:
                outbox.enqueue(
                    key=f"{DIGEST_KIND}:{user.pk}:{waiting[-1].pk}",
                    kind=DIGEST_KIND,
                    recipient=user.email,
                    language=language_of(user),
                    context={"notifications": still_allowed},
                )
                queued += 1
    Notification.objects.waiting_for_digest().filter(recipient__is_active=False).update(digested_at=now)
    return queued


# --- one-click unsubscribe (RFC 8058) --------------------------------------------------------------


def unsubscribe_token(user, kind_name):
    return signing.dumps({"u": user.pk, "k": kind_name}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """(user, kind name) of a valid token, else None. Tokens do not expire: an unsubscribe
    link in an old email must still work (RFC 8058); it can only turn emails off."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not (data.get("k") in kinds.KINDS or data.get("k") == DIGEST):
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    return (user, data["k"]) if user else None


@transaction.atomic
def unsubscribe(user, kind_name):
    """Turn a kind's emails off (the digest: every kind now in the weekly digest)."""
    if kind_name == DIGEST:
        names = [name for name, frequency in frequencies(user).items() if frequency == Frequency.WEEKLY]
    else:
        names = [kind_name]
    set_frequencies(user, {name: Frequency.OFF for name in names})
    Notification.objects.waiting_for_digest().filter(recipient=user, kind__in=names).update(in_digest=False)
    return names


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
