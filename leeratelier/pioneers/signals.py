"""Wagtail's workflow signals, for practices: an editor's approval or rejection emails the
submitter (services.on_approved / on_rejected)."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import workflow_approved, workflow_rejected

from . import services


@receiver(workflow_approved)
def practice_approved(sender, instance, user=None, **kwargs):
    with transaction.atomic():
        services.on_approved(instance)


@receiver(workflow_rejected)
def practice_rejected(sender, instance, user=None, **kwargs):
    with transaction.atomic():
        services.on_rejected(instance)
