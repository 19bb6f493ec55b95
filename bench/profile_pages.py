"""Where the time of a signed-in page goes: run with the benchmark's settings on the benchmark
database (bench/run.py's environment), e.g.

    DJANGO_SETTINGS_MODULE=leeratelier.settings.production DATABASE_URL=... python bench/profile_pages.py [--cprofile NAME]

For each signed-in page and search of bench/pages.py: the median service time of 10 requests,
the part spent in SQL (time inside the database cursor) and the part spent rendering templates
(Django's Template.render, outermost call), the rest being Python in views, middleware and
context building. With --first-search the searches find nothing kept by the search's cache; with
--first-reader no page finds anything kept for its reader (core.generations: every generation is
moved on before each request), as for the first reading after a change.
With --cprofile NAME the most expensive functions of that page and its five
slowest SQL statements."""

import argparse
import cProfile
import pstats
import statistics
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import translation  # noqa: E402

from bench.pages import WITH_SESSION, find_urls  # noqa: E402
from leeratelier.core import generations  # noqa: E402
from search import cache as results_cache  # noqa: E402

spent = {"sql": 0.0, "template": 0.0}
statements = []
depth = [0]
original_render = template_base.Template.render


def timed_render(self, context):
    if depth[0]:
        return original_render(self, context)
    depth[0] += 1
    started = time.perf_counter()
    try:
        return original_render(self, context)
    finally:
        spent["template"] += time.perf_counter() - started
        depth[0] -= 1


def timed_sql(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        spent["sql"] += time.perf_counter() - started
        statements.append((time.perf_counter() - started, sql))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cprofile", default="")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument(
        "--first-search",
        action="store_true",
        help="searches as the first reader to ask: nothing kept by the search's cache (search/cache.py)",
    )
    parser.add_argument(
        "--first-reader",
        action="store_true",
        help="pages as their first reader gets them: nothing kept per reader (core.generations)",
    )
    args = parser.parse_args()
    translation.activate("nl")
    urls, member = find_urls()
    client = Client()
    client.force_login(member)
    template_base.Template.render = timed_render
    print("| page | service ms | SQL ms | template ms (SQL inside templates counted as SQL) | other ms |")
    print("|---|---|---|---|---|")
    for name, url in urls.items():
        if name not in WITH_SESSION:
            continue
        client.get(url)
        rows = []
        for _ in range(args.repeat):
            if args.first_search:
                results_cache.changed()
            if args.first_reader:
                generations.bump_all()
            spent.update(sql=0.0, template=0.0)
            with connection.execute_wrapper(timed_sql):
                started = time.perf_counter()
                client.get(url)
                total = time.perf_counter() - started
            rows.append((total, spent["sql"], spent["template"]))
        total, sql, template = (statistics.median(column) * 1000 for column in zip(*rows))
        print(f"| {name} | {total:.1f} | {sql:.1f} | {template:.1f} | {max(total - template - sql, 0):.1f} |")
        if name == args.cprofile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(5):
                if args.first_search:
                    results_cache.changed()
                client.get(url)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)
            statements.clear()
            if args.first_search:
                results_cache.changed()
            with connection.execute_wrapper(timed_sql):
                client.get(url)
            for seconds, sql in sorted(statements, reverse=True)[:5]:
                print(f"{seconds * 1000:.1f} ms: {sql[:600]}")


if __name__ == "__main__":
    main()
