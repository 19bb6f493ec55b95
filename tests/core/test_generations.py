"""Parts of pages kept under generations (leeratelier.core.generations): served while the
generations they were stored with are current and they have not turned stale, never after a
change moved one on, not even when a reader read the data between the change and its commit."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from leeratelier.core import generations

pytestmark = pytest.mark.django_db


def test_a_value_is_served_until_its_generation_moves_on():
    assert generations.lookup("part", ["a", "b"])[0] is None
    _, stamp = generations.lookup("part", ["a", "b"])
    generations.store("part", stamp, "kept")
    assert generations.lookup("part", ["a", "b"]) == ("kept", stamp)
    generations.bump("b")
    assert generations.lookup("part", ["a", "b"])[0] is None


def test_the_callers_own_generations_count_too():
    _, stamp = generations.lookup("part", ["a"], extra=(1,))
    generations.store("part", stamp, "kept")
    assert generations.lookup("part", ["a"], extra=(1,))[0] == "kept"
    assert generations.lookup("part", ["a"], extra=(2,))[0] is None


def test_a_value_turns_stale_at_its_moment(monkeypatch):
    _, stamp = generations.lookup("part", ["a"])
    now = timezone.now()
    generations.store("part", stamp, "kept", stale_at=(now + timedelta(minutes=5)).timestamp())
    assert generations.lookup("part", ["a"])[0] == "kept"
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=6))
    assert generations.lookup("part", ["a"])[0] is None


def test_a_reader_between_a_change_and_its_commit_keeps_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            generations.bump("a")  # the change, not committed yet
            _, stamp = generations.lookup("part", ["a"])  # another reader, reading the old data
            generations.store("part", stamp, "old")
    assert generations.lookup("part", ["a"])[0] is None  # the commit moved it on again


def test_an_emptied_cache_never_brings_back_a_value():
    _, stamp = generations.lookup("part", ["a"])
    generations.store("part", stamp, "kept")
    cache.delete(generations.PREFIX + "a")
    assert generations.lookup("part", ["a"])[0] is None


def test_bump_all_moves_every_generation_on():
    _, stamp = generations.lookup("part", ["a"])
    generations.store("part", stamp, "kept")
    generations.bump_all()
    assert generations.lookup("part", ["a"])[0] is None
