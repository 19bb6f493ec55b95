"""People's privacy rights, as one registry that every app adds its part to.

- **Export** (the right of access): ``register_exporter(name, function)``; ``function(user)``
  returns ``(data, files)``: JSON-able data about the person, and a list of ``(arcname, file)``
  where ``file`` is a Django ``FieldFile`` or a filesystem path. ``build_export`` writes one
  ZIP with ``<name>.json`` per exporter and the files under ``files/``.
- **Erasure** (deleting one's account): ``register_eraser(function)``; ``function(user,
  keep_contributions)`` erases or hands over what the app holds about the person, inside the
  one transaction of ``erase_account``, which then deletes the user row itself.
- **Retention**: ``register_purger(name, function)``; ``function(now)`` deletes what is past
  its keeping time and returns how many things it deleted. ``run_retention`` (a scheduled
  django-q2 job, migration core 0004) runs them all.

Each app keeps its own part in its own ``privacy.py`` module, named in its manifest's
``registers`` (``core.components``), so it is imported when the app is ready.
"""

import json
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from . import audit

logger = logging.getLogger(__name__)

# How long a failed django-q2 task record is kept (its arguments are ids only, but the
# traceback may name things); unverified pioneer submissions and expired invitations: the same.
RETENTION_DAYS = 30
# A sent email's row stays (it keeps the event from being sent twice) but loses its address.
OUTBOX_ADDRESS_DAYS = 30


@dataclass(frozen=True)
class Exporter:
    name: str
    function: Callable
    label: object = None  # what the readable summary calls this part (a lazy translation)


_exporters: dict[str, Exporter] = {}
_erasers: list[Callable] = []
_purgers: dict[str, Callable] = {}


def register_exporter(name, function=None, label=None):
    """Add a part to every data export; usable as a decorator (``@register_exporter("cases")``).
    ``label`` names the part in the readable summary, in the member's language."""

    def register(function):
        _exporters[name] = Exporter(name, function, label)
        return function

    return register(function) if function is not None else register


def register_eraser(function):
    """Add a step to account deletion. Erasers run in the order apps are listed in
    INSTALLED_APPS (the order of autodiscovery), before the user row is deleted."""
    if function not in _erasers:
        _erasers.append(function)
    return function


def register_purger(name, function=None):
    def register(function):
        _purgers[name] = function
        return function

    return register(function) if function is not None else register


def exporters():
    return list(_exporters.values())


# --- export ------------------------------------------------------------------------------------


def private_root():
    """Where private files (data exports) are stored: outside MEDIA_ROOT, never served by the
    web server, only through a view that checks who asks."""
    return Path(getattr(settings, "PRIVATE_MEDIA_ROOT", Path(settings.MEDIA_ROOT).parent / "private-media"))


def collect(user):
    """{name: (data, files)} of every registered exporter for the user."""
    return {exporter.name: exporter.function(user) for exporter in exporters()}


def _file_source(file):
    """A readable path or file object for an exporter's file, or None when it is gone."""
    if isinstance(file, (str, Path)):
        path = Path(file)
        return path if path.is_file() else None
    if not file or not getattr(file, "name", None):
        return None
    try:
        return file.storage.open(file.name, "rb")
    except (FileNotFoundError, OSError):
        return None


def build_export(user, destination, language=None):
    """Write the ZIP of everything the platform holds about ``user`` to ``destination``: one
    JSON file per part, the files, and ``summary.html``, the same in readable form in the
    member's ``language``. Returns the list of arcnames written."""
    from django.utils import translation

    from .export_summary import SUMMARY_NAME, render_summary

    parts = collect(user)
    written = []
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        now = timezone.now()
        with translation.override(language):
            from django.utils.translation import gettext

            about = gettext(
                "Leeratelier: all data about you. Open summary.html to read it; the JSON files hold the same "
                "data for other programs, your uploaded files are under files/."
            )
            summary = render_summary(user, parts, {name: exporter.label for name, exporter in _exporters.items()}, now)
        index = {"generated_at": now, "parts": sorted(parts), "about": about, "summary": SUMMARY_NAME}
        archive.writestr("README.json", json.dumps(index, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        written.append("README.json")
        archive.writestr(SUMMARY_NAME, summary)
        written.append(SUMMARY_NAME)
        for name, (data, files) in sorted(parts.items()):
            arcname = f"{name}.json"
            archive.writestr(arcname, json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
            written.append(arcname)
            for file_arcname, file in files or []:
                source = _file_source(file)
                if source is None:
                    continue
                arcname = f"files/{name}/{file_arcname}"
                if isinstance(source, Path):
                    archive.write(source, arcname)
                else:
                    with source:
                        archive.writestr(arcname, source.read())
                written.append(arcname)
    return written


# --- erasure -----------------------------------------------------------------------------------


@transaction.atomic
def erase_account(user, keep_contributions):
    """Delete a person's account: every app's eraser, the audit event, then the user row (which
    takes the profile, photo, email addresses and what else cascades). One transaction: a
    failing step leaves the account as it was."""
    for eraser in list(_erasers):
        eraser(user, keep_contributions)
    audit.record(user, audit.Action.ACCOUNT_DELETED, user, keep_contributions=bool(keep_contributions))
    user.delete()


# --- retention ---------------------------------------------------------------------------------


def purge_failed_tasks(now):
    """django-q2's records of failed tasks, after RETENTION_DAYS."""
    from django_q.models import Failure

    deleted, _ = Failure.objects.filter(stopped__lt=now - timedelta(days=RETENTION_DAYS)).delete()
    return deleted


register_purger("failed-tasks", purge_failed_tasks)


def forget_sent_addresses(now):
    """Outbox rows sent more than OUTBOX_ADDRESS_DAYS ago lose their recipient address (see
    forget_addresses). Returns how many rows were changed."""
    from .models import OutboxEmail

    return forget_addresses(
        OutboxEmail.objects.filter(
            status=OutboxEmail.Status.SENT, sent_at__lt=now - timedelta(days=OUTBOX_ADDRESS_DAYS)
        )
    )


def forget_addresses(emails):
    """These outbox rows (a queryset) lose their recipient address. Their event key names the
    recipient too, so it becomes a keyed hash of itself (unique, no longer readable); the row stays
    as the record that the email went out. Also used when a guest erases their registration.
    Returns how many rows were changed."""
    import hashlib
    import hmac

    from .models import OutboxEmail

    rows = list(emails.exclude(recipient="").only("pk", "key", "recipient"))
    for row in rows:
        digest = hmac.new(settings.SECRET_KEY.encode(), row.key.encode(), hashlib.sha256).hexdigest()
        row.key, row.recipient = f"forgotten:{digest}", ""
    OutboxEmail.objects.bulk_update(rows, ["key", "recipient"], batch_size=500)
    return len(rows)


register_purger("sent-email-addresses", forget_sent_addresses)


def run_retention(now=None):
    """The scheduled retention job: every purger, each in its own transaction (one failing
    purger does not keep the others from running). Returns {purger: count or 'error'}."""
    now = now or timezone.now()
    results = {}
    for name, purger in list(_purgers.items()):
        try:
            with transaction.atomic():
                results[name] = purger(now)
        except Exception:
            logger.exception("Retention purger %s failed", name)
            results[name] = "error"
    purged = {name: count for name, count in results.items() if count}
    if purged:
        audit.record(None, audit.Action.RETENTION_PURGE, **purged)
    return results
