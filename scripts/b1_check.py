#!/usr/bin/env python
"""Is the Dutch interface written at B1? Scores every sentence-like string of the nl catalogue.

    .venv/bin/python scripts/b1_check.py [PATH_TO_PO] [--worst N]   (or: make b1)

A string is sentence-like when, with its placeholders (%(name)s, {{ var }}) and HTML removed, it
has at least 6 words; labels and buttons are left alone. Each string is scored on its own with
Flesch-Douma (leeratelier/core/readability.py). The check fails (exit status 1) when the average
is below 65 or any one string is below 40, and prints the worst strings either way.
`tests/test_b1.py` runs the same function, so CI fails on a string that is too hard to read.
"""

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leeratelier.core.readability import (  # noqa: E402
    FLOOR_SCORE,
    TARGET_SCORE,
    analyse,
    plain_text,
    split_words,
)

CATALOGUE = ROOT / "leeratelier" / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MIN_WORDS = 6


@dataclass(frozen=True)
class ScoredString:
    msgid: str
    msgstr: str
    score: float
    where: str  # the first source reference, to find the string


@dataclass(frozen=True)
class CatalogueReport:
    strings: list  # ScoredString, worst first

    @property
    def average(self):
        return sum(s.score for s in self.strings) / len(self.strings) if self.strings else None

    @property
    def below_floor(self):
        return [s for s in self.strings if s.score < FLOOR_SCORE]

    @property
    def passes(self):
        return bool(self.strings) and self.average >= TARGET_SCORE and not self.below_floor


def sentence_like(text):
    return len(split_words(plain_text(text))) >= MIN_WORDS


def score_catalogue(path=CATALOGUE):
    """Every translated, non-fuzzy, sentence-like msgstr of the catalogue with its score."""
    scored = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        translations = (
            [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)] if entry.msgid_plural else [entry.msgstr]
        )
        where = f"{entry.occurrences[0][0]}:{entry.occurrences[0][1]}" if entry.occurrences else ""
        for msgstr in dict.fromkeys(translations):  # plural forms that differ, once each
            if not msgstr or not sentence_like(msgstr):
                continue
            result = analyse(plain_text(msgstr))
            scored.append(ScoredString(entry.msgid, msgstr, result.score, where))
    scored.sort(key=lambda s: s.score)
    return CatalogueReport(scored)


def describe(report, worst=15):
    lines = [
        f"Flesch-Douma over {len(report.strings)} sentence-like Dutch strings: "
        f"average {report.average:.1f} (target {TARGET_SCORE}), "
        f"{len(report.below_floor)} below {FLOOR_SCORE}.",
    ]
    shown = report.strings[: max(worst, len(report.below_floor))]
    if shown:
        lines.append(f"The {len(shown)} hardest:")
        for s in shown:
            lines.append(f"  {s.score:6.1f}  {s.msgstr!r}  ({s.where})")
    lines.append(
        "B1: pass." if report.passes else "B1: FAIL. Rewrite the strings above: short sentences, everyday words, 'je'."
    )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("path", nargs="?", default=str(CATALOGUE))
    parser.add_argument("--worst", type=int, default=15, help="how many of the hardest strings to print")
    args = parser.parse_args(argv)
    report = score_catalogue(args.path)
    print(describe(report, args.worst))
    return 0 if report.passes else 1


if __name__ == "__main__":
    sys.exit(main())
