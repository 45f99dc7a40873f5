"""Writing an index, or the empty template, as a workbook in the annex layout."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from edudx.core.files import workbook_bytes
from edudx.frameworks import schema
from edudx.frameworks.excel import guide, info
from edudx.frameworks.excel.layout import (
    ANNEX_COLUMNS,
    EXTRA_COLUMNS,
    GUIDE,
    INFO,
    KIND_LABELS,
    MAIN,
    MANDATORY,
    SUGGESTION_COLUMNS,
    SUGGESTIONS,
)
from edudx.frameworks.excel.texts import item_lines, level_line, num


def export_xlsx(fw: schema.Framework) -> bytes:
    wb = Workbook()
    _write_main(wb.active, fw, _title_rows(fw))
    _write_info(wb.create_sheet(INFO), info.info_values(fw))
    _write_suggestions(wb.create_sheet(SUGGESTIONS), fw)
    _write_guide(wb.create_sheet(GUIDE))
    return workbook_bytes(wb)


def template_xlsx() -> bytes:
    """A workbook to fill in: the layout, one worked example, and the metadata left empty so an
    untouched template is refused instead of published as an index."""
    wb = Workbook()
    example = guide.example()
    titles = ["(Tên bộ chỉ số)", "(Kèm theo Quyết định số … ngày …)", "Xóa các dòng ví dụ bên dưới"]
    _write_main(wb.active, example, titles)
    values = info.info_values(example)
    for path in info.REQUIRED:
        values[path] = ""
    _write_info(wb.create_sheet(INFO), values)
    _write_suggestions(wb.create_sheet(SUGGESTIONS), example)
    _write_guide(wb.create_sheet(GUIDE))
    return workbook_bytes(wb)


def _title_rows(fw: schema.Framework) -> list[str]:
    d = fw.decision
    of = f" của {d.issuer}" if d.issuer else ""
    return [
        fw.title,
        f"(Kèm theo Quyết định số {d.number} ngày {info.date_text(d.date)}{of})",
        f"Phiên bản {fw.version}. Thông tin chung ở trang '{INFO}', cách ghi ở trang '{GUIDE}'.",
    ]


def _write_main(ws, fw: schema.Framework, titles: list[str]) -> None:
    ws.title = MAIN
    for text in titles:
        ws.append([text])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.append([])
    ws.append(ANNEX_COLUMNS + EXTRA_COLUMNS)
    header = ws.max_row
    for group in fw.groups:
        _append(
            ws,
            [
                f"Nhóm {group.code}",
                group.title,
                num(group.max_points),
                None,
                _levels_text(group.levels),
            ],
        )
        ws.cell(ws.max_row, 1).font = ws.cell(ws.max_row, 2).font = Font(bold=True)
        for cr in group.criteria:
            _append(
                ws,
                [
                    cr.code,
                    cr.title,
                    MANDATORY if cr.mandatory else num(cr.max_points),
                    None,
                    _levels_text(cr.levels),
                    cr.evidence,
                    None,
                    None,
                    "; ".join(cr.details),
                    cr.evidence_hint,
                    cr.note,
                ],
            )
            for item in cr.items:
                _append(
                    ws,
                    [
                        item.code,
                        item.title,
                        None if _implied_max(item) == item.max_points else num(item.max_points),
                        "\n".join(line.cell for line in item_lines(item)),
                        None,
                        None,
                        KIND_LABELS[item.kind],
                        item.unit,
                        "; ".join(item.details),
                        item.evidence_hint,
                        item.note,
                    ],
                )
    _style(ws, header, (9, 60, 11, 42, 34, 26, 13, 10, 24, 30, 40))
    ws.freeze_panes = ws.cell(header + 1, 1)


def _write_info(ws, values: dict) -> None:
    ws.append(["Thông tin", "Giá trị", "Cách ghi"])
    for label, path, hint in info.ROWS:
        value = values.get(path, "")
        for v in (value or [""]) if isinstance(value, list) else [value]:
            _append(ws, [label, v, hint])
    _style(ws, 1, (36, 80, 60))


def _write_suggestions(ws, fw: schema.Framework) -> None:
    ws.append(SUGGESTION_COLUMNS)
    for item in fw.items():
        s = item.suggestion
        if s is None:
            continue
        per_level = [
            "\n".join(level_line(lb, "").cell for lb in s.bands.get(code, ()))
            for code in schema.EDUCATION_LEVELS
        ]
        _append(ws, [item.code, s.label, s.numerator, s.denominator, *per_level, s.note])
    _style(ws, 1, (14, 36, 20, 14, 40, 40, 40, 40, 40, 60))


def _write_guide(ws) -> None:
    ws.title = GUIDE
    for row in guide.ROWS:
        ws.append(row)
        if len(row) == 1:
            ws.cell(ws.max_row, 1).font = Font(bold=True)
    _style(ws, None, (28, 110))


def _style(ws, header: int | None, widths: tuple[int, ...]) -> None:
    for row in ws.iter_rows(min_row=header or 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.row == header:
                cell.font = Font(bold=True)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _append(ws, values: list) -> None:
    """Append a row, keeping every text a text (a title starting with '=' is not a formula)."""
    ws.append([None if v == "" else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _implied_max(item: schema.Item) -> float:
    """The item maximum a reader infers from the Điểm thành phần cell, so the Điểm tối đa cell can
    stay empty as in the annex unless the decision prints something else."""
    caps = [b.cap for b in item.bands] + [o.cap for o in item.options]
    return max(caps) if caps else item.max_points


def _levels_text(levels) -> str:
    return "\n".join(level_line(lb, "điểm").cell for lb in levels)
