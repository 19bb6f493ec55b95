#!/usr/bin/env python
"""The benchmark: serve the site the production way and measure it with wrk (`make bench`).

    make bench                                  # scale 1, 10 s per measurement, once
    make bench BENCH_ARGS="--scale 1 --duration 10 --repeat 3 --fresh"   # the full benchmark
    make bench BENCH_ARGS="--scale 0.05 --duration 5 --repeat 3"

What it does, on PostgreSQL (BENCH_DATABASE_URL, default a database `leeratelier_bench` on the
local server) and Redis (cache and sessions):
1. migrates, loads the demo and the benchmark dataset (`make_bench_data --scale`, idempotent:
   with --fresh the database is made anew first, so the generator's time and peak memory, taken
   with /usr/bin/time -v, are a real measurement) and collects the static files;
2. starts gunicorn with two sync workers and the production settings (DEBUG off) on 127.0.0.1,
   and the ceiling: a minimal Django project (bench/ceiling: Django's default middleware, one
   view returning two bytes) served by a second gunicorn with the same settings;
3. for each page of PAGES runs wrk at concurrency 1 and 16 for --duration seconds, and measures
   in-process the SQL queries of one uncached request and its service time (anonymous pages are
   served from the page cache; searches and signed-in pages carry a member's session). Each
   page's throughput is divided by the bare Django view's (the ratio the targets are set in) and
   by the project's own /healthz (which runs through the project's middleware: the ratio earlier
   results quoted);
4. runs the write mix (bench/writes.py, bench/mix.lua) at concurrency 16: members posting
   reflections, registering for meetings and marking reflections helpful while others read; then
   counts the rows in the database: they must have grown by exactly the writes that succeeded;
5. writes a Markdown result (and the raw numbers as JSON) to bench/results/: requests per
   second, p50/p95 latency, ratios, queries per request, service time, the write mix, the web
   workers' peak memory and the generator's time and peak memory.
With --repeat N every page is measured N times and the medians are reported (single runs on a
shared 2-core machine can be off by 2x).
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import MAX_SIGNED_IN_QUERIES, WITH_SESSION  # noqa: E402

RESULTS = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "report.lua"
MIX_LUA = ROOT / "bench" / "mix.lua"
PORT = int(os.environ.get("BENCH_PORT", "8123"))
BASE = f"http://127.0.0.1:{PORT}"
CEILING_BASE = f"http://127.0.0.1:{PORT + 1}"
CEILING = "bare Django view (ceiling)"
HEALTHZ = "project /healthz"
MIX_CONCURRENCY = 16

# (name, kind) — kind decides the target (ratio to the bare Django view): anonymous ≥ 0.6,
# signed-in ≥ 0.05 with at most 15 queries, search ≥ 0.03, the Cases tab ≥ 0.02 with a service
# time of at most 30 ms. URLs are looked up in the dataset (see find_urls); the bare view is
# served by bench/ceiling, /healthz by the project.
PAGES = [
    (CEILING, "ceiling"),
    (HEALTHZ, "healthz"),
    ("home", "anonymous"),
    ("magazine chapter", "anonymous"),
    ("atelier index", "anonymous"),
    ("atelier page", "anonymous"),
    ("meeting page", "anonymous"),
    ("agenda", "anonymous"),
    ("registry with a filter", "anonymous"),
    ("method page", "anonymous"),
    ("tool finder result", "anonymous"),
    ("search: many hits", "search"),
    ("search: no hits", "search"),
    ("search: cases and reflections", "cases search"),
    ("member dashboard", "signed-in"),
    ("case library", "signed-in"),
    ("case with 1,000 reflections, first page", "signed-in"),
    ("case with 1,000 reflections, last page", "signed-in"),
    ("cycle page", "signed-in"),
    ("report page", "signed-in"),
]
TARGETS = {"anonymous": 0.6, "signed-in": 0.05, "search": 0.03, "cases search": 0.02}
CASES_SEARCH_MAX_MS = 30
WORKER_MEMORY_MAX_MB = 300
GENERATOR_MEMORY_MAX_MB, GENERATOR_SECONDS_MAX = 500, 360
MIX_P95_MAX_MS = 1000
NOISE_NOTE = (
    "Measured on a shared 2-core machine while other work ran on it: absolute figures are noisy "
    "(a single run can be off by 2x); the ratios, measured in the same minutes, less so."
)


def environment(database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="leeratelier.settings.production",
        SECRET_KEY="benchmark-only-not-secret",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=database_url,
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
        SECURE_SSL_REDIRECT="0",
        DEMO_CONTENT_ALLOWED="1",
    )
    return env


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env, scale, fresh):
    """Migrate and generate the dataset; returns the generator's wall time, peak memory (max RSS
    from /usr/bin/time -v) and whether it made the data (False: it found it complete and skipped)."""
    database = env["DATABASE_URL"].rsplit("/", 1)
    if fresh:
        subprocess.run(
            ["psql", f"{database[0]}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{database[1]}"'], check=True
        )
    subprocess.run(
        ["psql", f"{database[0]}/postgres", "-qc", f'CREATE DATABASE "{database[1]}"'],
        capture_output=True,
    )  # fails harmlessly when it exists
    dev = {**env, "DJANGO_SETTINGS_MODULE": "leeratelier.settings.dev"}
    manage(dev, "migrate", "--noinput", "-v0")
    timed = subprocess.run(
        ["/usr/bin/time", "-v", sys.executable, "manage.py", "make_bench_data", "--scale", str(scale)],
        cwd=ROOT,
        env=dev,
        check=True,
        capture_output=True,
        text=True,
    )
    sys.stdout.write(timed.stdout)
    generator = {"made": "already there" not in timed.stdout}
    for line in timed.stderr.splitlines():
        line = line.strip()
        if line.startswith("Maximum resident set size"):
            generator["peak_mb"] = round(int(line.rsplit(":", 1)[1]) / 1024, 1)
        elif line.startswith("Elapsed (wall clock)"):
            clock = [float(part) for part in line.rsplit(" ", 1)[1].split(":")]
            generator["seconds"] = round(sum(value * 60**power for power, value in enumerate(reversed(clock))))
    manage(env, "collectstatic", "--noinput", "-v0")
    return generator


def find_urls(env):
    """Ask Django (in a child process with the production settings) for the URLs to measure, a
    session cookie of a benchmark member, and the queries and service time of each page."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "probe.py")],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def start_server(env, application, base, ready_path):
    host_port = base.split("//", 1)[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            application,
            "--workers",
            "2",
            "--bind",
            host_port,
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}{ready_path}", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"gunicorn ({application}) did not start")


def stop(server):
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def worker_peak_memory_mb(server):
    peaks = []
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return round(max(peaks), 1) if peaks else None


def last_json_line(output):
    return json.loads([line for line in output.splitlines() if line.startswith("{")][-1])


def wrk(url, concurrency, duration, cookie=None):
    command = [
        "wrk",
        f"-t{min(concurrency, 2)}",
        f"-c{concurrency}",
        f"-d{duration}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(LUA),
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    return last_json_line(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def warm_up(pages, cookie):
    """One request per page and worker before measuring: the first request of a worker imports
    and compiles templates, which is not what a running site does."""
    for _, _, url, signed_in in pages:
        request = urllib.request.Request(url, headers={"Cookie": cookie} if signed_in else {})
        for _ in range(4):
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()


def wait_until_idle(timeout=60):
    """wrk stops with requests still queued in gunicorn (16 slow searches take seconds): wait
    until /healthz answers at once again, so the next measurement starts on an idle server."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.perf_counter()
        with urllib.request.urlopen(f"{BASE}/healthz", timeout=timeout) as response:
            response.read()
        if time.perf_counter() - started < 0.02:
            return
        time.sleep(0.2)


def measure(pages, cookie, duration, repeat):
    warm_up(pages, cookie)
    rows = {}
    for _run in range(repeat):
        for name, _kind, url, signed_in in pages:
            for concurrency in (1, 16):
                wait_until_idle()
                result = wrk(url, concurrency, duration, cookie if signed_in else None)
                rows.setdefault((name, concurrency), []).append(result)
    return rows


def child(env, *args):
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return last_json_line(result.stdout)


def write_mix(env, duration):
    """The write mix at concurrency 16 (bench/writes.py prepares it, bench/mix.lua sends it), then
    each write checked against the database (bench/writes.py verify): every write that got a
    2xx/3xx answer is there exactly once, none that was refused or never sent is there, and the
    tables grew by exactly the writes that are there."""
    mix_file = RESULTS / ".write-mix.tsv"  # sessions of benchmark members: removed after the run
    result_file = RESULTS / ".write-mix.json"
    writes = str(ROOT / "bench" / "writes.py")
    try:
        prepared = child(env, writes, "prepare", str(mix_file))
        wait_until_idle()
        output = subprocess.run(
            [
                "wrk",
                f"-t{MIX_CONCURRENCY}",
                f"-c{MIX_CONCURRENCY}",
                f"-d{duration}s",
                "--timeout",
                "30s",
                "--latency",
                "-s",
                str(MIX_LUA),
                f"{BASE}/",
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "BENCH_MIX": str(mix_file), "BENCH_THREADS": str(MIX_CONCURRENCY)},
        ).stdout
        result = last_json_line(output)
        result_file.write_text(json.dumps(result))
        wait_until_idle()  # the writes cut off by the end of the run finish first
        checks = child(env, writes, "verify", str(mix_file), str(result_file))
    finally:
        for path in (mix_file, Path(f"{mix_file}.plan.json"), result_file):
            path.unlink(missing_ok=True)
    for name in ("ok_ids", "failed_ids", "unanswered_ids"):
        result.pop(name)
    result.update(checks=checks, members=prepared["members"])
    return result


def median(results, key):
    return round(statistics.median(result[key] for result in results), 2)


def verdict(met):
    return "met" if met else "missed"


def report(pages, probes, rows, mix, memory, generator, args):
    ceiling = {c: median(rows[(CEILING, c)], "rps") for c in (1, 16)}
    healthz = {c: median(rows[(HEALTHZ, c)], "rps") for c in (1, 16)}
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    if generator is None:
        generator_line = "Dataset generator: not run (--skip-prepare)."
    elif not generator["made"]:
        generator_line = (
            f"Dataset generator: the data was already there (idempotent run, {generator.get('seconds')} s, "
            f"{generator.get('peak_mb')} MB): not a measurement of the generator; use --fresh."
        )
    else:
        generator_line = (
            f"Dataset generator (fresh database): {generator.get('seconds')} s, peak memory {generator.get('peak_mb')} MB "
            f"(targets at scale 1: ≤ {GENERATOR_SECONDS_MAX} s, ≤ {GENERATOR_MEMORY_MAX_MB} MB)."
        )
    lines = [
        f"# Benchmark {datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"`bench/run.py {' '.join(sys.argv[1:])}`: scale {args.scale:g}, {args.duration} s per measurement, median of "
        f"{args.repeat} run(s); gunicorn with 2 sync workers, production settings, PostgreSQL and Redis on 127.0.0.1. "
        f"The ceiling is a bare Django view (bench/ceiling: Django's default middleware) served by the same gunicorn "
        f"settings: {ceiling[1]} req/s at concurrency 1, {ceiling[16]} at 16; the project's /healthz: {healthz[1]} and "
        f"{healthz[16]}.",
        "",
        args.note,
        "",
        f"Web workers' peak memory (VmHWM, largest worker, after all runs): {memory} MB "
        f"(target ≤ {WORKER_MEMORY_MAX_MB} MB: {verdict(memory is not None and memory <= WORKER_MEMORY_MAX_MB)}).",
        "",
        generator_line,
        "",
        "## Pages",
        "",
        "Each search repeats one query, so after its first request it is answered from what the search's cache "
        "kept for readers with the same rights (search/cache.py); 'first search ms' is the service time of the same "
        "search with nothing kept (as for the first reader of a query, or after any post). Anonymous pages are "
        "served from the page cache; 'queries (uncached)' and 'service ms' of a page are measured past both caches "
        "for anonymous pages, with the search's cache for searches.",
        "",
        "| page | kind | conc. | req/s | p50 ms | p95 ms | ratio to bare Django | ratio to /healthz | target | "
        "queries (uncached) | service ms | first search ms | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    data = []
    for name, kind, url, _signed_in in pages:
        probe = probes.get(name, {})
        for concurrency in (1, 16):
            results = rows[(name, concurrency)]
            rps = median(results, "rps")
            ratio = round(rps / ceiling[concurrency], 3) if ceiling[concurrency] else None
            to_healthz = round(rps / healthz[concurrency], 3) if healthz[concurrency] else None
            target = TARGETS.get(kind)
            met = ""
            if target is not None and ratio is not None:
                met = verdict(ratio >= target)
                if kind == "signed-in" and probe.get("queries", 0) > MAX_SIGNED_IN_QUERIES:
                    met = "missed (queries)"
                if kind == "cases search" and (probe.get("service_ms") or 0) > CASES_SEARCH_MAX_MS:
                    met = (
                        f"missed (service > {CASES_SEARCH_MAX_MS} ms)"
                        if met == "met"
                        else met + f", service > {CASES_SEARCH_MAX_MS} ms"
                    )
            row = {
                "page": name,
                "kind": kind,
                "url": url,
                "concurrency": concurrency,
                "rps": rps,
                "p50_ms": median(results, "p50_ms"),
                "p95_ms": median(results, "p95_ms"),
                "ratio": ratio,
                "ratio_to_healthz": to_healthz,
                "target": target,
                "result": met,
                "queries": probe.get("queries"),
                "service_ms": probe.get("service_ms"),
                "first_ms": probe.get("first_ms"),
                "errors": sum(result["errors"] for result in results),
            }
            data.append(row)
            lines.append(
                f"| {name} | {kind} | {concurrency} | {rps} | {row['p50_ms']} | {row['p95_ms']} | {ratio} | {to_healthz} | "
                f"{'' if target is None else f'≥ {target} {met}'} | {row['queries'] if row['queries'] is not None else ''} | "
                f"{row['service_ms'] if row['service_ms'] is not None else ''} | "
                f"{row['first_ms'] if row['first_ms'] is not None else ''} | {row['errors']} |"
            )
    skipped = [name for name, _ in PAGES if name not in {page[0] for page in pages}]
    if skipped:
        lines += ["", "Not measured (not in this dataset yet): " + ", ".join(skipped) + "."]
    if mix and "error" in mix:
        lines += ["", "## Write mix", "", f"The write mix did not complete: {mix['error']}"]
    elif mix:
        fine = (
            mix["errors"] == 0 and mix["p95_ms"] <= MIX_P95_MAX_MS and all(c["exact"] for c in mix["checks"].values())
        )
        lines += [
            "",
            "## Write mix",
            "",
            f"Concurrency {MIX_CONCURRENCY}, {args.duration} s, {mix['members']} benchmark members with their own sessions; "
            f"about half the requests are writes (bench/writes.py, bench/mix.lua): {mix['rps']} req/s, p50 {mix['p50_ms']} ms, "
            f"p95 {mix['p95_ms']} ms, p99 {mix['p99_ms']} ms, {mix['requests']} requests, {mix['errors']} errors "
            f"(non-2xx/3xx and socket errors; {mix['timeouts']} timeouts). Target: no 5xx, nothing lost, p95 ≤ "
            f"{MIX_P95_MAX_MS} ms: {verdict(fine)}."
            + (
                f" {mix['threads_out_of_writes']} of {MIX_CONCURRENCY} connections ran out of prepared writes and read only "
                "for the rest of the run."
                if mix["threads_out_of_writes"]
                else ""
            ),
            "",
            f"Reads: {mix['kinds']['read']['ok']} answered 2xx/3xx, {mix['kinds']['read']['failed']} not.",
            "",
            "| write | sent | answered 2xx/3xx | answered otherwise | unanswered at the stop | in the database | "
            "lost | doubled | there though refused or not sent | rows added | result |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for kind, check in mix["checks"].items():
            lines.append(
                f"| {kind} | {check['sent']} | {check['succeeded']} | {check['failed']} | {check['unanswered']} | "
                f"{check['present']} | {check['lost']} | {check['doubled']} | {check['unexpected']} | {check['rows_added']} | "
                f"{'exact' if check['exact'] else 'NOT exact'} |"
            )
    RESULTS.mkdir(exist_ok=True)
    markdown = "\n".join(lines) + "\n"
    (RESULTS / f"{stamp}.md").write_text(markdown)
    (RESULTS / f"{stamp}.json").write_text(
        json.dumps(
            {
                "scale": args.scale,
                "duration": args.duration,
                "repeat": args.repeat,
                "memory_mb": memory,
                "generator": generator,
                "ceiling_rps": ceiling,
                "healthz_rps": healthz,
                "pages": data,
                "write_mix": mix,
                "note": args.note,
            },
            indent=2,
        )
    )
    print(markdown)
    print(f"Written to {RESULTS / stamp}.md and .json")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk measurement")
    parser.add_argument("--repeat", type=int, default=1, help="runs per page; medians are reported")
    parser.add_argument("--skip-prepare", action="store_true", help="use the database as it is")
    parser.add_argument("--fresh", action="store_true", help="drop and make the database anew (measures the generator)")
    parser.add_argument("--no-writes", action="store_true", help="skip the write mix (it adds rows to the dataset)")
    parser.add_argument("--note", default=NOISE_NOTE, help="a sentence on the conditions, written into the result")
    args = parser.parse_args()
    env = environment(os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/leeratelier_bench"))
    generator = None if args.skip_prepare else prepare(env, args.scale, args.fresh)
    found = find_urls(env)
    urls = {**found["urls"], HEALTHZ: found["urls"]["ceiling (minimal view)"]}
    pages = [(CEILING, "ceiling", f"{CEILING_BASE}/", False)] + [
        (name, kind, f"{BASE}{urls[name]}", name in WITH_SESSION) for name, kind in PAGES if name in urls
    ]
    server = start_server(env, "leeratelier.wsgi", BASE, "/healthz")
    ceiling = None
    try:
        ceiling = start_server(
            {**env, "DJANGO_SETTINGS_MODULE": "bench.ceiling.settings"}, "bench.ceiling.wsgi", CEILING_BASE, "/"
        )
        rows = measure(pages, found["cookie"], args.duration, args.repeat)
        mix = None
        if not args.no_writes:
            try:
                mix = write_mix(env, args.duration)
            except (
                subprocess.CalledProcessError,
                KeyError,
                ValueError,
            ) as error:  # the pages' figures still get written
                mix = {"error": f"{type(error).__name__}: {error}"}
        memory = worker_peak_memory_mb(server)
    finally:
        stop(server)
        if ceiling:
            stop(ceiling)
    report(pages, found["probes"], rows, mix, memory, generator, args)


if __name__ == "__main__":
    main()
