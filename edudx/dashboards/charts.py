"""Geometry of the dashboard's charts, drawn as SVG by templates/dashboards/_chart.html: no
script, no CDN; each chart has a title and description for screen readers and its numbers in a
table beside it, so it prints and reads on a phone."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 320  # viewBox units; the bars use BAR of them, the rest shows the number
BAR = 250
ROW = 34  # label line + bar


@dataclass
class Segment:
    x: float
    width: float
    value: float
    css: str
    label: str


@dataclass
class BarRow:
    label: str
    segments: list[Segment]
    text: str  # the number printed after the bar
    y: float = 0.0


@dataclass
class Chart:
    title: str
    desc: str
    rows: list[BarRow]
    legend: list[tuple[str, str]]  # (css class, label)

    @property
    def height(self) -> int:
        return ROW * len(self.rows) + 4

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def bar_end(self) -> int:
        return BAR + 4


def bars(
    title: str,
    desc: str,
    rows: list[tuple[str, list[float]]],
    legend: list[tuple[str, str]],
    *,
    scale: float | None = None,
    text=None,
) -> Chart:
    """Horizontal (stacked) bars: one row per label, one segment per value, in legend order.
    `scale`: the value of a full bar (default: the largest row total)."""
    full = scale or max((sum(values) for _label, values in rows), default=0) or 1
    out = []
    for i, (label, values) in enumerate(rows):
        x, segments = 0.0, []
        for value, (css, name) in zip(values, legend, strict=False):
            width = BAR * (value or 0) / full
            if value:
                segments.append(Segment(round(x, 2), round(width, 2), value, css, name))
            x += width
        shown = text(values) if text else _number(sum(v or 0 for v in values))
        out.append(BarRow(label, segments, shown, y=ROW * i))
    return Chart(title, desc, out, legend)


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if float(value).is_integer() else f"{value:.1f}"
