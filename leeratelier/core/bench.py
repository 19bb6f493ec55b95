"""The benchmark dataset (``manage.py make_bench_data --scale N``): a region's whole social domain
over the years, to measure speed honestly (see the README's benchmark section).

Each app adds what it owns with ``register_step(order)`` in its own ``bench.py`` (found like the
demo steps); a step receives a ``BenchContext`` with the scale, a seeded random generator, Dutch
text made from the magazine, a progress bar and what earlier steps made. Steps are idempotent:
a step that finds its data complete skips; one that finds a partial run (interrupted) removes
what it made and starts again. Everything the generator makes is recognisable (users named
``bench-…``, pages under the bench ateliers), so it never touches the demo or real content.

Rows are streamed: made by generators and written with bulk inserts in batches (never the whole
table in memory: at scale 1 the generator stays under 500 MB); pages (Wagtail's tree) are added one by one, as
the tree requires.
"""

import random
import re
import time
import uuid
from dataclasses import dataclass, field
from itertools import islice

from django.db import reset_queries

BATCH = 2000
_steps = []

# Kinds of benchmark pages, for bench_key.
ATELIER, MEETING = 1, 2


def bench_key(kind, number):
    """The translation key of the number-th benchmark page of a kind. The page stays recognisable
    by it when its slug changes (a hidden atelier's pages get slugs made of the first twelve
    hex digits of their keys, see ateliers.models.id_slug: so those hold the number) by a fixed
    suffix of twelve hex digits (which a random key has with a chance of 1 in 16^12)."""
    return uuid.UUID(f"{number:08x}-0000-4000-8000-{kind:04x}be0cbe0c")


def bench_keys(kind):
    """Filter arguments that select the benchmark pages of a kind."""
    return {"translation_key__endswith": f"{kind:04x}be0cbe0c"}


def register_step(order):
    """Register a generator step; steps run by ``order`` (ateliers 10, cases 20, ...)."""

    def decorator(function):
        _steps.append((order, function))
        return function

    return decorator


class Progress:
    """A one-line progress bar on the console (a carriage return, no library)."""

    def __init__(self, out, label, total):
        self.out, self.label, self.total = out, label, max(total, 1)
        self.done, self.started, self.shown = 0, time.monotonic(), -1

    def advance(self, count=1):
        self.done += count
        reset_queries()  # with DEBUG on (the dev settings) Django keeps the SQL of 9,000 queries
        percent = min(100, self.done * 100 // self.total)
        if percent != self.shown:
            self.shown = percent
            bar = "#" * (percent // 4)
            self.out.write(f"\r  {self.label:<28} [{bar:<25}] {percent:3d}%", ending="")
            self.out.flush()

    def finish(self):
        elapsed = time.monotonic() - self.started
        self.out.write(f"\r  {self.label:<28} [{'#' * 25}] 100%  {self.done:,} in {elapsed:.0f}s")


# Files of Dutch prose the generator draws its sentences from: an app adds its own in its bench.py
# (the magazine adds its shipped text), so the core names no app.
TEXT_SOURCES = []


class DutchText:
    """Dutch-looking text of realistic lengths: sentences of the magazine, shuffled by a seeded
    generator. Real words in real proportions, so full-text search is measured honestly (a
    common word has many hits, a rare one few)."""

    def __init__(self, rng):
        self.rng = rng
        text = "\n".join(path.read_text(encoding="utf-8") for path in TEXT_SOURCES)
        text = re.sub(r"\s+", " ", text)
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
        self.sentences = [s.strip() for s in sentences if 40 <= len(s.strip()) <= 400]
        self.words = [w for w in re.findall(r"[a-zA-Zéëïöü]{4,}", text)]

    def sentence(self):
        return self.rng.choice(self.sentences)

    def paragraph(self, sentences=(2, 5)):
        return " ".join(self.sentence() for _ in range(self.rng.randint(*sentences)))

    def paragraphs(self, count=(1, 3)):
        return "\n\n".join(self.paragraph() for _ in range(self.rng.randint(*count)))

    def title(self, words=(3, 7)):
        picked = [self.rng.choice(self.words).lower() for _ in range(self.rng.randint(*words))]
        return " ".join(picked).capitalize()


@dataclass
class BenchContext:
    scale: float
    out: object
    rng: random.Random
    text: DutchText
    made: dict = field(default_factory=dict)  # what earlier steps made, for later ones

    def count(self, at_scale_one):
        """The number of things to make at this scale (at least one)."""
        return max(1, round(at_scale_one * self.scale))

    def progress(self, label, total):
        return Progress(self.out, label, total)

    def say(self, text):
        self.out.write(text)


def run(scale, out, seed=2026):
    from .components import import_steps

    import_steps("bench")  # each app's bench.py registers its steps (its manifest)
    rng = random.Random(seed)
    context = BenchContext(scale=scale, out=out, rng=rng, text=DutchText(rng))
    for _, step in sorted(_steps, key=lambda item: item[0]):
        step(context)
    return context


def bulk_create(model, rows, progress=None, keep=False):
    """Insert rows in batches of BATCH, advancing the progress bar. ``rows`` may be any iterable
    and is consumed lazily, one batch at a time, so a generator of rows never holds more than a
    batch in memory (the dataset's peak memory stays flat whatever the scale). With ``keep`` the
    saved objects (with ids on PostgreSQL and SQLite) are returned; else the number saved."""
    iterator = iter(rows)
    saved, total = [], 0
    while True:
        batch = list(islice(iterator, BATCH))
        if not batch:
            break
        model.objects.bulk_create(batch)
        total += len(batch)
        if keep:
            saved.extend(batch)
        if progress:
            progress.advance(len(batch))
        reset_queries()
    return saved if keep else total
