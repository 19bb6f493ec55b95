"""A person's privacy rights on their own account: asking for a copy of their data and
deleting their account. The views call these; the parts each app contributes are in the
apps' ``privacy.py`` modules (see leeratelier.core.privacy)."""

import secrets
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone

from leeratelier.core import audit, outbox, privacy

from .models import DataExport, profile_of

EXPORT_VALID_DAYS = 7
EXPORT_SALT = "leeratelier.accounts.data-export"
EXPORT_TASK = "leeratelier.accounts.tasks.build_data_export"
EXPORT_READY = "account-data-export-ready"


def export_token(export):
    return signing.TimestampSigner(salt=EXPORT_SALT).sign(str(export.pk))


def export_from_token(token):
    """(export, link_expired) for a download link; (None, False) for a link we did not make.
    The view also checks the stored expiry and that the export is the signed-in person's."""
    signer = signing.TimestampSigner(salt=EXPORT_SALT)
    try:
        pk, expired = signer.unsign(token, max_age=timedelta(days=EXPORT_VALID_DAYS)), False
    except signing.SignatureExpired:
        pk, expired = signer.unsign(token), True
    except signing.BadSignature:
        return None, False
    return DataExport.objects.filter(pk=int(pk)).first(), expired


@transaction.atomic
def request_export(user):
    """Queue the preparation of a data export. Asking again within a few minutes returns the
    export already on its way (a double click makes one job, one email)."""
    now = timezone.now()
    existing = DataExport.objects.recent(user, now).select_for_update().first()
    if existing is not None:
        return existing, False
    export = DataExport.objects.create(user=user, requested_at=now)
    audit.record(user, audit.Action.DATA_EXPORT_REQUESTED, export)
    transaction.on_commit(lambda: _queue_build(export.pk))
    return export, True


def _queue_build(export_id):
    from django_q.tasks import async_task

    async_task(EXPORT_TASK, export_id, task_name=f"data-export-{export_id}")


def build(export_id):
    """The django-q2 job: write the ZIP to the private directory, mark the export ready and
    queue the email with the link, in one transaction (a crash before commit leaves it pending
    and writes no email; the file of a failed run is removed)."""
    export = DataExport.objects.select_related("user").filter(pk=export_id, status=DataExport.Status.PENDING).first()
    if export is None:
        return None
    file_name = f"exports/{export.user_id}-{secrets.token_hex(16)}.zip"
    destination = privacy.private_root() / file_name
    try:
        privacy.build_export(export.user, destination, language=profile_of(export.user).language)
        with transaction.atomic():
            now = timezone.now()
            export.file_name = file_name
            export.status = DataExport.Status.READY
            export.ready_at = now
            export.expires_at = now + timedelta(days=EXPORT_VALID_DAYS)
            export.save(update_fields=["file_name", "status", "ready_at", "expires_at"])
            outbox.enqueue(
                key=f"{EXPORT_READY}:{export.pk}",
                kind=EXPORT_READY,
                recipient=export.user.email,
                language=profile_of(export.user).language,
                context={"export": export.pk},
            )
    except Exception:
        destination.unlink(missing_ok=True)
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.FAILED)
        raise
    return export.pk


def delete_account(user, keep_contributions):
    """Erase the person's account (see core.privacy.erase_account); one transaction."""
    privacy.erase_account(user, keep_contributions)
