"""The narrative accountability report (narratief verantwoordingsverslag): numbers and stories
of a cycle, or of an atelier over a period, ordered by the three tracks of impact, with the
values compass results.

``candidates`` says what a coordinator may choose; ``build`` turns a selection into the report's
content (a plain JSON-able dict); publishing stores that dict as the snapshot. ``for_display``
is what every view (page, print, PDF) shows: stories whose author has withdrawn consent since
are dropped there, each time the report is shown.

Nothing private reaches a report: stories are only contributions marked shareable by their
author, and cases with an approved anonymised public summary (never the case text itself).
"""

from collections import defaultdict
from datetime import datetime, time
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leeratelier.core.models import Track

from . import charts, dissent
from .models import CompassValue, Contribution, LearningCycle, Loop, Perspective, ValueScore

NUMBER_KEYS = ("meetings", "attendance", "cases", "lessons", "contributions")
NUMBER_TRACK = {
    "meetings": Track.EFFICIENCY,
    "attendance": Track.EFFICIENCY,
    "contributions": Track.EFFICIENCY,
    "cases": Track.CRAFT,
    "lessons": Track.CRAFT,
}
STORY_KINDS = (Contribution.Kind.NOTE, Contribution.Kind.OBSERVATION, Contribution.Kind.STORY)


def _moment(day, end=False):
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def _cycles(atelier_key, cycle, start, end):
    if cycle is not None:
        return LearningCycle.objects.filter(pk=cycle.pk)
    return LearningCycle.objects.filter(atelier_key=atelier_key, starts_on__lte=end, ends_on__gte=start)


def _contributions(atelier_key, cycle, start, end):
    return Contribution.objects.filter(
        cycle__in=_cycles(atelier_key, cycle, start, end),
        created_at__gte=_moment(start),
        created_at__lte=_moment(end, True),
    )


def numbers(atelier_key, cycle, start, end):
    """The numbers of the scope, computed now (a fixed number of queries)."""
    from leeratelier.ateliers.models import AtelierPage, ExpertMeetingPage, Registration
    from leeratelier.cases.models import Case

    paths = list(AtelierPage.objects.filter(translation_key=atelier_key).values_list("path", flat=True))
    inside = Q(pk__in=[])
    for path in paths:
        inside |= Q(path__startswith=path)
    held = {}
    for key, count in (
        ExpertMeetingPage.objects.filter(inside)
        .live()
        .filter(end__gte=_moment(start), end__lte=min(_moment(end, True), timezone.now()))
        .order_by("translation_key", "pk")
        .values_list("translation_key", "attendee_count")
    ):
        held.setdefault(key, count)
    registered = dict(
        Registration.objects.confirmed()
        .filter(meeting_key__in=list(held))
        .values("meeting_key")
        .annotate(n=Count("id"))
        .values_list("meeting_key", "n")
    )
    # Attendance checked on the attendee list counts first, then a number typed in by hand
    # (meetings from before the list), then the confirmed registrations.
    attended = {
        key: (came, checked)
        for key, came, checked in Registration.objects.filter(meeting_key__in=list(held))
        .values("meeting_key")
        .annotate(came=Count("id", filter=Q(attended=True)), checked=Count("id", filter=Q(attended__isnull=False)))
        .values_list("meeting_key", "came", "checked")
    }

    def held_by(key, typed):
        came, checked = attended.get(key, (0, 0))
        if checked:
            return came
        return typed if typed is not None else registered.get(key, 0)

    attendance = sum(held_by(key, count) for key, count in held.items())
    cases = Case.objects.listed().filter(atelier_key=atelier_key)
    contributions = _contributions(atelier_key, cycle, start, end)
    series = defaultdict(list)
    for name, unit, day, value in (
        contributions.filter(kind=Contribution.Kind.INDICATOR)
        .order_by("indicator_name", "indicator_date", "id")
        .values_list("indicator_name", "indicator_unit", "indicator_date", "indicator_value")
    ):
        series[name].append({"date": day.isoformat() if day else "", "value": str(value), "unit": unit})
    return {
        "meetings": len(held),
        "attendance": attendance,
        "cases": cases.filter(created_at__gte=_moment(start), created_at__lte=_moment(end, True)).count(),
        "lessons": cases.filter(retained_at__gte=_moment(start), retained_at__lte=_moment(end, True)).count(),
        "contributions": contributions.count(),
        "indicators": dict(series),
    }


def story_candidates(atelier_key, cycle, start, end):
    """Stories the coordinator may put in: shareable contributions with text, and cases of the
    atelier with an approved public summary whose lesson was retained in the period."""
    from leeratelier.cases.models import Case

    stories = []
    told = Q(kind__in=STORY_KINDS) & (~Q(body="") | ~Q(image="") | ~Q(transcript=""))
    for contribution in (
        _contributions(atelier_key, cycle, start, end)
        .shareable()
        .filter(told)
        .select_related("phase__loop", "participant")
        .order_by("created_at", "id")
    ):
        stories.append(
            {
                "ref": f"contribution:{contribution.pk}",
                "kind": contribution.kind,
                "track": contribution.track or Track.MEANING,
                "html": contribution.body_html,
                "date": contribution.created_at.date().isoformat(),
                "loop": contribution.phase.loop.number,
                "phase": contribution.phase.kind,
                "perspective": contribution.participant.perspective if contribution.participant else "",
                # An image story with its description, an audio story with its transcript.
                "image": bool(contribution.image),
                "image_alt": contribution.image_alt,
                "audio": bool(contribution.audio),
                "transcript": contribution.transcript,
            }
        )
    for case in (
        Case.objects.with_public_summary()
        .filter(atelier_key=atelier_key)
        .filter(retained_at__gte=_moment(start), retained_at__lte=_moment(end, True))
        .order_by("retained_at", "id")
    ):
        stories.append(
            {
                "ref": f"case:{case.pk}",
                "kind": "case",
                "track": (case.tracks or [Track.CRAFT])[0],
                "html": case.public_summary_html,
                "date": case.retained_at.date().isoformat(),
                "loop": None,
                "phase": "",
                "perspective": "",
            }
        )
    return stories


def compass(atelier_key, cycle, start, end):
    """Per cycle in scope and per value: the average score of each loop, with its spread
    (lowest, highest, how many gave each score) and whether views differ (cycles.dissent).
    The comments stay in the cycle: they were given to its participants, a report may be public."""
    cycles = list(_cycles(atelier_key, cycle, start, end).order_by("starts_on", "id"))
    values = list(CompassValue.objects.filter(cycle__in=cycles).order_by("cycle_id", "position", "id"))
    loops = defaultdict(list)
    loop_ids = {}
    for loop in Loop.objects.filter(cycle__in=cycles).order_by("number"):
        loops[loop.cycle_id].append(loop.number)
        loop_ids[(loop.cycle_id, loop.number)] = loop.pk
    counts, per_perspective = dissent.tallies(ValueScore.objects.filter(value__in=values))
    result = []
    for item in cycles:
        rows = []
        for value in (v for v in values if v.cycle_id == item.pk):
            scores = []
            for number in loops[item.pk]:
                key = (value.pk, loop_ids[(item.pk, number)])
                cell = dissent.spread(counts.get(key, {}))
                scores.append(
                    {
                        "loop": number,
                        "average": _one_decimal(cell["average"]),
                        "count": cell["count"],
                        "lowest": cell["lowest"],
                        "highest": cell["highest"],
                        "distribution": cell["distribution"],
                        "views_differ": cell["views_differ"],
                        # Per perspective, only groups that give away nobody's score; the
                        # label is added when shown (for_display), in the reader's language.
                        "perspectives": [
                            {**group, "average": _one_decimal(group["average"])}
                            for group in dissent.by_perspective(per_perspective.get(key, {}))
                        ],
                    }
                )
            rows.append(
                {
                    "name": value.name,
                    "meaning": value.meaning,
                    "scores": scores,
                    "views_differ": any(score["views_differ"] for score in scores),
                }
            )
        result.append({"cycle": item.pk, "loops": loops[item.pk], "values": rows})
    return result


def _one_decimal(average):
    return str(Decimal(str(average)).quantize(Decimal("0.1"))) if average is not None else None


def candidates(report):
    """Everything the coordinator can choose for this report's scope."""
    scope = (report.atelier_key, report.cycle, report.period_start, report.period_end)
    found = numbers(*scope)
    return {"numbers": found, "stories": story_candidates(*scope)}


def build(report, selection=None):
    """The report's content for the chosen items (the selection's keys), computed now."""
    selection = set(report.selection if selection is None else selection)
    scope = (report.atelier_key, report.cycle, report.period_start, report.period_end)
    found = numbers(*scope)
    return {
        "numbers": {key: found[key] for key in NUMBER_KEYS if key in selection},
        "indicators": {
            name: points for name, points in found["indicators"].items() if f"indicator:{name}" in selection
        },
        "stories": [story for story in story_candidates(*scope) if story["ref"] in selection],
        "compass": compass(*scope) if "compass" in selection else [],
    }


def still_shareable(stories):
    """The refs of ``stories`` whose consent still stands (two queries, whatever the count)."""
    from leeratelier.cases.models import Case

    ids = defaultdict(list)
    for story in stories:
        kind, _sep, pk = story["ref"].partition(":")
        ids[kind].append(int(pk))
    allowed = set()
    if ids["contribution"]:
        allowed |= {
            f"contribution:{pk}"
            for pk in Contribution.objects.shareable().filter(pk__in=ids["contribution"]).values_list("pk", flat=True)
        }
    if ids["case"]:
        allowed |= {
            f"case:{pk}"
            for pk in Case.objects.with_public_summary().filter(pk__in=ids["case"]).values_list("pk", flat=True)
        }
    return allowed


def _contribution_id(ref):
    kind, _sep, pk = ref.partition(":")
    return int(pk) if kind == "contribution" else None


def for_display(report):
    """What the report shows now: the snapshot once published (a draft: built live), grouped
    by track, without stories whose consent was withdrawn."""
    content = report.snapshot if report.is_published or report.snapshot else build(report)
    allowed = still_shareable(content["stories"])
    stories = [
        {
            **story,
            "anchor": "story-" + story["ref"].replace(":", "-"),
            "contribution_id": _contribution_id(story["ref"]),
        }
        for story in content["stories"]
        if story["ref"] in allowed
    ]
    tracks = []
    for track in Track:
        in_track = [story for story in stories if story["track"] == track]
        tracks.append(
            {
                "track": track,
                "numbers": [(key, value) for key, value in content["numbers"].items() if NUMBER_TRACK[key] == track],
                "indicators": content["indicators"] if track == Track.EFFICIENCY else {},
                "stories": in_track,
                "perspectives": by_perspective(in_track),
            }
        )
    compass_items = [
        {**item, "values": _with_perspective_labels(item["values"]), "chart": charts.report_chart(item, index)}
        for index, item in enumerate(content["compass"])
    ]
    by_perspective_shown = any(
        score.get("perspectives") for item in compass_items for row in item["values"] for score in row["scores"]
    )
    return {
        "tracks": tracks,
        "compass": compass_items,
        "compass_by_perspective": by_perspective_shown,
        "compass_min_group": dissent.MIN_GROUP,
        "story_count": len(stories),
    }


def _with_perspective_labels(rows):
    """The compass rows with a label on each perspective group, as copies: the snapshot itself
    stays as it was frozen (a sign-off's fingerprint is computed from it). Reports published
    before the breakdown existed have no groups."""
    return [
        {
            **row,
            "scores": [
                {**score, "perspectives": dissent.labelled(score.get("perspectives", []))} for score in row["scores"]
            ],
        }
        for row in rows
    ]


def by_perspective(stories):
    """Stories of one track grouped by who told them: each perspective in its fixed order, then
    lessons from cases, then stories whose teller named no perspective. Reports published before
    perspectives existed have none: all their stories are in the last group."""
    groups = []
    for value, label in Perspective.choices:
        told = [story for story in stories if story.get("perspective") == value]
        if told:
            groups.append({"perspective": value, "label": label, "stories": told})
    cases = [story for story in stories if story["kind"] == "case"]
    if cases:
        groups.append({"perspective": "case", "label": _("Lessons from cases"), "stories": cases})
    rest = [
        story for story in stories if story["kind"] != "case" and story.get("perspective") not in Perspective.values
    ]
    if rest:
        groups.append({"perspective": "", "label": _("Perspective not given"), "stories": rest})
    return groups


def publish(report, by):
    """Freeze the selection and the numbers into the snapshot; the report gets its own URL."""
    from django.db import transaction

    with transaction.atomic():
        report.snapshot = build(report)
        report.status = report.Status.PUBLISHED
        report.published_at = timezone.now()
        report.save()
        from .feedback import tell_storytellers  # feedback reads reports: imported here, not at the top

        tell_storytellers(report)  # in the same transaction: told exactly when it is published
    return report
