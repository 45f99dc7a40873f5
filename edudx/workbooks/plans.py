"""The improvement plans of an area as an .xlsx, for its authority: the page's two tables in full
(criteria targeted most, actions written alike) and a sheet of every institution's plan rows.
Same permission as the page (`assessments.plan_area.area_plans`); written within the request,
streamed by the write-only writer of `common.write_sheets`."""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import Http404

from edudx.accounts.permissions import Action, get_unit_or_404
from edudx.assessments import plan_area
from edudx.assessments.plans import MET
from edudx.core.files import xlsx_response
from edudx.organizations.models import UnitKind
from edudx.workbooks.common import write_sheets

CODE = "assessment__participation__version__code"


def criteria_rows(unit, year: str) -> Iterator[list]:
    rows = list(plan_area.criteria_targeted(unit, year))
    titles = plan_area.criterion_titles(r[CODE] for r in rows)
    yield [
        "Bộ chỉ số",
        "Tiêu chí",
        "Nội dung",
        "Số cơ sở giáo dục",
        "Hướng tới mức 2",
        "Hướng tới mức 3",
        "Hướng tới đáp ứng (điều kiện bắt buộc)",
    ]
    for r in rows:
        title = titles.get((r[CODE], r["criterion"]), "")
        counts = [r["institutions"], r["level2"], r["level3"], r["conditions"]]
        yield [r[CODE], r["criterion"], title, *counts]


def action_rows(unit, year: str) -> Iterator[list]:
    yield ["Nhiệm vụ, giải pháp", "Số cơ sở giáo dục ghi giống nhau", "Số tiêu chí"]
    for r in plan_area.actions_repeated(unit, year).iterator(chunk_size=2000):
        yield [r["text"], r["institutions"], r["criteria"]]


def plan_rows(unit, year: str, titles: dict) -> Iterator[list]:
    yield [
        "Mã đơn vị",
        "Cơ sở giáo dục",
        "Bộ chỉ số",
        "Tiêu chí",
        "Nội dung",
        "Mức hướng tới",
        "Nhiệm vụ, giải pháp",
        "Người phụ trách",
        "Thời hạn",
        "Nguồn lực",
    ]
    for r in plan_area.plan_rows(unit, year).iterator(chunk_size=2000):
        yield [
            r["assessment__participation__institution__code"],
            r["assessment__participation__institution__name"],
            r[CODE],
            r["criterion"],
            titles.get((r[CODE], r["criterion"]), ""),
            MET if r["target_level"] is None else r["target_level"],
            r["actions"],
            r["owner"],
            r["due"],
            r["resources"],
        ]


def plans_workbook(unit, year: str, target) -> None:
    codes = plan_area.targets_of(unit, year).values_list(CODE, flat=True).distinct()
    titles = plan_area.criterion_titles(codes)
    write_sheets(
        target,
        f"Kế hoạch cải thiện — {unit.name} — năm học {year}",
        [
            ("Tiêu chí", criteria_rows(unit, year)),
            ("Nhiệm vụ lặp lại", action_rows(unit, year)),
            ("Kế hoạch", plan_rows(unit, year, titles)),
        ],
    )


@login_required
def area_plans_xlsx(request, code):
    unit = get_unit_or_404(request.user, code, Action.VIEW_UNIT)
    if unit.kind == UnitKind.INSTITUTION:
        raise Http404
    year = plan_area.chosen_year(plan_area.plan_years(unit), request.GET.get("nam-hoc", ""))
    if year is None:
        raise Http404
    out = io.BytesIO()
    plans_workbook(unit, year, out)
    return xlsx_response(out.getvalue(), f"ke-hoach-cai-thien-{unit.code}-{year}.xlsx")
