"""Keep the coordinators' Wagtail groups in step with the memberships and the atelier pages
(see permissions.py). Signals rather than calls in the services, because memberships and pages
also change outside them: in the Wagtail admin, in wagtail-localize (a new translation is a new
page) and in the demo loader."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import AtelierPage, ExpertMeetingPage, Membership
from .permissions import sync_coordinator_group


@receiver(post_save, sender=Membership, dispatch_uid="ateliers-membership-saved")
@receiver(post_delete, sender=Membership, dispatch_uid="ateliers-membership-deleted")
def membership_changed(sender, instance, raw=False, **kwargs):
    """A person joined, left, or became or stopped being a coordinator."""
    if not raw:
        sync_coordinator_group(instance.atelier_key)


@receiver(post_save, sender=AtelierPage, dispatch_uid="ateliers-atelier-page-saved")
def atelier_page_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A new atelier, a new language version of one (draft translations too, so coordinators can
    translate before anything is published), or a new title for the group's name. Saving a
    revision saves the page with only its bookkeeping fields; those change nothing here."""
    if raw or (update_fields is not None and not created and "title" not in update_fields):
        return
    sync_coordinator_group(instance.translation_key)


@receiver(post_delete, sender=AtelierPage, dispatch_uid="ateliers-atelier-page-deleted")
def atelier_page_deleted(sender, instance, **kwargs):
    """A language version, or the whole atelier, is gone: drop the group once nothing is left."""
    sync_coordinator_group(instance.translation_key)


@receiver(page_published, sender=ExpertMeetingPage, dispatch_uid="ateliers-meeting-published")
def meeting_published(sender, instance, **kwargs):
    """A meeting published anew: tell its registrants what changed, once (changes.py)."""
    from .changes import meeting_published as announce

    announce(instance)
