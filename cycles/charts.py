"""The values compass as a small line chart (inline SVG, no script, no library): score 1-5 up,
loops across, one line per value with its name at the end. Used by the compass page, the report
page and the report's PDF (cycles/includes/compass_chart.html); the table next to it holds the
same numbers, so the chart is never the only way to read them."""

CHART_WIDTH, CHART_HEIGHT, CHART_MARGIN = 560, 220, 36
CHART_COLOURS = ["#1d5c63", "#b5542d", "#5b4a8b", "#2f6f3e", "#8a6d1f", "#7a2d4f"]
CHART_MARKERS = ["circle", "square", "diamond", "triangle", "circle", "square"]
DASHES = ["none", "6 3", "2 3", "10 4 2 4"]


def colour(index):
    return CHART_COLOURS[index % len(CHART_COLOURS)]


def marker(index):
    return CHART_MARKERS[index % len(CHART_MARKERS)]


def chart(loop_numbers, series, chart_id="compass"):
    """``series``: [{"name", "averages": [average or None per loop]}]. Numbers are formatted here
    with a decimal point: the template would localise them ("73,0" in Dutch), which SVG does not
    read."""
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_MARGIN, CHART_HEIGHT - 2 * CHART_MARGIN
    step = inner_w / max(len(loop_numbers) - 1, 1)

    def x(i):
        return CHART_MARGIN + (i * step if len(loop_numbers) > 1 else inner_w / 2)

    def y(score):
        return CHART_MARGIN + inner_h - (float(score) - 1) / 4 * inner_h

    def fmt(number):
        return f"{number:.1f}"

    lines = []
    for index, item in enumerate(series):
        points = [(x(i), y(average)) for i, average in enumerate(item["averages"]) if average is not None]
        lines.append(
            {
                "name": item["name"],
                "colour": colour(index),
                "dash": DASHES[index % len(DASHES)],
                "points": [{"x": fmt(px), "y": fmt(py)} for px, py in points],
                "path": " ".join(f"{fmt(px)},{fmt(py)}" for px, py in points),
                "label": {"x": fmt(points[-1][0] + 7), "y": fmt(points[-1][1])} if points else None,
            }
        )
    return {
        "id": chart_id,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "gridlines": [{"score": s, "y": fmt(y(s))} for s in range(1, 6)],
        "ticks": [{"number": number, "x": fmt(x(i))} for i, number in enumerate(loop_numbers)],
        "lines": lines,
        "left": CHART_MARGIN,
        "label_x": CHART_MARGIN - 8,
        "right": CHART_WIDTH - CHART_MARGIN,
        "bottom": CHART_HEIGHT - 8,
    }


def report_chart(item, index=0):
    """The chart of one cycle's compass as a report stores it (``reports.compass``)."""
    series = [
        {"name": row["name"], "averages": [score["average"] for score in row["scores"]]} for row in item["values"]
    ]
    return chart(item["loops"], series, chart_id=f"compass-{index}")
