"""The cycle's exports for its members: its contributions as CSV (through the core's CSV writer,
with its formula guard) and the whole cycle as JSON (timeline, compass with the spread and the
perspectives, participants, contributions). Contributions hidden by moderation stay out; the
compass comments only for those who read them on the compass page."""

import json

from django.http import HttpResponse

from leeratelier.core.views_toolkit import csv_response

from . import dissent
from .models import Contribution
from .views import _cycle_or_404, compass_data, timeline


def _export_rows(cycle):
    """The cycle's contributions for its members' export; those hidden by moderation stay out."""
    contributions = (
        Contribution.objects.filter(cycle=cycle, hidden_at__isnull=True)
        .select_related("phase__loop", "participant__user", "case", "method")
        .order_by("phase__loop__number", "phase__position", "created_at", "id")
    )
    for c in contributions:
        yield {
            "id": c.pk,
            "loop": c.phase.loop.number,
            "phase": c.phase.kind,
            "kind": c.kind,
            "track": c.track,
            "participant": c.participant.display_name if c.participant else "",
            "created_at": c.created_at.isoformat(),
            "text": c.body,
            "image_alt": c.image_alt,
            "transcript": c.transcript,
            "indicator_name": c.indicator_name,
            "indicator_value": str(c.indicator_value) if c.indicator_value is not None else "",
            "indicator_unit": c.indicator_unit,
            "indicator_date": c.indicator_date.isoformat() if c.indicator_date else "",
            "case": c.case_id or "",
            "meeting": str(c.meeting_key or ""),
            "method": c.method.title if c.method else "",
            "shareable": c.shareable,
        }


EXPORT_FIELDS = [
    "id",
    "loop",
    "phase",
    "kind",
    "track",
    "participant",
    "created_at",
    "text",
    "image_alt",
    "transcript",
    "indicator_name",
    "indicator_value",
    "indicator_unit",
    "indicator_date",
    "case",
    "meeting",
    "method",
    "shareable",
]


def export_csv(request, cycle_id):
    cycle, denied = _cycle_or_404(request, cycle_id)
    if denied:
        return denied
    rows = ([row[name] for name in EXPORT_FIELDS] for row in _export_rows(cycle))
    return csv_response(f"cycle-{cycle.pk}.csv", EXPORT_FIELDS, rows)


def _export_cell(cell, reads_comments):
    """A compass cell in the JSON export. Comments only for those who read them on the compass;
    an anonymous comment carries no author (null), whoever exports."""
    exported = {
        "loop": cell["loop"].number,
        "average": cell["average"],
        "count": cell["count"],
        "lowest": cell["lowest"],
        "highest": cell["highest"],
        "distribution": {str(item["score"]): item["count"] for item in cell["distribution"]},
        "views_differ": cell["views_differ"],
        # Only groups large enough not to give away one person's score (cycles.dissent).
        "perspectives": [
            {"perspective": group["perspective"], "average": group["average"], "count": group["count"]}
            for group in cell["perspectives"]
        ],
    }
    if reads_comments:
        exported["comments"] = [
            {"score": comment["score"], "comment": comment["text"], "author": comment["author"]}
            for comment in cell["comments"]
        ]
    return exported


def export_json(request, cycle_id):
    cycle, denied = _cycle_or_404(request, cycle_id)
    if denied:
        return denied
    loops, _current = timeline(cycle)
    reads_comments = dissent.may_read_comments(request.user, cycle)
    _loops, rows = compass_data(cycle, with_comments=reads_comments)
    data = {
        "cycle": {
            "id": cycle.pk,
            "learning_question": cycle.learning_question,
            "starts_on": cycle.starts_on.isoformat(),
            "ends_on": cycle.ends_on.isoformat(),
            "closed": cycle.is_closed,
        },
        "values": [
            {
                "name": row["value"].name,
                "meaning": row["value"].meaning,
                "scores": [_export_cell(cell, reads_comments) for cell in row["cells"]],
            }
            for row in rows
        ],
        "loops": [
            {
                "number": entry["loop"].number,
                "phases": [
                    {
                        "phase": p.kind,
                        "status": p.status,
                        "goal": p.goal,
                        "summary": p.summary,
                        "starts_on": p.starts_on.isoformat() if p.starts_on else None,
                        "ends_on": p.ends_on.isoformat() if p.ends_on else None,
                    }
                    for p in entry["phases"]
                ],
            }
            for entry in loops
        ],
        "participants": [p.display_name for p in cycle.participants.select_related("user")],
        "contributions": list(_export_rows(cycle)),
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cycle-{cycle.pk}.json"'
    return response
