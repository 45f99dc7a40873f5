"""The dashboard's tables as an .xlsx workbook, one sheet per table, the same numbers as the
page. Rows are generated (header first) and streamed by the workbooks' shared writer
(`common.write_sheets`: column widths, frozen header, shares as percentages, dates dd/mm/yyyy)."""

from __future__ import annotations

from collections.abc import Iterator

from edudx.assessments.progress import PROGRESS_CHOICES
from edudx.dashboards import queries
from edudx.dashboards.figures import LEVELS, Dashboard, labelled
from edudx.workbooks.common import Header, share, write_sheets

CHANGES = ("improved", "unchanged", "declined")
#: The counting rule of the self-side figures (lines.CLAIMED_STATES), said where they are.
CLAIMED_NOTE = (
    "Chỉ tính hồ sơ đã được thủ trưởng phê duyệt trở đi (đã phê duyệt, đã nộp, đã tiếp nhận, "
    "đã đánh giá ngoài, đã công nhận): bản nháp và hồ sơ bị trả lại để bổ sung không được tính "
    "cho đến khi thủ trưởng phê duyệt lại. Sheet Tiến độ tính mọi hồ sơ."
)
NOTED = ("Mức độ", "Tiêu chí", "Điển hình")


def _r(value, digits: int = 2):
    return None if value is None else round(value, digits)


def progress_rows(board: Dashboard) -> Iterator[list]:
    yield ["Trạng thái", "Số cơ sở giáo dục"]
    for _state, label, n in board.funnel:
        yield [label, n]
    yield ["Tổng", board.total]
    yield []
    yield Header(
        ["Mốc", "Hạn sớm nhất", "Hạn muộn nhất", "Số ngày còn lại", "Đã qua mốc", "Trễ hạn"]
    )
    for step in board.steps:
        yield [step.title, step.first, step.last, step.days_left, step.done, step.late]


def children_rows(board: Dashboard) -> Iterator[list]:
    states = [str(label) for _v, label in PROGRESS_CHOICES]
    yield [
        "Đơn vị",
        "Tổng số",
        *states,
        "Tỷ lệ đã nộp",
        "Trễ hạn tự đánh giá",
        "Tỷ lệ kết quả nhóm ở mức 3",
        "Số được đánh giá ngoài",
        "Chênh lệch điểm trung bình (ngoài − tự)",
    ]
    for c in board.leading + [c for c in board.children if not c.total]:
        yield [
            c.label,
            c.total,
            *c.state_cells,
            share(c.progress),
            c.late,
            share(c.level3),
            c.evaluated,
            _r(c.mean_delta),
        ]


def level_rows(board: Dashboard) -> Iterator[list]:
    yield (
        ["Bộ chỉ số", "Theo", "Nhóm", "Nhóm tiêu chí", "Kết quả"]
        + [f"Mức {level}" for level in LEVELS]
        + ["Chưa xác định"]
    )
    for fw in board.frameworks:
        dimensions = [("Toàn địa bàn", {"": fw.total})]
        dimensions += [("Cấp học", {d.label: d.groups for d in fw.by_education.values()})]
        dimensions += [("Loại hình", {d.label: d.groups for d in fw.by_ownership.values()})]
        for by, values in dimensions:
            for label, groups in values.items():
                for code, _title in fw.groups:
                    g = groups[code]
                    for kind, counts in (("Tự đánh giá", g.self), ("Công nhận", g.recognised)):
                        yield [fw.code, by, label, code, kind, *counts.cells, counts.unknown]


def criterion_rows(board: Dashboard) -> Iterator[list]:
    yield [
        "Bộ chỉ số",
        "Nhóm",
        "Tiêu chí",
        "Nội dung",
        "Điểm tối đa",
        "Điểm trung bình",
        "Tỷ lệ so với tối đa",
        *[f"Số ở mức {level}" for level in LEVELS],
        "Tăng mức so với năm trước",
        "Giữ mức",
        "Giảm mức",
        "Số được đánh giá ngoài",
        "Số bị điều chỉnh điểm",
        "Điều chỉnh trung bình (ngoài − tự)",
    ]
    for fw in board.frameworks:
        for c in fw.criterion_rows:
            yield [
                fw.code,
                c.group,
                c.code,
                c.title,
                c.maximum,
                _r(c.average),
                share(c.ratio),
                *c.counts.cells,
                *[c.change.get(k, 0) for k in CHANGES],
                c.evaluated,
                c.changed,
                _r(c.mean_delta),
            ]
        for code, _title in fw.groups:
            change = fw.group_change.get(code, {})
            yield [fw.code, code, f"Nhóm {code}", "", "", "", "", "", "", ""] + [
                change.get(k, 0) for k in CHANGES
            ]


def exemplary_rows(board: Dashboard) -> Iterator[list]:
    yield ["Mã đơn vị", "Cơ sở giáo dục", "Bộ chỉ số", "Kết quả"]
    # Every row, not the page's first EXEMPLARY_CAP: streamed from the database in chunks.
    for row in queries.exemplary_all(board.unit, board.school_year) if board.school_year else ():
        kind = (
            "Công nhận"
            if row["assessment__state"] == "recognised"
            else ("Đánh giá ngoài" if row["side"] == "external" else "Tự đánh giá")
        )
        yield [row["institution__code"], row["institution__name"], row["framework"], kind]


def not_applicable_rows(board: Dashboard) -> Iterator[list]:
    yield ["Mã đơn vị", "Cơ sở giáo dục", "Đơn vị quản lý", "Cấp học chưa áp dụng"]
    missing = board.not_applicable_levels
    for row in queries.not_applicable_all(board.unit, missing):  # every one, in chunks
        row = labelled(row, missing)
        yield [row["code"], row["name"], row["parent__name"], row["levels_label"]]


def sheets(board: Dashboard) -> list[tuple[str, Iterator[list]]]:
    return [
        ("Tiến độ", progress_rows(board)),
        ("Đơn vị", children_rows(board)),
        ("Mức độ", level_rows(board)),
        ("Tiêu chí", criterion_rows(board)),
        ("Điển hình", exemplary_rows(board)),
        ("Chưa áp dụng", not_applicable_rows(board)),
    ]


def workbook(board: Dashboard, target) -> None:
    heading = f"{board.unit.name} — năm học {board.school_year or 'chưa có đợt đánh giá'}"
    write_sheets(target, heading, sheets(board), notes=dict.fromkeys(NOTED, CLAIMED_NOTE))
