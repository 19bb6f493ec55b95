"""The Dutch interface is written at B1: the same check as `make b1` (scripts/b1_check.py), so CI
fails when a new or changed string is too hard to read."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "b1_check.py"


@pytest.fixture(scope="module")
def b1_check():
    spec = importlib.util.spec_from_file_location("b1_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dutch_catalogue_reads_at_b1(b1_check):
    report = b1_check.score_catalogue()
    assert len(report.strings) > 100
    assert report.passes, b1_check.describe(report)


def test_the_check_scores_sentences_only_and_fails_on_hard_text(b1_check, tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Save"\nmsgstr "Opslaan"\n\n'
        'msgid "Hello %(name)s, the cat sits on the mat."\n'
        'msgstr "Hallo %(name)s, de kat zit op de mat."\n\n'
        'msgid "Only the facilitator can publish or cancel the meeting in the agenda."\n'
        'msgstr "Alleen de facilitator kan de bijeenkomst in de agenda publiceren of annuleren."\n',
        encoding="utf-8",
    )
    report = b1_check.score_catalogue(po)
    # "Opslaan" is a label, not a sentence; the placeholder is not a word.
    assert [s.msgid[:5] for s in report.strings] == ["Only ", "Hello"]
    assert not report.passes
    assert [s.msgstr[:7] for s in report.below_floor] == ["Alleen "]
    assert b1_check.main([str(po)]) == 1
    text = b1_check.describe(report)
    assert "Alleen de facilitator" in text and "FAIL" in text
