"""The dashboard's charts: their geometry, and the SVG drawn from it once, as one string, on the
server. No script, no CDN; each chart has a title and description for screen readers and its
numbers in a table beside it, so it prints and reads on a phone.

The markup is written here rather than in a template because a template costs a variable lookup,
a localisation and an escape per attribute: for a department's 30 units that was a third of the
page's rendering time. Every text goes through `escape`; the numbers are formatted as the
template's `stringformat:'g'` and `floatformat:"-1"` did."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


def render(chart: Chart, id: str) -> SafeString:
    """The chart as an accessible <figure> with its <svg>; `id` prefixes its title and desc ids."""
    out = [
        '<figure class="chart">\n'
        f'<svg viewBox="0 0 {chart.width} {chart.height}" role="img" '
        f'aria-labelledby="{id}-t {id}-d" preserveAspectRatio="xMinYMin meet">\n'
        f'  <title id="{id}-t">{escape(chart.title)}</title>\n'
        f'  <desc id="{id}-d">{escape(chart.desc)}</desc>\n  '
    ]
    for row in chart.rows:
        out.append(
            f'<g transform="translate(0 {row.y:g})">\n'
            f'    <text x="0" y="11" class="chart-label">{escape(row.label)}</text>\n'
            '    <rect x="0" y="15" width="250" height="14" class="chart-track"/>\n    '
        )
        for s in row.segments:
            out.append(
                f'<rect x="{s.x:g}" y="15" width="{s.width:g}" height="14" class="{escape(s.css)}">'
                f"<title>{escape(s.label)}: {floatformat(s.value, '-1')}</title></rect>"
            )
        out.append(
            f'\n    <text x="{chart.bar_end}" y="27" class="chart-value">{escape(row.text)}</text>\n'
            "  </g>"
        )
    out.append("\n</svg>\n")
    if len(chart.legend) > 1:
        out.append('<figcaption class="legend">')
        out.extend(
            f'<span><i class="{escape(css)}"></i>{escape(label)}</span>'
            for css, label in chart.legend
        )
        out.append("</figcaption>")
    out.append("\n</figure>\n")
    return mark_safe("".join(out))  # every text above is escaped
