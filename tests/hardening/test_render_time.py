"""Markdown renders in linear time for every Markdown field (issue 20: one post must not hold a
worker for seconds).

Wall-clock time is the wrong thing to assert in a unit test: on a busy machine a neighbour's burst
makes a linear renderer look quadratic (the last CI run failed that way on two fields), and a fast machine hides real
growth. So this test counts work instead of timing it: the Python line events of one render
(`sys.settrace`), which for the same input and library versions is the same number on every
machine. markdown-it-py, where the quadratic cases lived, is pure Python, so its loops are all
counted; nh3 (ammonia, html5ever) is Rust and linear by design, and is not seen here.

Two checks per pathological input of bench/render_time.py (unbalanced brackets, image brackets,
emphasis runs, nested lists and quotes, link references, ...):
- doubling the input at most about doubles the work (quadratic growth would quadruple it);
- at the longest length any Markdown field accepts, the work stays within a budget per character.

The time this takes on a real machine, per field at its own longest length, is measured by
`make bench-markdown` (bench/results/markdown.md), against the 100 ms bound.
"""

import sys

import pytest

from bench.render_time import PATHOLOGICAL, markdown_fields
from leeratelier.core.sanitize import render_markdown

# Linear growth doubles the work when the input doubles; 2.5 leaves room for constant set-up costs
# and for inputs made of repeating units (link references) that do not divide evenly, and is far
# below the 4 of quadratic growth.
MAX_GROWTH = 2.5
# Line events per input character at the longest field length. The worst input today (image
# brackets with one `]` at the end) takes about 790; the review's 8,000 `[` took 32 seconds.
BUDGET_PER_CHARACTER = 1000


def line_events(source):
    """How many Python line events rendering `source` takes."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        count += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        render_markdown(source)
    finally:
        sys.settrace(previous)
    return count


def longest_field():
    return max(length for _, length in markdown_fields())


def test_every_markdown_field_is_measured():
    labels = {label.split(" ")[0] for label, _ in markdown_fields()}
    assert {
        "cases.Case.situation", "cases.Case.question", "cases.Case.done_so_far", "cases.Case.lesson_learned",
        "cases.Case.lesson_next_time", "cases.Case.public_summary", "cases.Reflection.body",
        "cycles.Contribution.body", "cycles.Phase.summary", "cycles.ValueScore.comment",
        "cycles.NarrativeReport.intro", "toolbox.MethodExperience.text", "pioneers.PracticePage.process_description",
        "pioneers.PracticePage.what_works", "pioneers.PracticePage.what_does_not_work", "pioneers.PracticeOutcome.text",
    } <= labels  # fmt: skip
    assert all(length for _, length in markdown_fields()), "every Markdown field has a maximum length"


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_rendering_work_grows_linearly(name):
    make = PATHOLOGICAL[name]
    full = longest_field()
    assert len(make(full)) == full, name
    render_markdown(make(100))  # first-use set-up (linkify's patterns) is not the input's work
    at_half, at_full = line_events(make(full // 2)), line_events(make(full))
    assert at_full <= MAX_GROWTH * at_half, f"{name}: {at_half} line events at {full // 2}, {at_full} at {full}"
    assert at_full <= BUDGET_PER_CHARACTER * full, f"{name}: {at_full / full:.0f} line events per character"


def test_the_reviews_inputs_render_and_show_their_text():
    """The inputs of the review: 8,000 `[` took 32 s to post, `![` x 4,000 16 s."""
    for source in ("[" * 8000, "![" * 4000, "[" * 7999 + "]", "- " * 3000 + "x", ">" * 8000):
        assert line_events(source) <= BUDGET_PER_CHARACTER * len(source), source[:10]
        assert render_markdown(source)  # and the text is still shown
