"""Dissent as information (deep democracy): beside the average of a value's scores, how far the
scores lie apart and what people said with them. A wide spread is not a problem to average away
but a reason to talk: it is marked on the compass and in the report.

A spread is wide when the highest and the lowest score of a value in one loop lie WIDE_SPREAD or
more apart on the 1-5 scale (e.g. a 1 and a 4). The compass page says so in words.

Scores can also be read per perspective (resident, professional, municipality...): per value and
loop the average and count of each perspective. A breakdown must not give away one person's
score, so a perspective is shown on its own only when at least MIN_GROUP people of it scored;
the rest (smaller perspectives and scorers who gave none) is "other perspectives", and when that
rest would be a single person, the smallest shown perspective joins it too (else the rest's
score follows from the total minus the groups shown)."""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Perspective, ValueScore

WIDE_SPREAD = 3
SCORES = range(1, 6)
MIN_GROUP = 2
OTHER = "other"


def tallies(scores):
    """From ``ValueScore`` rows, in one grouped query: ``{(value_id, loop_id): {score: how
    many}}`` and ``{(value_id, loop_id): {perspective: {score: how many}}}`` (a participant
    without a perspective counts under "")."""
    from django.db.models import Count

    counts = defaultdict(dict)
    per_perspective = defaultdict(lambda: defaultdict(dict))
    rows = scores.values("value_id", "loop_id", "score", "participant__perspective").annotate(n=Count("id")).order_by()
    for row in rows:
        key = (row["value_id"], row["loop_id"])
        score, n = row["score"], row["n"]
        counts[key][score] = counts[key].get(score, 0) + n
        by_score = per_perspective[key][row["participant__perspective"] or ""]
        by_score[score] = by_score.get(score, 0) + n
    return counts, per_perspective


def perspective_label(perspective):
    """What a breakdown row is called: the perspective's label, or "Other perspectives"."""
    if perspective in Perspective.values:
        return Perspective(perspective).label
    return gettext_lazy("Other perspectives")


def labelled(groups):
    """Copies of breakdown groups (from ``by_perspective``) with their label, in the reader's
    language: the compass labels them when shown, a report when it is displayed (its frozen
    snapshot keeps the keys only)."""
    return [{**group, "label": perspective_label(group["perspective"])} for group in groups]


def by_perspective(groups):
    """The average and count per perspective of one value and loop, from {perspective: {score:
    how many}}: the perspectives in their fixed order, then "other perspectives" (OTHER). Only
    groups of at least MIN_GROUP people, and never so that one person's score can be worked out
    (see the module's docstring); [] when nothing can be shown beyond the total."""
    sizes = {perspective: sum(counts.values()) for perspective, counts in groups.items()}
    shown = [perspective for perspective in Perspective.values if sizes.get(perspective, 0) >= MIN_GROUP]
    rest = sum(size for perspective, size in sizes.items() if perspective not in shown)
    while 0 < rest < MIN_GROUP and shown:
        smallest = min(reversed(shown), key=lambda perspective: sizes[perspective])
        shown.remove(smallest)
        rest += sizes[smallest]
    if not shown:
        return []
    found = []
    for perspective in shown:
        found.append(_group(perspective, groups[perspective]))
    if rest:
        other = defaultdict(int)
        for perspective, counts in groups.items():
            if perspective not in shown:
                for score, n in counts.items():
                    other[score] += n
        found.append(_group(OTHER, other))
    return found


def _group(perspective, counts):
    total = sum(counts.values())
    return {
        "perspective": perspective,
        "average": round(sum(score * n for score, n in counts.items()) / total, 1),
        "count": total,
    }


def spread(counts):
    """What a cell shows, from {score: how many}: average, count, lowest, highest, the
    distribution (every score 1-5 with how many gave it) and whether views differ."""
    total = sum(counts.values())
    if not total:
        return {"average": None, "count": 0, "lowest": None, "highest": None, "distribution": [], "views_differ": False}
    lowest, highest = min(counts), max(counts)
    return {
        "average": round(sum(score * n for score, n in counts.items()) / total, 1),
        "count": total,
        "lowest": lowest,
        "highest": highest,
        "distribution": [{"score": score, "count": counts.get(score, 0)} for score in SCORES],
        "views_differ": highest - lowest >= WIDE_SPREAD,
    }


def may_read_comments(user, cycle):
    """The comments given with the scores are for the cycle's participants (and whoever
    facilitates it), not for every member of the atelier."""
    from . import policy

    return policy.cycle_participant(user, cycle) is not None or policy.can_facilitate_cycle(user, cycle)


def comments(cycle):
    """{(value_id, loop_id): [comment]} of the cycle's scores with a comment, in one query.
    Each comment carries ``author``: the participant's name, or None when they chose to comment
    anonymously (then no name is loaded into the result at all)."""
    found = defaultdict(list)
    rows = (
        ValueScore.objects.filter(value__cycle=cycle)
        .exclude(comment="")
        .select_related("participant__user")
        .order_by("loop__number", "score", "updated_at", "id")
    )
    for row in rows:
        found[(row.value_id, row.loop_id)].append(
            {
                "score": row.score,
                "html": row.comment_html,
                "text": row.comment,
                "author": None if row.anonymous else row.participant.display_name,
            }
        )
    return found


def anonymous_label():
    return _("Anonymous")
