"""manage.py make_bench_data --scale N: the benchmark dataset (see leeratelier/core/bench.py)."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from leeratelier.core import bench, generations


class Command(BaseCommand):
    help = (
        "Generate the benchmark dataset (at scale 1: 30 ateliers, 5,000 members, 2,000 meetings, "
        "40,000 registrations, 20,000 cases, 200,000 reflections, ...) on top of the demo content. "
        "Idempotent: a complete part is skipped, an interrupted one is made again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 is the full dataset; 0.01 a quick one.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale, seed, **options):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError("Benchmark data is not allowed with these settings (DEMO_CONTENT_ALLOWED is off).")
        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        started = time.monotonic()
        call_command("load_demo", stdout=self.stdout)
        self.stdout.write(f"Benchmark dataset at scale {scale:g}:")
        bench.run(scale, self.stdout, seed=seed)
        generations.bump_all()  # bulk inserts send no signal: no part of a page kept before counts
        if connection.vendor == "postgresql":
            # Fresh planner statistics after the bulk inserts, as autovacuum gives a live site
            # soon after: without them PostgreSQL plans the searches as if the tables were empty.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Benchmark dataset ready in {time.monotonic() - started:.0f} s."))
