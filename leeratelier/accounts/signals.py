"""Keep profiles in step with users: one profile per user from the start, and a deleted
profile takes its photo with it (a photo is personal data; no orphaned files on disk)."""

from allauth.account.signals import user_logged_in
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from leeratelier.core import generations, panels

from .models import Profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts-create-profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts-my-page-rights")
def rights_changed(sender, instance, created, update_fields=None, **kwargs):
    """An admin is shown the meetings of every atelier they registered for on "Mijn leeratelier",
    kept per person (ateliers.my_page): becoming or ceasing to be one renders it anew. Signing
    in saves ``last_login`` only."""
    if not created and (update_fields is None or "is_superuser" in update_fields):
        generations.bump(panels.reader_generation(instance.pk))


@receiver(post_delete, sender=Profile, dispatch_uid="accounts-delete-avatar")
def delete_avatar_file(sender, instance, **kwargs):
    if instance.avatar.name:
        delete_file_on_commit(instance.avatar.storage, instance.avatar.name)


def delete_file_on_commit(storage, name):
    """Remove a stored file once the transaction that dropped it has committed, so a rollback
    never leaves a row pointing at a missing file."""
    transaction.on_commit(lambda: storage.delete(name))


@receiver(user_logged_in, dispatch_uid="accounts-remember-device")
def remember_device(sender, request, user, response=None, **kwargs):
    """allauth's sign-in passes its response: mark the browser as a known device of the account
    (leeratelier.accounts.devices), so failed logins by others never lock it out."""
    if response is not None and request is not None:
        from .devices import remember

        remember(request, response, user)
