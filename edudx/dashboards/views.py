"""The dashboard of an area: one page per unit and school year, and its tables as .xlsx. Open to
whoever may view the unit (its officers and viewers, and those of the units above); a unit
outside one's scope, or an institution, answers 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from edudx.accounts.models import RoleAssignment
from edudx.accounts.permissions import ROLE_ACTIONS, Action, can, get_unit_or_404
from edudx.dashboards import charts, tables
from edudx.dashboards.export import workbook
from edudx.dashboards.figures import LEVELS, Dashboard, DimensionRow, build
from edudx.organizations.models import Unit, UnitKind


def _board(request, code) -> Dashboard:
    unit = get_unit_or_404(request.user, code)
    if unit.kind == UnitKind.INSTITUTION:
        raise Http404
    return build(unit, request.GET.get("nam-hoc"), timezone.localdate())


def _chart(id: str, *args, **kwargs):
    return charts.render(charts.bars(*args, **kwargs), id)


def _charts(board: Dashboard) -> dict:
    level_legend = [(f"lv{level}", _("Level %(n)s") % {"n": level}) for level in LEVELS]
    out = {
        "funnel": _chart(
            "c-funnel",
            _("Institutions by state"),
            _("How many institutions of the area are at each state of the year."),
            [(label, [n]) for _state, label, n in board.funnel],
            [("st", _("Institutions"))],
        ),
        "children": _chart(
            "c-children",
            _("Progress by unit"),
            _("Share of each unit's institutions that have submitted their self-assessment."),
            [
                (c.label, [100 * (c.progress or 0), 100 - 100 * (c.progress or 0)])
                for c in board.leading
            ],
            [("done", _("Handed in")), ("rest", _("Not yet submitted"))],
            scale=100,
            text=lambda values: f"{values[0]:.0f}%",
        ),
        "frameworks": [],
    }
    for fw in board.frameworks:
        by_unit = [
            DimensionRow(c.label, {g: c.levels[(fw.code, g)] for g, _t in fw.groups})
            for c in board.children
            if any((fw.code, g) in c.levels for g, _t in fw.groups)
        ]
        # The columns of the dimension tables, translated once rather than on every row.
        columns = [
            (
                code,
                _("Group %(code)s: self-assessed 1 / 2 / 3") % {"code": code},
                _("Group %(code)s: recognised 1 / 2 / 3") % {"code": code},
            )
            for code, _title in fw.groups
        ]
        rows = []
        for code, _title in fw.groups:
            counts = fw.total[code]
            rows.append((_("Group %(g)s — self-assessed") % {"g": code}, counts.self.cells))
            rows.append((_("Group %(g)s — recognised") % {"g": code}, counts.recognised.cells))
        out["frameworks"].append(
            {
                "fw": fw,
                "levels": _chart(
                    "c-levels",
                    _("Levels per criteria group"),
                    _("Institutions at each level, self-assessed and recognised."),
                    rows,
                    level_legend,
                ),
                "criteria": _chart(
                    "c-criteria",
                    _("Average points against the maximum"),
                    _("For each criterion, the average points as a share of its maximum."),
                    [(c.code, [100 * (c.ratio or 0)]) for c in fw.criterion_rows],
                    [("avg", _("Average"))],
                    scale=100,
                    text=lambda values: f"{values[0]:.0f}%",
                ),
                "level_rows": tables.levels(fw),
                "criterion_rows": tables.criteria(fw, board.previous),
                "dimensions": [
                    (title, tables.dimension(title, rows, columns))
                    for title, rows in (
                        (_("By education level"), fw.by_education.values()),
                        (_("By ownership"), fw.by_ownership.values()),
                        (_("By unit"), by_unit),
                    )
                ],
            }
        )
    return out


def _trail(request, unit: Unit) -> list[Unit]:
    """The units above, as far as the user may see them (one query)."""
    above = Unit.objects.filter(pk__in=unit.ancestor_ids()[:-1]).order_by("depth")
    return [u for u in above if can(request.user, Action.VIEW_UNIT, u)]


@login_required
def area(request, code):
    board = _board(request, code)
    return render(
        request,
        "dashboards/area.html",
        {
            "board": board,
            "unit": board.unit,
            "trail": _trail(request, board.unit),
            "charts": _charts(board),
            "tables": {
                "units": tables.units(board),
                "not_applicable": tables.not_applicable(board),
            },
        },
    )


@login_required
def area_xlsx(request, code):
    board = _board(request, code)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"bang-dieu-hanh-{board.unit.code}-{board.school_year or 'chua-co'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    workbook(board, response)
    return response


@login_required
def home(request):
    """The dashboard of the highest unit above the institutions the user may view."""
    viewing = [role for role, actions in ROLE_ACTIONS.items() if Action.VIEW_UNIT in actions]
    top = (
        RoleAssignment.objects.filter(user=request.user, unit__active=True, role__in=viewing)
        .exclude(unit__kind=UnitKind.INSTITUTION)
        .select_related("unit")
        .order_by("unit__depth", "unit__name")
        .first()
    )
    if top is None:
        raise Http404
    return redirect("dashboards:area", code=top.unit.code)
