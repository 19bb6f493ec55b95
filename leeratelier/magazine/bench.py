"""The magazine's part of the benchmark dataset: its shipped text is the Dutch prose the generator
draws realistic sentences from (``leeratelier.core.bench.DutchText``)."""

from leeratelier.core.bench import TEXT_SOURCES

from .setup import MAGAZINE_TEXT

TEXT_SOURCES.append(MAGAZINE_TEXT)
