"""What moves a cycle page's generation on (cycles.views.cycle_detail, core.generations): saving
or deleting the cycle or anything of it the page shows (its loops, phases, values, participants,
contributions and activity). And what moves the report pages' stories generation on
(cycles.report_views): any contribution (its consent, its moderation) or sign-off saved or
deleted. Signals rather than calls in the services, because these change
outside them too (moderation hides contributions, an account's deletion erases participants,
the Django admin). The phases and values that ``services`` makes with ``bulk_create`` (no
signal) are made in the transaction that creates their loop or cycle, whose bump after the
commit covers them."""

from django.db.models.signals import post_delete, post_save

from leeratelier.core import generations

from .models import Activity, CompassValue, Contribution, LearningCycle, Loop, Participant, Phase, ReportSignOff
from .report_views import STORIES_GENERATION
from .views import generation


def cycle_changed(sender, instance, **kwargs):
    generations.bump(generation(instance.pk if sender is LearningCycle else instance.cycle_id))


for model in (LearningCycle, Loop, Phase, CompassValue, Participant, Contribution, Activity):
    label = model._meta.label
    post_save.connect(cycle_changed, sender=model, dispatch_uid=f"cycle-page-save-{label}")
    post_delete.connect(cycle_changed, sender=model, dispatch_uid=f"cycle-page-delete-{label}")


def stories_changed(sender, instance, **kwargs):
    generations.bump(STORIES_GENERATION)


for model in (Contribution, ReportSignOff):
    label = model._meta.label
    post_save.connect(stories_changed, sender=model, dispatch_uid=f"report-page-save-{label}")
    post_delete.connect(stories_changed, sender=model, dispatch_uid=f"report-page-delete-{label}")
