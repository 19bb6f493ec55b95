"""Re-render the stored HTML of every model that stores rendered Markdown (core.rendering).

Run after changing the allowlist or a library of the sanitiser (core.sanitize changes
SANITIZER_VERSION). Idempotent: a row already rendered with the current version is skipped, so
an interrupted run can simply be started again. Reports counts per model."""

from django.core.management.base import BaseCommand

from leeratelier.core import rendering


class Command(BaseCommand):
    help = "Re-render stored Markdown (every registered model) whose HTML an older sanitiser made."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size=500, **options):
        for model in rendering.stored_renderings():
            done, total = rendering.rerender_stale(model, batch_size)
            self.stdout.write(f"{model._meta.label}: {done} re-rendered, {total - done} already current")
