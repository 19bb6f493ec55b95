#!/usr/bin/env python
"""The benchmark: serve the site the production way and measure it with wrk (`make bench`).

    make bench                                  # scale 1, 10 s per measurement, once
    make bench BENCH_ARGS="--scale 0.05 --duration 5 --repeat 3"

What it does, on PostgreSQL (BENCH_DATABASE_URL, default a database `leeratelier_bench` on the
local server) and Redis (cache and sessions):
1. migrates, loads the demo and the benchmark dataset (`make_bench_data --scale`, idempotent) and
   collects the static files;
2. starts gunicorn with two sync workers and the production settings (DEBUG off) on 127.0.0.1;
3. for each page of PAGES, and for a minimal view that returns two bytes (the ceiling of this
   machine, served the same way), runs wrk at concurrency 1 and 16 for --duration seconds, and
   measures in-process the SQL queries of one uncached request and its service time (anonymous
   pages are served from the page cache; searches and signed-in pages carry a member's session);
4. prints a Markdown table and writes it with the raw numbers to bench/results/ (.md and .json):
   requests per second, p50/p95 latency, the ratio of throughput to the ceiling, queries per
   request, and the web workers' peak memory after the run.
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
PORT = int(os.environ.get("BENCH_PORT", "8123"))
BASE = f"http://127.0.0.1:{PORT}"

# (name, kind) — kind decides the target: anonymous ≥ 0.5 of the ceiling, signed-in ≥ 0.05 with
# at most 15 queries, search ≥ 0.02. URLs are looked up in the dataset (see find_urls).
PAGES = [
    ("ceiling (minimal view)", "ceiling"),
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
    ("search: cases and reflections", "search"),
    ("member dashboard", "signed-in"),
    ("case library", "signed-in"),
    ("case with 1,000 reflections, first page", "signed-in"),
    ("case with 1,000 reflections, last page", "signed-in"),
    ("cycle page", "signed-in"),
    ("report page", "signed-in"),
]
TARGETS = {"anonymous": 0.5, "signed-in": 0.05, "search": 0.02}


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


def prepare(env, scale):
    database = env["DATABASE_URL"].rsplit("/", 1)
    subprocess.run(
        ["psql", f"{database[0]}/postgres", "-qc", f'CREATE DATABASE "{database[1]}"'],
        capture_output=True,
    )  # fails harmlessly when it exists
    dev = {**env, "DJANGO_SETTINGS_MODULE": "leeratelier.settings.dev"}
    manage(dev, "migrate", "--noinput", "-v0")
    manage(dev, "make_bench_data", "--scale", str(scale))
    manage(env, "collectstatic", "--noinput", "-v0")


def find_urls(env):
    """Ask Django (in a child process with the production settings) for the URLs to measure, a
    session cookie of a benchmark member, and the queries and service time of each page."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "probe.py")], cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)},
        check=True, stdout=subprocess.PIPE, text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def start_server(env):
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "leeratelier.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{PORT}",
            "--log-level", "warning", "--timeout", "60",
        ],
        cwd=ROOT, env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start")


def worker_peak_memory_mb(server):
    peaks = []
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return round(max(peaks), 1) if peaks else None


def wrk(url, concurrency, duration, cookie=None):
    command = [
        "wrk", f"-t{min(concurrency, 2)}", f"-c{concurrency}", f"-d{duration}s", "--timeout", "30s", "--latency",
        "-s", str(LUA), url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = [line for line in output.splitlines() if line.startswith("{")][-1]
    return json.loads(line)


def warm_up(pages, cookie):
    """One request per page and worker before measuring: the first request of a worker imports
    and compiles templates, which is not what a running site does."""
    for _, _, url, signed_in in pages:
        request = urllib.request.Request(f"{BASE}{url}", headers={"Cookie": cookie} if signed_in else {})
        for _ in range(4):
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()


def wait_until_idle(timeout=60):
    """wrk stops with requests still queued in gunicorn (16 slow searches take seconds): wait
    until the minimal view answers at once again, so the next measurement starts on an idle server."""
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
    for run in range(repeat):
        for name, kind, url, signed_in in pages:
            for concurrency in (1, 16):
                wait_until_idle()
                result = wrk(f"{BASE}{url}", concurrency, duration, cookie if signed_in else None)
                rows.setdefault((name, concurrency), []).append(result)
    return rows


def median(results, key):
    return round(statistics.median(result[key] for result in results), 2)


def report(pages, probes, rows, memory, args):
    ceiling = {c: median(rows[("ceiling (minimal view)", c)], "rps") for c in (1, 16)}
    lines = [
        f"# Benchmark {datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"Scale {args.scale:g}, {args.duration} s per measurement, median of {args.repeat} run(s); gunicorn with 2 sync "
        f"workers, production settings, PostgreSQL and Redis on 127.0.0.1. Web workers' peak memory: {memory} MB.",
        "",
        "| page | kind | conc. | req/s | p50 ms | p95 ms | ratio to ceiling | target | queries (uncached) | service ms | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    data = []
    for name, kind, url, signed_in in pages:
        probe = probes.get(name, {})
        for concurrency in (1, 16):
            results = rows[(name, concurrency)]
            rps = median(results, "rps")
            ratio = round(rps / ceiling[concurrency], 3) if ceiling[concurrency] else None
            target = TARGETS.get(kind)
            met = ""
            if target is not None and ratio is not None:
                met = "met" if ratio >= target else "missed"
                if kind == "signed-in" and probe.get("queries", 0) > MAX_SIGNED_IN_QUERIES:
                    met = "missed (queries)"
            row = {
                "page": name, "kind": kind, "url": url, "concurrency": concurrency, "rps": rps,
                "p50_ms": median(results, "p50_ms"), "p95_ms": median(results, "p95_ms"), "ratio": ratio,
                "target": target, "result": met, "queries": probe.get("queries"),
                "service_ms": probe.get("service_ms"), "errors": sum(result["errors"] for result in results),
            }
            data.append(row)
            lines.append(
                f"| {name} | {kind} | {concurrency} | {rps} | {row['p50_ms']} | {row['p95_ms']} | {ratio} | "
                f"{'' if target is None else f'≥ {target} {met}'} | {row['queries']} | {row['service_ms']} | {row['errors']} |"
            )
    skipped = [name for name, _ in PAGES if name not in {page[0] for page in pages}]
    if skipped:
        lines += ["", "Not measured (not in this dataset yet): " + ", ".join(skipped) + "."]
    RESULTS.mkdir(exist_ok=True)
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    markdown = "\n".join(lines) + "\n"
    (RESULTS / f"{stamp}.md").write_text(markdown)
    (RESULTS / f"{stamp}.json").write_text(json.dumps(
        {"scale": args.scale, "duration": args.duration, "repeat": args.repeat, "memory_mb": memory, "pages": data},
        indent=2,
    ))
    print(markdown)
    print(f"Written to {RESULTS / stamp}.md and .json")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk measurement")
    parser.add_argument("--repeat", type=int, default=1, help="runs per page; medians are reported")
    parser.add_argument("--skip-prepare", action="store_true", help="use the database as it is")
    args = parser.parse_args()
    env = environment(os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/leeratelier_bench"))
    if not args.skip_prepare:
        prepare(env, args.scale)
    found = find_urls(env)
    pages = [(name, kind, found["urls"][name], name in WITH_SESSION) for name, kind in PAGES if name in found["urls"]]
    server = start_server(env)
    try:
        rows = measure(pages, found["cookie"], args.duration, args.repeat)
        memory = worker_peak_memory_mb(server)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report(pages, found["probes"], rows, memory, args)


if __name__ == "__main__":
    main()
