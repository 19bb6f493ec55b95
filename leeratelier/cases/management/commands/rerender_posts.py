"""Re-render the stored HTML of every case and reflection that an older sanitiser made.

Run after changing the allowlist or the sanitising library (core.sanitize bumps
SANITIZER_VERSION). Idempotent: a post already rendered with the current version is skipped, so
an interrupted run can simply be started again. Works in batches of ids so memory stays flat
with many posts; only the HTML fields and ``rendered_with`` are written (no edited marker, no
new history: the text itself did not change)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from leeratelier.cases.models import Case, Reflection
from leeratelier.core import sanitize


class Command(BaseCommand):
    help = "Re-render cases and reflections whose HTML was made by an older sanitiser version."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size=500, **options):
        for model in (Case, Reflection):
            done, total = self.rerender(model, batch_size)
            self.stdout.write(f"{model.__name__}: {done} re-rendered, {total - done} already current")

    def rerender(self, model, batch_size):
        total = model.objects.count()
        stale = model.objects.exclude(rendered_with=sanitize.SANITIZER_VERSION).order_by("pk")
        fields = [f"{name}_html" for name in model.markdown_fields] + ["rendered_with"]
        done, last_pk = 0, 0
        while True:
            batch = list(stale.filter(pk__gt=last_pk)[:batch_size])
            if not batch:
                return done, total
            for post in batch:
                post.render_sources()
            with transaction.atomic():
                model.objects.bulk_update(batch, fields)
            done += len(batch)
            last_pk = batch[-1].pk
