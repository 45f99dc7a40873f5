"""The rows of the dashboard's large tables and lists, written once as HTML in Python.

The template engine costs a variable lookup, a localisation and an escape per value: for a
department (31 units, 21 criteria, 100 names of "chưa áp dụng" institutions) that was about
3,000 lookups and most of the page's rendering time — as much as all its queries took at national
scale. Here each row is one f-string: every text from the database or the catalogue goes through
`conditional_escape` (as `{{ }}` did), the numbers are formatted as the template did (`str` of an
integer, the `pct`/`dec`/`signed` filters), and the markup is the template's, whitespace included.
The table heads stay in templates/dashboards/area.html."""

from __future__ import annotations

from django.utils.formats import localize
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from edudx.core.urls import url_of
from edudx.dashboards.figures import LEVELS, CriterionRow, Dashboard, FrameworkFigures
from edudx.dashboards.templatetags.dashboard_tags import dec, pct, signed


def _num(value) -> str:
    """As `{{ value }}` prints a number: an integer as is, anything else localised."""
    return str(value) if type(value) is int else esc(localize(value))


def _safe(parts) -> SafeString:
    return mark_safe("".join(parts))  # every value above went through esc() or is a number


def units(board: Dashboard) -> SafeString:
    """The rows of the leading and lagging units (or a commune's institutions)."""
    label = [
        esc(t)
        for t in (
            _("Unit"),
            _("Institutions"),
            _("Handed in"),
            _("Late"),
            _("Group results at level 3"),
            _("External minus self (points per group)"),
        )
    ]
    year = esc(board.school_year)
    link = url_of(
        "organizations:unit_detail" if board.children_are_institutions else "dashboards:area"
    )
    query = "" if board.children_are_institutions else f"?nam-hoc={year}"
    out = []
    for c in board.leading:
        name = esc(c.label)
        if c.unit:
            name = f'<a href="{esc(link(c.unit.code))}{query}">{name}</a>'
        late = f'<span class="late">{_num(c.late)}</span>' if c.late else "0"
        evaluated = f" ({_num(c.evaluated)})" if c.evaluated else ""
        out.append(
            "<tr>\n"
            f'      <td data-label="{label[0]}">{name}</td>\n'
            f'      <td data-label="{label[1]}">{_num(c.total)}</td>\n'
            f'      <td data-label="{label[2]}">{_num(c.handed_on)} ({pct(c.progress)})</td>\n'
            f'      <td data-label="{label[3]}">{late}</td>\n'
            f'      <td data-label="{label[4]}">{pct(c.level3)}</td>\n'
            f'      <td data-label="{label[5]}">{signed(c.mean_delta)}{evaluated}</td>\n'
            "    </tr>"
        )
    return _safe(out)


def levels(fw: FrameworkFigures) -> SafeString:
    """Self-assessed and recognised level counts per criteria group of one index."""
    group, result = esc(_("Group")), esc(_("Result"))
    own, recognised = esc(_("Self-assessed")), esc(_("Recognised"))
    level = [_("Level %(n)s") % {"n": n} for n in LEVELS]

    def cells(counts) -> str:
        if counts is None:  # no row of the group: the template printed no cell
            return ""
        return "".join(
            f'<td data-label="{level[i]}">{_num(n)}</td>' for i, n in enumerate(counts.cells)
        )

    out = []
    for code, title in fw.groups:
        g = fw.total.get(code)
        out.append(
            "\n        "
            f'<tr><td data-label="{group}">{esc(code)}. {esc(title)}</td>'
            f'<td data-label="{result}">{own}</td>{cells(g and g.self)}</tr>\n        '
            f'<tr><td data-label="{group}">{esc(code)}</td>'
            f'<td data-label="{result}">{recognised}</td>{cells(g and g.recognised)}</tr>\n      '
        )
    return _safe(out)


def dimension(title: str, rows, columns) -> SafeString:
    """One row per education level, ownership or child unit: per group the self-assessed and
    the recognised counts at levels 1 / 2 / 3. `columns`: (group, self label, recognised label)."""
    title = esc(title)
    columns = [(code, esc(own), esc(recognised)) for code, own, recognised in columns]
    out = []
    for row in rows:
        out.append(f'<tr><td data-label="{title}">{esc(row.label)}</td>')
        for code, own, recognised in columns:
            g = row.groups.get(code)
            mine = " / ".join(_num(n) for n in g.self.cells) if g else "0 / 0 / 0"
            theirs = " / ".join(_num(n) for n in g.recognised.cells) if g else "0 / 0 / 0"
            out.append(
                f'\n      <td data-label="{own}">{mine}</td>\n'
                f'      <td data-label="{recognised}">{theirs}</td>\n    '
            )
        out.append("</tr>")
    return _safe(out)


def criteria(fw: FrameworkFigures, previous: str | None) -> SafeString:
    """Per criterion: average against the maximum, the counts and shares per level, the change
    since last year (when there is a last year) and the external evaluation's mean change."""
    label = [
        esc(t)
        for t in (
            _("Criterion"),
            _("Average / maximum"),
            _("At level 1 / 2 / 3"),
            _("Since last year: up / same / down"),
            _("External minus self"),
        )
    ]
    out = []
    for c in fw.criterion_rows:
        out.append(_criterion(c, label, previous))
    return _safe(out)


def _criterion(c: CriterionRow, label: list[str], previous: str | None) -> str:
    cells = c.counts.cells
    counts = " / ".join(_num(n) for n in cells)
    if c.counts.total:
        counts += " (" + " / ".join(pct(share) for share in c.shares) + ")"
    since = ""
    if previous:
        moved = " / ".join(_num(c.change[k] or 0) for k in ("improved", "unchanged", "declined"))
        since = f'<td data-label="{label[3]}">{moved}</td>'
    changed = f" ({_num(c.changed)}/{_num(c.evaluated)})" if c.evaluated else ""
    return (
        "<tr>\n"
        f'      <td data-label="{label[0]}">{esc(c.code)}. {esc(c.title)}</td>\n'
        f'      <td data-label="{label[1]}">{dec(c.average)} / {dec(c.maximum)} '
        f"({pct(c.ratio)})</td>\n"
        f'      <td data-label="{label[2]}">{counts}</td>\n'
        f"      {since}\n"
        f'      <td data-label="{label[4]}">{signed(c.mean_delta)}{changed}</td>\n'
        "    </tr>"
    )


def not_applicable(board: Dashboard) -> SafeString:
    """The named "chưa áp dụng" institutions (the first 100)."""
    return _safe(
        f"<li>{esc(r['name'])} — {esc(r['parent__name'])} ({esc(r['levels_label'])})</li>"
        for r in board.not_applicable_list
    )
