#!/usr/bin/env python
"""Cost of the privacy check in a web worker (issue 18): start-up, memory and time per text.

    .venv/bin/python bench/privacy_check.py [--runs 200]

The measuring happens in a fresh child process (the parent only starts it and writes the
result), so nothing imported before counts:
1. the RSS of the bare interpreter, then after ``django.setup()`` with the URLconf imported (what
   every web worker holds anyway);
2. the time to import ``leeratelier.core.privacy_check`` and to build its lookup lists on first use
   (deduce's first-name and place lists read into frozensets; deduce's pipeline is not built), and
   the RSS after that: the bound is 300 MB for a web worker;
3. the time of ``find_identifying_details`` on realistic texts (Dutch case prose of 300 to 8,000
   characters, clean and with names, numbers and schools, as in tests/core/test_deidentification.py),
   and of a whole bound form's ``is_valid()`` with the check (a reflection): p50 and p95 over
   --runs texts; the bound is 1 s for the form's answer.

Writes bench/results/privacy_check.md (committed) and privacy_check.json.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RSS_BOUND_MB = 300
ANSWER_BOUND_S = 1.0

SENTENCES_CLEAN = [
    "In Lingewaard liepen vier bijeenkomsten over armoede, met 25 inwoners.",
    "De wijk Presikhaaf in Arnhem heeft veel eenoudergezinnen.",
    "Wethouder Jansen van Lingewaard opende de bijeenkomst met een korte toespraak.",
    "De bijeenkomst is op dinsdag 12 maart 2024 om 15:00 in het wijkcentrum.",
    "Mevrouw A. (34) woont met drie kinderen in een portiekflat.",
    "Het buurtteam werkt samen met de huisarts en de school.",
    "Meneer heeft schulden bij de energieleverancier en de zorgverzekeraar.",
    "Het project loopt van 2023 tot 2025 en kost € 120.000 per jaar.",
    "Het kind is 8 jaar en zit in groep 5 van basisschool De Regenboog.",
    "Wat kunnen we als professionals doen om haar stem beter te laten horen in het gesprek met de gemeente?",
    "We gebruikten de waardencirkel om samen met de bewoners te kijken wat voor hen telt.",
    "De moeder (41) werkt in de thuiszorg en heeft twee banen; de vader is 45 jaar.",
]
SENTENCES_IDENTIFYING = [
    "Mevrouw Fatima El Amrani (34) uit Lingewaard vroeg hulp bij haar schulden.",
    "Mohammed B. en zijn moeder kwamen samen naar het spreekuur.",
    "Bel de zus in België op +32 470 12 34 56.",
    "Zie dossiernummer 2023-12345 voor de eerdere meldingen.",
    "Op basisschool De Regenboog zitten Sem en Noor.",
    "Het geld ging naar DE89 3704 0044 0532 0130 00, de rekening van zijn oom.",
    "Hij woont op de Stationsstraat 12, 3511 AB Utrecht.",
]


def _texts(runs, seed=18):
    """Case texts of 300 to 8,000 characters (the case form's longest field), one in three with
    an identifying sentence somewhere in it."""
    rng = random.Random(seed)
    texts = []
    for index in range(runs):
        length = rng.choice((300, 1000, 2000, 4000, 8000))
        sentences = []
        while sum(len(s) + 1 for s in sentences) < length:
            sentences.append(rng.choice(SENTENCES_CLEAN))
            if rng.random() < 0.15:
                sentences.append("\n\n")
        if index % 3 == 0:
            sentences.insert(rng.randrange(len(sentences)), rng.choice(SENTENCES_IDENTIFYING))
        texts.append(" ".join(sentences)[:length])
    return texts


def _rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def child(runs):
    """Runs in the fresh process; prints the measurements as JSON."""
    result = {"rss_start_mb": _rss_mb()}
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leeratelier.settings.test")

    # The check on its own first: its import and its lists, before Django loads anything else.
    started = time.perf_counter()
    from leeratelier.core import privacy_check

    result["import_s"] = time.perf_counter() - started
    started = time.perf_counter()
    privacy_check.first_names()
    privacy_check.place_names()
    privacy_check.find_identifying_details("Fatima (34) woont in Lingewaard.")
    result["build_s"] = time.perf_counter() - started
    result["first_names"] = len(privacy_check.first_names())
    result["place_names"] = len(privacy_check.place_names())
    result["rss_check_mb"] = _rss_mb()

    # Then the rest of a web worker: Django, every app, every view (the URLconf).
    import django

    django.setup()
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - import every view, as a serving worker has
    result["rss_built_mb"] = _rss_mb()

    from django.utils import translation

    from leeratelier.cases.forms import ReflectionForm

    texts = _texts(runs)
    check_times, form_times, warned = [], [], 0
    with translation.override("nl"):
        for text in texts:
            started = time.perf_counter()
            findings = privacy_check.find_identifying_details(text)
            check_times.append(time.perf_counter() - started)
            warned += bool(findings)
            form = ReflectionForm({"kind": "question", "body": text[:8000], "form_token": "x"})
            started = time.perf_counter()
            form.is_valid()
            str(form.privacy_warning)
            form_times.append(time.perf_counter() - started)
    result.update(
        {
            "runs": runs,
            "warned": warned,
            "text_lengths": sorted({len(text) for text in texts}),
            "check_p50_s": statistics.median(check_times),
            "check_p95_s": _percentile(check_times, 0.95),
            "check_max_s": max(check_times),
            "form_p50_s": statistics.median(form_times),
            "form_p95_s": _percentile(form_times, 0.95),
            "rss_end_mb": _rss_mb(),
        }
    )
    print(json.dumps(result))


def _markdown(result):
    def ms(seconds):
        return f"{seconds * 1000:.1f} ms"

    rss_ok = result["rss_built_mb"] <= RSS_BOUND_MB
    time_ok = result["form_p95_s"] < ANSWER_BOUND_S
    return "\n".join(
        [
            "# The privacy check in a web worker",
            "",
            f"Measured by `bench/privacy_check.py` in a fresh process on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs (shared with other work).",
            "",
            "| what | measured | bound |",
            "|---|---|---|",
            f"| RSS of the bare interpreter | {result['rss_start_mb']:.0f} MB | |",
            f"| import of `core.privacy_check` (phonenumbers, python-stdnum) | {ms(result['import_s'])} | |",
            f"| building its lists on first use ({result['first_names']:,} first names, {result['place_names']:,} places) | {ms(result['build_s'])} | |",
            f"| RSS with the check built | {result['rss_check_mb']:.0f} MB | |",
            f"| RSS of the web worker: the check, `django.setup()` and the URLconf | **{result['rss_built_mb']:.0f} MB** | {RSS_BOUND_MB} MB {'✓' if rss_ok else '✗'} |",
            f"| check of one text, p50 / p95 / max | {ms(result['check_p50_s'])} / {ms(result['check_p95_s'])} / {ms(result['check_max_s'])} | |",
            f"| a reflection form's `is_valid()` with the check, p50 / p95 | {ms(result['form_p50_s'])} / **{ms(result['form_p95_s'])}** | {ANSWER_BOUND_S:.0f} s {'✓' if time_ok else '✗'} |",
            f"| RSS at the end | {result['rss_end_mb']:.0f} MB | |",
            "",
            f"{result['runs']} texts of {', '.join(str(n) for n in result['text_lengths'])} characters "
            f"(Dutch case prose, one in three with an identifying sentence; {result['warned']} warned).",
            "",
            "Design: deduce's full pipeline (about 28 s to start, 1.1 GB once built) is never built in a web",
            "worker; only its plain first-name and place lists are read, once, into frozensets, and a light",
            "matcher of our own (regular expressions, python-stdnum, phonenumbers) does the rest.",
            "",
        ]
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.runs)
        return 0
    output = subprocess.run(
        [sys.executable, __file__, "--child", "--runs", str(args.runs)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if output.returncode != 0:
        sys.stderr.write(output.stderr)
        return output.returncode
    result = json.loads(output.stdout.strip().splitlines()[-1])
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "privacy_check.json").write_text(json.dumps(result, indent=2) + "\n")
    (results / "privacy_check.md").write_text(_markdown(result))
    print(_markdown(result))
    ok = result["rss_built_mb"] <= RSS_BOUND_MB and result["form_p95_s"] < ANSWER_BOUND_S
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
