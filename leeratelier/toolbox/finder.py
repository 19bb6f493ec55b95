"""The tool finder's scoring: which methods fit someone's answers, why, and what they would not
give. Pure functions over the answers and the methods' structured fields, so the rules are
tested without a database and the views only call ``rank``.

Weights, in order of what matters most to the people who asked for an overview ("I want to know
what a method yields"): a wanted purpose and the wanted kind of evidence weigh most (3 each), a
method that fits the time available adds 2 and one that takes longer subtracts 3 (a method you
cannot finish gives nothing), and each person at the table the method gives a place adds 1.
"""

from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from leeratelier.core.models import Role

from .models import Purpose, TimeNeeded, Yields

PURPOSE_WEIGHT = 3
EVIDENCE_WEIGHT = 3
PARTIAL_EVIDENCE_WEIGHT = 1
TIME_FITS_WEIGHT = 2
TIME_TOO_LONG_PENALTY = -3
ROLE_WEIGHT = 1

# Each purpose as a whole sentence, in both directions: a list glued after a colon ("It helps
# you to: account to funders") reads as a form, not as advice, and does not translate.
PURPOSE_SERVED = {
    Purpose.ACCOUNT: _("It helps you account to funders."),
    Purpose.LEARN: _("It helps you learn and improve as a team."),
    Purpose.EVALUATE: _("It helps you evaluate what you do."),
    Purpose.DIALOGUE: _("It helps you talk and create together."),
    Purpose.SIGNAL: _("It helps you signal a problem."),
}
PURPOSE_MISSING = {
    Purpose.ACCOUNT: _("It is not made to account to funders."),
    Purpose.LEARN: _("It is not made to learn as a team."),
    Purpose.EVALUATE: _("It is not made to evaluate."),
    Purpose.DIALOGUE: _("It is not made for talking and creating together."),
    Purpose.SIGNAL: _("It is not made to signal a problem."),
}

# What a method yields, read as a phrase in "It yields ..."
YIELD_PHRASES = {
    Yields.NUMBERS: _("numbers"),
    Yields.STORIES: _("stories"),
    Yields.BOTH: _("numbers and stories"),
}


@dataclass(frozen=True)
class Answers:
    """What the finder asked. Empty means "no preference"."""

    purposes: tuple = ()
    roles: tuple = ()
    evidence: str = ""  # a Yields value
    time: str = ""  # a TimeNeeded value: the most time available

    @property
    def is_empty(self):
        return not (self.purposes or self.roles or self.evidence or self.time)


@dataclass
class Match:
    method: object
    score: int = 0
    reasons: list = field(default_factory=list)
    gaps: list = field(default_factory=list)

    @property
    def fit(self):
        """A word for the fit, so the result never relies on the order or a colour alone."""
        if self.score >= 5 and not self.gaps:
            return _("Good fit")
        if self.score > 0:
            return _("Partial fit")
        return _("Poor fit")


def _join(labels):
    return ", ".join(str(label) for label in labels)


def _labels(choices, values):
    labels = dict(choices)
    return [labels[value] for value in values if value in labels]


def score(method, answers):
    """How well one method fits the answers, with the reasons it fits and what it would not give."""
    match = Match(method)

    wanted = [purpose for purpose in answers.purposes if purpose in Purpose.values]
    served = [purpose for purpose in wanted if purpose in method.purposes]
    missing = [purpose for purpose in wanted if purpose not in method.purposes]
    if served:
        match.score += PURPOSE_WEIGHT * len(served)
        match.reasons.extend(PURPOSE_SERVED[Purpose(purpose)] for purpose in served)
    if missing:
        match.gaps.extend(PURPOSE_MISSING[Purpose(purpose)] for purpose in missing)

    if answers.evidence in Yields.values:
        yields = method.yields
        if Yields.gives(yields, answers.evidence):
            match.score += EVIDENCE_WEIGHT
            match.reasons.append(format_lazy(_("It yields {}."), YIELD_PHRASES[Yields(yields)]))
        elif answers.evidence == Yields.BOTH:
            match.score += PARTIAL_EVIDENCE_WEIGHT
            other = Yields.STORIES if yields == Yields.NUMBERS else Yields.NUMBERS
            match.reasons.append(format_lazy(_("It yields {}."), YIELD_PHRASES[Yields(yields)]))
            match.gaps.append(format_lazy(_("It does not give you {}."), YIELD_PHRASES[other]))
        else:
            match.gaps.append(
                format_lazy(
                    _("It yields {}, not {}."), YIELD_PHRASES[Yields(yields)], YIELD_PHRASES[Yields(answers.evidence)]
                )
            )

    if answers.time in TimeNeeded.values and method.time_needed in TimeNeeded.values:
        available, needed = TimeNeeded(answers.time), TimeNeeded(method.time_needed)
        if needed.rank <= available.rank:
            match.score += TIME_FITS_WEIGHT
            match.reasons.append(format_lazy(_("It fits the time you have: {}."), str(needed.label).lower()))
        else:
            match.score += TIME_TOO_LONG_PENALTY
            match.gaps.append(format_lazy(_("It takes more time than you have: {}."), str(needed.label).lower()))

    at_table = [role for role in answers.roles if role in Role.values]
    included = [role for role in at_table if role in method.roles]
    left_out = [role for role in at_table if role not in method.roles]
    if included:
        match.score += ROLE_WEIGHT * len(included)
        match.reasons.append(
            format_lazy(
                _("It gives a place to who is at your table: {}."), _join(_labels(Role.choices, included)).lower()
            )
        )
    if left_out:
        match.gaps.append(
            format_lazy(_("It has no set place for: {}."), _join(_labels(Role.choices, left_out)).lower())
        )
    return match


def rank(methods, answers):
    """Every method scored, best fit first; equal scores by fewer gaps, then by title."""
    matches = [score(method, answers) for method in methods]
    return sorted(matches, key=lambda match: (-match.score, len(match.gaps), match.method.title.lower()))
