#!/usr/bin/env python
"""Worst-case Markdown rendering time per field (`make bench-markdown`, or run this file).

    .venv/bin/python bench/render_time.py [--repeat 5]

Every field members or pioneers write Markdown in is rendered with pathological inputs of the
longest length its form accepts (unbalanced brackets, image brackets, emphasis runs, nested lists
and quotes, long link references, entities, backticks, raw HTML openers, linkifiable runs); the
best of --repeat runs is taken per input (the least disturbed by other processes) and the worst
input per field is reported. The bound (issue 20): at most 100 ms per field. Writes
bench/results/markdown.md (committed) and markdown.json. tests/hardening/test_render_time.py
asserts with the same inputs that the work (Python line events, the same on every machine) grows
linearly with the input and stays within a budget per character.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOUND_MS = 100


def _nested_list_lines(n):
    lines, depth = [], 0
    while sum(map(len, lines)) < n:
        lines.append("  " * depth + "- x\n")
        depth += 1
    return "".join(lines)[:n]


def _reference_definitions(n):
    label = "a" * 900  # close to CommonMark's 999-character limit on a label
    unit = f"[{label}]: https://example.org/{label}\n[{label}][{label}] "
    return (unit * (n // len(unit) + 1))[:n]


# name -> function(length) giving an input of exactly that many characters
PATHOLOGICAL = {
    "open brackets [": lambda n: "[" * n,
    "open brackets, one ] at the end": lambda n: "[" * (n - 1) + "]",
    "image brackets, one ] at the end": lambda n: ("![" * n)[: n - 1] + "]",
    "image brackets ![": lambda n: ("![" * n)[:n],
    "brackets and parens [a](": lambda n: ("[a](" * n)[:n],
    "close brackets ]": lambda n: "]" * n,
    "emphasis run *a": lambda n: ("*a" * n)[:n],
    "emphasis run _a": lambda n: ("_a" * n)[:n],
    "mixed emphasis **_": lambda n: ("**_" * n)[:n],
    "emphasis openers a**": lambda n: ("a**" * n)[:n],
    "stars only": lambda n: "*" * n,
    "backticks `a": lambda n: ("`a" * n)[:n],
    "backtick runs": lambda n: "".join("`" * (i % 50 + 1) + "a" for i in range(n))[:n],
    "nested lists (indented)": _nested_list_lines,
    "nested lists (one line)": lambda n: ("- " * n)[: n - 1] + "x",
    "deep blockquote": lambda n: ">" * (n - 2) + " x",
    "quote in list in quote": lambda n: ("> - " * n)[: n - 1] + "x",
    "long link references": _reference_definitions,
    "link destinations <": lambda n: ("[a](<" * n)[:n],
    "raw HTML openers <a": lambda n: ("<a " * n)[:n],
    "raw HTML comments": lambda n: ("<!--" * n)[:n],
    "entities &#": lambda n: ("&#" * n)[:n],
    "linkify www.": lambda n: ("www." * n)[:n],
    "linkify long URL": lambda n: ("https://" + "a." * n)[:n],
    "emails for linkify": lambda n: ("a@b." * n)[:n],
    "headings and breaks": lambda n: ("#\n" * n)[:n],
    "table-like pipes": lambda n: ("|a" * n)[:n],
}


def markdown_fields():
    """(label, max_length) of every Markdown field: the stored renderings (core.rendering), then
    the pioneer texts, which pages render per request."""
    from django.apps import apps

    from leeratelier.core import rendering

    fields = []
    for model in rendering.stored_renderings():
        for name in model.markdown_fields:
            fields.append((f"{model._meta.label}.{name}", model._meta.get_field(name).max_length))
    for label, name in [
        ("pioneers.PracticePage", "process_description"),
        ("pioneers.PracticePage", "what_works"),
        ("pioneers.PracticePage", "what_does_not_work"),
        ("pioneers.PracticeOutcome", "text"),
    ]:
        fields.append((f"{label}.{name} (per request)", apps.get_model(label)._meta.get_field(name).max_length))
    return fields


def render_ms(source, repeat):
    """Best of `repeat` renders, in milliseconds."""
    from leeratelier.core.sanitize import render_markdown

    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        render_markdown(source)
        best = min(best, time.process_time() - started)
    return best * 1000


def measure(repeat=3):
    results = []
    cache = {}
    for field, length in markdown_fields():
        if length not in cache:
            cache[length] = {name: render_ms(make(length), repeat) for name, make in PATHOLOGICAL.items()}
        per_input = cache[length]
        worst = max(per_input, key=per_input.get)
        results.append(
            {
                "field": field,
                "max_length": length,
                "worst_input": worst,
                "worst_ms": per_input[worst],
                "per_input_ms": per_input,
            }
        )
    return results


def write(results, repeat):
    from importlib.metadata import version

    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Markdown rendering, worst case per field",
        "",
        f"`bench/render_time.py --repeat {repeat}`: markdown-it-py {version('markdown-it-py')}, linkify-it-py "
        f"{version('linkify-it-py')}, nh3 {version('nh3')}; {len(PATHOLOGICAL)} pathological inputs per field at "
        f"the longest length its form accepts, best of {repeat} runs each, CPU time. Bound: {BOUND_MS} ms.",
        "",
        "| field | max length | worst input | worst ms | within bound |",
        "|---|---:|---|---:|---|",
    ]
    for row in results:
        ok = "yes" if row["worst_ms"] <= BOUND_MS else "NO"
        lines.append(f"| {row['field']} | {row['max_length']} | {row['worst_input']} | {row['worst_ms']:.1f} | {ok} |")
    lines.append("")
    text = "\n".join(lines)
    (out / "markdown.md").write_text(text)
    (out / "markdown.json").write_text(json.dumps(results, indent=1))
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leeratelier.settings.dev")
    import django

    django.setup()
    results = measure(args.repeat)
    print(write(results, args.repeat))
    return 0 if all(row["worst_ms"] <= BOUND_MS for row in results) else 1


if __name__ == "__main__":
    sys.exit(main())
