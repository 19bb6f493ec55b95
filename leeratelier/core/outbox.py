"""The email outbox: every email the platform sends passes through here.

Why an outbox: an email must go out if and only if the event that causes it was committed, and
never twice. So the event's transaction writes an ``OutboxEmail`` row (``enqueue``), with a unique
key per event and recipient; the scheduled django-q2 job ``send_pending`` claims due rows one at a
time with a conditional UPDATE (only one worker can move a row from pending to sending, on SQLite
and PostgreSQL alike), sends, and marks them sent. A refused send is retried with exponential
backoff until ``OUTBOX_MAX_ATTEMPTS``.

A worker can die (SIGKILL, out of memory, a lost machine) while it holds a row in "sending".
Such a row is claimed again once its claim is older than ``OUTBOX_STALE_AFTER`` (longer than
django-q2's task timeout, after which no live worker can still hold it), so nothing is lost.
The message may then reach the mail server twice, if the worker died in the instant between
the server's acceptance and the UPDATE that marks the row sent. SMTP gives no way to ask the
server whether it already has a message, so this window cannot be closed; it is kept small
(one SMTP session per run, the row is marked before the session is closed) and every copy
carries the same ``Message-ID`` (derived from the row), so the recipient's mail program shows
it once. tests/faults/test_qcluster_killed.py shows it with real killed clusters.

Later apps add kinds of email with ``register_kind``; each kind has templates
``emails/<kind>/subject.txt`` and ``emails/<kind>/body.txt`` (and optionally ``body.html``),
rendered in the recipient's language with the context its builder makes from the stored ids.
Every email has an HTML part beside the text: the kind's ``body.html`` (extending
``emails/base.html``) or, without one, the text part set in that same base layout (escaped, its
links made clickable). A kind may add headers (``List-Unsubscribe``) and sample data for the
admin's preview of every kind of email.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from .models import OutboxEmail

logger = logging.getLogger(__name__)

SEND_TASK = "leeratelier.core.tasks.send_outbox"


@dataclass(frozen=True)
class EmailKind:
    name: str
    # Turns the stored ids into a template context (loads objects from the database).
    build_context: Callable[[OutboxEmail], dict]
    # Returns (filename, content, mimetype) tuples, e.g. an .ics file.
    attachments: Callable[[OutboxEmail], list] | None = None
    # Returns extra headers, e.g. List-Unsubscribe for a kind people can turn off.
    headers: Callable[[OutboxEmail], dict] | None = None
    # Returns an unsaved OutboxEmail-like context for the admin preview: (context dict, language).
    sample: Callable[[], dict] | None = None


_kinds: dict[str, EmailKind] = {}


def register_kind(name, build_context=None, attachments=None, headers=None, sample=None):
    """Declare a kind of email. Call from an app's ``emails.py`` (imported in ``AppConfig.ready``).
    ``sample`` returns a template context made of unsaved sample objects (the admin preview)."""
    _kinds[name] = EmailKind(name, build_context or (lambda email: dict(email.context)), attachments, headers, sample)
    return _kinds[name]


def kinds():
    """Every registered kind of email, by name (the admin preview lists them)."""
    return dict(sorted(_kinds.items()))


def get_kind(name):
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"No email kind {name!r} is registered") from None


def enqueue(*, key, kind, recipient, language, context=None):
    """Queue one email for an event, inside the caller's transaction. Idempotent: the same key
    queues nothing new and returns the existing row. ``context`` must hold ids, never texts or
    personal data beyond the recipient's address."""
    get_kind(kind)  # fail loudly at the event, not later in the sending job
    with transaction.atomic():
        email, created = OutboxEmail.objects.get_or_create(
            key=key,
            defaults={
                "kind": kind,
                "recipient": recipient,
                "language": language or settings.LANGUAGE_CODE,
                "context": context or {},
            },
        )
    if created:
        transaction.on_commit(schedule_send)
    return email


def schedule_send():
    """Ask the q2 cluster to send now rather than at the next scheduled run."""
    from django_q.tasks import async_task

    async_task(SEND_TASK, task_name="send-outbox-now")


def render_parts(kind_name, context, language):
    """(subject, text, html) of a kind of email for a context, in ``language``. Used to send
    and by the admin preview."""
    from .contact import site_contact

    with translation.override(language):
        context = {
            "site_url": settings.WAGTAILADMIN_BASE_URL,
            "site_contact": site_contact(),
            **context,
            "language": language,
        }
        subject = " ".join(render_text(f"emails/{kind_name}/subject.txt", context).split())
        body = render_text(f"emails/{kind_name}/body.txt", context)
        context = {**context, "subject": subject, "text_body": body}
        try:
            html = render_to_string(f"emails/{kind_name}/body.html", context)
        except TemplateDoesNotExist:
            html = render_to_string("emails/base.html", context)
    return subject, body, html


def render(email):
    kind = get_kind(email.kind)
    with translation.override(email.language):
        context = {**kind.build_context(email), "email": email}
        attachments = kind.attachments(email) if kind.attachments else []
        extra_headers = kind.headers(email) if kind.headers else {}
    subject, body, html = render_parts(email.kind, context, email.language)
    message = EmailMultiAlternatives(
        subject, body, to=[email.recipient], headers={**extra_headers, "Message-ID": message_id(email)}
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def message_id(email):
    """The same Message-ID every time this row is sent, so a copy sent again after a crash is
    recognised by the recipient's mail program as the same message."""
    domain = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "leeratelier.invalid"
    digest = hashlib.sha256(email.key.encode()).hexdigest()[:16]
    return f"<outbox.{email.pk}.{digest}@{domain}>"


def render_text(template_name, context):
    """Plain-text parts are not HTML: render them without autoescaping, so a name like
    O'Brien does not arrive as O&#x27;Brien."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def backoff(attempts):
    """Minutes to wait after the n-th failed attempt: 1, 2, 4, 8 ... at most a day."""
    return timedelta(minutes=min(2 ** (attempts - 1), 24 * 60))


def _claim(email_id, now):
    return OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.PENDING).update(
        status=OutboxEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )


def recover_stale_claims(now):
    """Return rows whose worker died while holding them to the queue (see the module notes). A
    row that has used up its attempts this way (it kills every worker that renders it) fails."""
    stale = OutboxEmail.objects.filter(
        status=OutboxEmail.Status.SENDING, claimed_at__lt=now - settings.OUTBOX_STALE_AFTER
    )
    given_up = stale.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS).update(
        status=OutboxEmail.Status.FAILED, last_error="The worker sending it stopped every time."
    )
    recovered = stale.update(
        status=OutboxEmail.Status.PENDING, next_attempt_at=now, last_error="The worker sending it stopped."
    )
    if recovered or given_up:
        logger.warning("Outbox: %s stale claims retried, %s given up", recovered, given_up)
    return recovered


def send_pending(now=None):
    """Send every due email once. Safe to run concurrently: a row is claimed by exactly one
    runner. Returns the number of emails sent and failed in this run."""
    now = now or timezone.now()
    recover_stale_claims(now)
    due = list(
        OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[: settings.OUTBOX_BATCH_SIZE]
    )
    sent = failed = 0
    if not due:
        return {"sent": sent, "failed": failed}
    # One mail-server session for the run: opened by the first send, reopened after a refusal,
    # and closed only after the last row is marked (a QUIT after the server's acceptance would
    # widen the window in which a crash leads to a second copy).
    connection = get_connection(fail_silently=False)
    try:
        for email_id in due:
            if not _claim(email_id, now):
                continue  # another runner has it
            email = OutboxEmail.objects.get(pk=email_id)
            try:
                message = render(email)
                connection.open()  # no-op while the session is open
                message.connection = connection
                message.send(fail_silently=False)
            except Exception as exc:  # any refusal: template, lookup or mail server
                failed += 1
                _close_quietly(connection)
                given_up = email.attempts >= settings.OUTBOX_MAX_ATTEMPTS
                OutboxEmail.objects.filter(pk=email_id).update(
                    status=OutboxEmail.Status.FAILED if given_up else OutboxEmail.Status.PENDING,
                    next_attempt_at=now + backoff(email.attempts),
                    last_error=f"{type(exc).__name__}: {exc}"[:2000],
                )
                logger.warning("Outbox email %s failed (attempt %s): %s", email_id, email.attempts, exc)
            else:
                sent += 1
                OutboxEmail.objects.filter(pk=email_id).update(
                    status=OutboxEmail.Status.SENT, sent_at=timezone.now(), last_error=""
                )
    finally:
        _close_quietly(connection)
    return {"sent": sent, "failed": failed}


def _close_quietly(connection):
    try:
        connection.close()
    except Exception:  # a broken session: the next send opens a new one
        pass


def retry_now(email_id):
    """A site admin's "retry now" for a failed email: due again at once, with one more attempt
    (the attempts so far stay counted). Returns False when the row is not failed (sent meanwhile,
    or already retried). The send job is started once the change is committed."""
    with transaction.atomic():
        updated = OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.FAILED).update(
            status=OutboxEmail.Status.PENDING, next_attempt_at=timezone.now()
        )
        if updated:
            transaction.on_commit(schedule_send)
    return bool(updated)
