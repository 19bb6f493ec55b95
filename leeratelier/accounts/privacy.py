"""The accounts app's part in people's privacy rights (see leeratelier.core.privacy): the
account and profile in the export, the photo among the files; on deletion, the data exports and
the emails addressed to the person; after their expiry, the export files."""

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils.translation import gettext_lazy

from leeratelier.core.models import OutboxEmail
from leeratelier.core.privacy import register_eraser, register_exporter, register_purger

from .models import DataExport, profile_of


@register_exporter("account", label=gettext_lazy("Your account and profile"))
def export_account(user):
    profile = profile_of(user)
    data = {
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "profile": {
            "role": profile.role,
            "organisation": profile.organisation,
            "bio": profile.bio,
            "municipality": profile.municipality.name if profile.municipality_id else None,
            "listed_in_directory": profile.listed_in_directory,
            "language": profile.language,
            "photo": profile.avatar.name.rsplit("/", 1)[-1] if profile.avatar else None,
        },
        "data_exports": [
            {"requested_at": export.requested_at, "status": export.status}
            for export in DataExport.objects.filter(user=user)
        ],
    }
    files = [(profile.avatar.name.rsplit("/", 1)[-1], profile.avatar)] if profile.avatar else []
    return data, files


@register_eraser
def erase_account_data(user, keep_contributions):
    """Export files go now (their rows go with the user); emails to the person's addresses,
    sent or not, are deleted: their address is personal data and nobody is left to write to."""
    from django.db import transaction

    paths = [export.path for export in DataExport.objects.filter(user=user) if export.path]
    transaction.on_commit(lambda: [path.unlink(missing_ok=True) for path in paths])
    addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)} - {""}
    if addresses:
        query = Q()
        for address in addresses:
            query |= Q(recipient__iexact=address)
        OutboxEmail.objects.filter(query).delete()


@register_purger("data-exports")
def purge_expired_exports(now):
    expired = list(DataExport.objects.expired(now))
    for export in expired:
        export.delete_file()
    DataExport.objects.filter(pk__in=[export.pk for export in expired]).delete()
    return len(expired)
