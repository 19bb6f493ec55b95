"""The tool finder's scoring (leeratelier.toolbox.finder): pure rules, no database."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from leeratelier.toolbox.finder import Answers, rank, score


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def method(title, purposes=(), yields="both", time_needed="weeks", roles=()):
    return SimpleNamespace(
        title=title, purposes=list(purposes), yields=yields, time_needed=time_needed, roles=list(roles)
    )


CALCULATOR = method(
    "Effectencalculator", ["account", "evaluate", "learn"], "both", "session", ["citizen", "social_worker", "volunteer"]
)
CIRCLE = method("Waardencirkel", ["account", "dialogue"], "stories", "months", ["social_worker", "policy_maker"])
SROI = method("Social Return on Investment", ["account"], "numbers", "months", ["policy_maker", "executive"])
DEEP_DEMOCRACY = method(
    "Deep democracy", ["dialogue"], "stories", "session", ["citizen", "social_worker", "policy_maker"]
)
ALL = [SROI, CIRCLE, DEEP_DEMOCRACY, CALCULATOR]


def texts(items):
    return [str(item) for item in items]


def test_no_answers_ranks_every_method_by_title():
    assert Answers().is_empty
    assert [m.method.title for m in rank(ALL, Answers())] == [
        "Deep democracy",
        "Effectencalculator",
        "Social Return on Investment",
        "Waardencirkel",
    ]
    assert all(m.score == 0 and not m.reasons and not m.gaps for m in rank(ALL, Answers()))


def test_a_wanted_purpose_counts_and_is_named_as_the_reason():
    match = score(CIRCLE, Answers(purposes=("dialogue",)))
    assert match.score == 3
    assert texts(match.reasons) == ["It helps you talk and create together."]
    assert match.gaps == []


def test_a_purpose_the_method_does_not_serve_is_what_it_would_not_give():
    match = score(SROI, Answers(purposes=("account", "learn")))
    assert match.score == 3
    assert texts(match.reasons) == ["It helps you account to funders."]
    assert texts(match.gaps) == ["It is not made to learn as a team."]


def test_numbers_wanted_and_a_method_of_stories():
    match = score(CIRCLE, Answers(evidence="numbers"))
    assert match.score == 0
    assert texts(match.gaps) == ["It yields stories, not numbers."]


def test_numbers_wanted_and_a_method_that_yields_both():
    match = score(CALCULATOR, Answers(evidence="numbers"))
    assert match.score == 3
    assert texts(match.reasons) == ["It yields numbers and stories."]


def test_both_wanted_and_a_method_of_one_kind_fits_partly():
    match = score(SROI, Answers(evidence="both"))
    assert match.score == 1
    assert texts(match.reasons) == ["It yields numbers."]
    assert texts(match.gaps) == ["It does not give you stories."]


def test_a_method_that_takes_longer_than_the_time_available_is_marked_down():
    too_long = score(CIRCLE, Answers(time="session"))
    assert too_long.score == -3
    assert texts(too_long.gaps) == ["It takes more time than you have: a process of several months."]
    fits = score(DEEP_DEMOCRACY, Answers(time="weeks"))
    assert fits.score == 2
    assert texts(fits.reasons) == ["It fits the time you have: one session (up to half a day)."]


def test_people_at_the_table_count_one_each_and_those_left_out_are_named():
    match = score(SROI, Answers(roles=("policy_maker", "citizen")))
    assert match.score == 1
    assert texts(match.reasons) == ["It gives a place to who is at your table: policy maker or civil servant."]
    assert texts(match.gaps) == ["It has no set place for: citizen or resident."]


def test_unknown_values_are_ignored_rather_than_failing():
    match = score(SROI, Answers(purposes=("world_peace",), roles=("king",), evidence="gold", time="forever"))
    assert (match.score, match.reasons, match.gaps) == (0, [], [])


def test_ranking_for_the_small_entrepreneur_who_must_account_with_numbers_in_little_time():
    answers = Answers(purposes=("account",), evidence="numbers", time="session", roles=("social_entrepreneur",))
    ranked = rank(ALL, answers)
    assert [m.method.title for m in ranked] == [
        "Effectencalculator",  # 3 purpose + 3 numbers (both) + 2 time
        "Social Return on Investment",  # 3 + 3 - 3 (months) = 3
        "Deep democracy",  # 0 + 0 (stories) + 2 = 2
        "Waardencirkel",  # 3 + 0 (stories) - 3 (months) = 0: cannot be done in the time
    ]
    assert [m.score for m in ranked] == [8, 3, 2, 0]
    best = ranked[0]
    assert best.score == 8
    assert str(best.fit) == "Partial fit"  # the entrepreneur has no set place at its table
    assert texts(best.gaps) == ["It has no set place for: social entrepreneur."]


def test_equal_scores_prefer_fewer_gaps_then_the_title():
    answers = Answers(purposes=("dialogue",))
    ranked = rank([CIRCLE, DEEP_DEMOCRACY], answers)
    assert [m.method.title for m in ranked] == ["Deep democracy", "Waardencirkel"]


def test_a_good_fit_needs_a_clear_score_and_no_gaps():
    match = score(DEEP_DEMOCRACY, Answers(purposes=("dialogue",), evidence="stories", time="session"))
    assert match.score == 8 and match.gaps == []
    assert str(match.fit) == "Good fit"
    assert str(score(SROI, Answers(evidence="stories")).fit) == "Poor fit"
