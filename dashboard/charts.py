"""Server-rendered SVG charts: the geometry, computed here, drawn by templates.

Readable without JavaScript and without an outside library: a chart is an
inline ``<svg role="img">`` with a ``<title>`` and a ``<desc>``, and its numbers
come as a table too (``templates/dashboard/includes/``). In a right-to-left
page the chart is mirrored: labels on the right, bars growing leftwards, time
running from right to left. Text anchors are physical (the ``<svg>`` is drawn
left to right), so each label is placed for the direction here.
"""

import math
from dataclasses import dataclass, field

WIDTH = 560


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    series: str = ""
    tooltip: str = ""


@dataclass
class Chart:
    """What the chart templates draw; ``rows`` and ``columns`` make the table."""

    slug: str
    title: str
    description: str
    height: int
    columns: list
    rows: list
    total: int = 0
    width: int = WIDTH
    boxes: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    gridlines: list = field(default_factory=list)
    legend: list = field(default_factory=list)

    @property
    def empty(self):
        return not self.total


def _mirror(rtl, x, width=0.0):
    """``x`` of a box ``width`` wide, mirrored in a right-to-left chart."""
    return round(WIDTH - x - width, 1) if rtl else round(x, 1)


def _anchor(rtl, anchor):
    if not rtl or anchor == "middle":
        return anchor
    return "start" if anchor == "end" else "end"


def bar_chart(slug, title, description, items, *, rtl, number, columns):
    """Horizontal bars, one per ``(label, value)`` of ``items``, top to bottom.

    ``number`` writes a value in the reader's digits; ``columns`` are the
    table's headings (what a label is, what a value counts).
    """
    label_width, value_width, row, bar, top = 150, 44, 22, 14, 4
    plot = WIDTH - label_width - value_width - 8
    largest = max([value for _label, value in items] or [0]) or 1
    chart = Chart(
        slug,
        title,
        description,
        height=top * 2 + row * len(items),
        columns=columns,
        rows=[(label, [number(value)]) for label, value in items],
        total=sum(value for _label, value in items),
    )
    for i, (label, value) in enumerate(items):
        middle = top + i * row + row / 2
        length = round(plot * value / largest, 1)
        start = label_width + 4
        chart.boxes.append(
            Box(
                _mirror(rtl, start, length),
                middle - bar / 2,
                length,
                bar,
                tooltip=f"{label}: {number(value)}",
            )
        )
        chart.labels.append(
            Label(_mirror(rtl, label_width - 4), middle, label, _anchor(rtl, "end"))
        )
        chart.labels.append(
            Label(
                _mirror(rtl, start + length + 4),
                middle,
                number(value),
                _anchor(rtl, "start"),
            )
        )
    return chart


def _nice_top(value):
    """The smallest round number (1, 2 or 5 × 10ⁿ, times 4 steps) ≥ ``value``."""
    if value <= 4:
        return 4
    step = value / 4
    magnitude = 10 ** math.floor(math.log10(step))
    for nice in (1, 2, 5, 10):
        if nice * magnitude >= step:
            return int(4 * nice * magnitude)
    return int(40 * magnitude)


def stacked_chart(
    slug, title, description, items, series, *, rtl, number, columns, tick_every=7
):
    """Columns stacked by series, one per ``(label, short_label, {series: n})``.

    ``series`` is ``[(key, name)]`` in stacking order (bottom first); every
    ``tick_every``-th column, counted back from the last, has its short label
    under the axis.
    """
    left, right, top, bottom, height = 34, 8, 8, 24, 200
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    totals = [sum(values.get(key, 0) for key, _name in series) for *_l, values in items]
    largest = _nice_top(max(totals or [0]))
    chart = Chart(
        slug,
        title,
        description,
        height=height,
        columns=columns,
        rows=[
            (label, [number(values.get(key, 0)) for key, _name in series])
            for label, _short, values in items
        ],
        total=sum(totals),
        legend=list(series),
    )
    for step in range(5):
        value = largest * step // 4
        y = round(top + plot_height - plot_height * step / 4, 1)
        chart.gridlines.append((_mirror(rtl, left), y, _mirror(rtl, WIDTH - right), y))
        chart.labels.append(
            Label(_mirror(rtl, left - 4), y, number(value), _anchor(rtl, "end"))
        )
    column = plot_width / max(len(items), 1)
    width = round(column * 0.7, 1)
    for i, (label, short, values) in enumerate(items):
        x = left + i * column + (column - width) / 2
        stacked = 0
        for key, name in series:
            count = values.get(key, 0)
            if not count:
                continue
            size = plot_height * count / largest
            stacked += size
            chart.boxes.append(
                Box(
                    _mirror(rtl, x, width),
                    round(top + plot_height - stacked, 1),
                    width,
                    round(size, 1),
                    series=key,
                    tooltip=f"{label}, {name}: {number(count)}",
                )
            )
        if (len(items) - 1 - i) % tick_every == 0:
            chart.labels.append(
                Label(_mirror(rtl, x + width / 2), height - bottom + 14, short)
            )
    return chart
