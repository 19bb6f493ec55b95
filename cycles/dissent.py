"""Dissent as information (deep democracy): beside the average of a value's scores, how far the
scores lie apart and what people said with them. A wide spread is not a problem to average away
but a reason to talk: it is marked on the compass and in the report.

A spread is wide when the highest and the lowest score of a value in one loop lie WIDE_SPREAD or
more apart on the 1-5 scale (e.g. a 1 and a 4). The compass page says so in words."""

from collections import defaultdict

from django.utils.translation import gettext as _

from .models import ValueScore

WIDE_SPREAD = 3
SCORES = range(1, 6)


def distributions(scores):
    """{(value_id, loop_id): {score: how many}} from ``ValueScore`` rows (one grouped query)."""
    from django.db.models import Count

    found = defaultdict(dict)
    for row in scores.values("value_id", "loop_id", "score").annotate(n=Count("id")).order_by():
        found[(row["value_id"], row["loop_id"])][row["score"]] = row["n"]
    return found


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
    from leeratelier.core import access

    return access.cycle_participant(user, cycle) is not None or access.can_facilitate_cycle(user, cycle)


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
