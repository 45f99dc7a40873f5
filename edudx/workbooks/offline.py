"""The offline self-assessment: the institution's form as a workbook to fill without a
connection. Reading it back when it comes is `offline_read`; both share the layout below.

One row per fact code of the index, with the current answer, the details the rule asks, the
awarded points and their reason; each editable cell carries Excel data validation (yes/no list,
whole number, 0–100, level list, origin list), everything else is locked. A hidden column holds
the assessment's id and, per row, the fact's revision at download time and a fingerprint of the
row as written — so an upload changes only the rows the person actually edited, and refuses the
whole upload when a colleague changed one of those items since the download."""

from __future__ import annotations

import hashlib

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from edudx.assessments.details import COUNT_FIELDS, LABELS, PROVENANCE
from edudx.assessments.facts import assessment_result
from edudx.assessments.models import Participation, SelfAssessment
from edudx.core.files import cell_text, workbook_bytes
from edudx.frameworks.schema import Criterion, Item, fmt, num
from edudx.workbooks.common import NO, YES, kind_label, shown_fact

SHEET = "Tự đánh giá"
MACHINE = "edudx"
DETAIL_NAMES = tuple(LABELS)  # software_name, provenance, link, document_number, …
# (key, header) in column order; the letters follow from the order.
COLUMNS = (
    ("group", "Nhóm"),
    ("criterion", "Tiêu chí"),
    ("code", "Mã"),
    ("title", "Nội dung"),
    ("kind", "Loại dữ kiện"),
    ("unit", "Đơn vị"),
    ("value", "Dữ kiện"),
    ("part", "Số lượng đạt"),
    ("whole", "Tổng số"),
    *((name, LABELS[name]) for name in DETAIL_NAMES),
    ("suggested", "Điểm gợi ý"),
    ("max_points", "Điểm tối đa"),
    ("awarded", "Điểm chấm (nếu thấp hơn gợi ý)"),
    ("reason", "Lý do chấm thấp hơn"),
    ("machine", MACHINE),
)
KEYS = tuple(key for key, _ in COLUMNS)
COL = {key: get_column_letter(i) for i, key in enumerate(KEYS, start=1)}
INDEX = {key: i for i, key in enumerate(KEYS)}
# What a person may change; the fingerprint of a row is taken over these cells.
EDITABLE = ("value", "part", "whole", *DETAIL_NAMES, "awarded", "reason")
HEADING_ROWS = 4  # title, campaign, how to fill, blank line; then the header
HEADER_ROW = HEADING_ROWS + 1

EDIT_FILL = PatternFill("solid", fgColor="FFF6D5")
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")


# -- writing -------------------------------------------------------------------------------------


def _targets(fw):
    """(group, criterion, target) for every fact code, in the form's order."""
    for group in fw.groups:
        for cr in group.criteria:
            if cr.mandatory:
                yield group, cr, cr
            for item in cr.items:
                yield group, cr, item


def asked_details(target: Item | Criterion) -> tuple[str, ...]:
    return tuple(name for name in target.details if name in LABELS)


def _editable_cells(target: Item | Criterion) -> set[str]:
    keys = {"value", *asked_details(target)}
    if target.kind == "percentage":
        keys |= set(COUNT_FIELDS)
    if isinstance(target, Item):
        keys |= {"awarded", "reason"}
    return keys


def _written(target, entry) -> dict:
    """The editable cells of a row as written, from the stored entry."""
    details = (entry.details if entry else None) or {}
    out = {
        "value": shown_fact(target, entry.value if entry else None),
        "awarded": num(entry.awarded) if entry and entry.awarded is not None else None,
        "reason": (entry.reason or None) if entry else None,
    }
    for name in (*DETAIL_NAMES, *COUNT_FIELDS):
        value = details.get(name)
        if name == "provenance" and value:
            value = PROVENANCE.get(value, value)
        out[name] = value if value not in ("", None) else None
    return out


def fingerprint(cells: dict) -> str:
    """The row's editable cells compared as text: an untouched row gives the same fingerprint
    however the spreadsheet program stored its numbers."""
    text = "\x1f".join(cell_text(cells.get(key)) for key in EDITABLE)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _validations(ws) -> dict:
    def dv(**kw):
        v = DataValidation(allow_blank=True, showErrorMessage=True, errorTitle="EduDX", **kw)
        ws.add_data_validation(v)
        return v

    return {
        "boolean": dv(type="list", formula1=f'"{YES},{NO}"', error="Chọn Có hoặc Không."),
        "count": dv(
            type="whole", operator="greaterThanOrEqual", formula1="0", error="Số nguyên ≥ 0."
        ),
        "percentage": dv(
            type="decimal", operator="between", formula1="0", formula2="100", error="Từ 0 đến 100."
        ),
        "level": dv(type="list", formula1='"1,2,3"', error="Chọn mức độ 1, 2 hoặc 3."),
        "provenance": dv(
            type="list",
            formula1='"' + ",".join(PROVENANCE.values()) + '"',
            error="Chọn " + ", ".join(PROVENANCE.values()) + ".",
        ),
    }


def offline_workbook(participation: Participation, assessment: SelfAssessment) -> bytes:
    """The offline form of `assessment` as .xlsx bytes."""
    fw = participation.version.framework()
    result = assessment_result(assessment)
    entries = {e.code: e for e in assessment.facts.all()}
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    unit, campaign = participation.institution, participation.campaign
    ws.append([f"Tự đánh giá mức độ chuyển đổi số — {unit.name} ({unit.code})"])
    ws.append(
        [
            f"Đợt đánh giá năm học {campaign.school_year} — {campaign.authority.name}; "
            f"bộ chỉ số {participation.version.decision_number}"
        ]
    )
    ws.append(
        [
            "Chỉ điền các ô nền vàng; giữ nguyên cột Mã và không thêm, xóa cột. Tỷ lệ (%) ghi số từ 0 "
            "đến 100, không gõ dấu %; có thể nhập trực tiếp hoặc qua hai ô Số lượng đạt / Tổng số (khi có hai ô này, tỷ lệ được tính "
            "từ chúng). Ngày ghi dạng dd/mm/yyyy. Tải bảng tính lên tại trang tự đánh giá: hệ thống "
            "kiểm tra từng ô và cho xem trước các thay đổi trước khi lưu."
        ]
    )
    for r in range(1, HEADING_ROWS):
        ws.cell(r, 1).font = Font(bold=r == 1)
    ws.append([])
    header = [label for _, label in COLUMNS]
    header[-1] = f"{MACHINE}:{assessment.participation_id}"  # known before the first save
    ws.append(header)
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    checks = _validations(ws)
    choice_checks: dict[tuple, DataValidation | None] = {}
    awarded_checks: dict[float, DataValidation] = {}
    for group, cr, target in _targets(fw):
        entry = entries.get(target.code)
        cells = _written(target, entry)
        item = result.items.get(target.code)
        kind = target.kind
        values = {
            "group": group.code,
            "criterion": cr.code,
            "code": target.code,
            "title": target.title,
            "kind": kind_label(target),
            "unit": getattr(target, "unit", "") or None,
            "suggested": num(item.suggested) if item else None,
            "max_points": num(target.max_points) if isinstance(target, Item) else None,
            "machine": f"{entry.revision if entry else 0}:{fingerprint(cells)}",
            **{key: cells[key] for key in EDITABLE},
        }
        ws.append([values.get(key) for key in KEYS])
        row = ws.max_row
        editable = _editable_cells(target)
        for key in KEYS:
            cell = ws[f"{COL[key]}{row}"]
            cell.alignment = Alignment(wrap_text=key in ("title", "reason"), vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text starting with '=' stays a text
            if key in EDITABLE:
                if key in editable:
                    cell.protection = Protection(locked=False)
                    cell.fill = EDIT_FILL
                    if key not in ("awarded", "value", *COUNT_FIELDS):
                        cell.number_format = "@"  # a typed date or number stays the text typed
                else:
                    cell.fill = LOCKED_FILL
        ref = f"{COL['value']}{row}"
        if kind == "choice":
            labels = tuple(o.label for o in target.options)
            if labels not in choice_checks:
                formula = '"' + ",".join(labels) + '"'
                choice_checks[labels] = (
                    None
                    if any("," in x or '"' in x for x in labels) or len(formula) > 255
                    else DataValidation(
                        type="list", formula1=formula, allow_blank=True, showErrorMessage=True
                    )
                )
                if choice_checks[labels] is not None:
                    ws.add_data_validation(choice_checks[labels])
            if choice_checks[labels] is not None:
                choice_checks[labels].add(ref)
        else:
            checks[kind].add(ref)
        if kind == "percentage":
            checks["count"].add(f"{COL['part']}{row}")
            checks["count"].add(f"{COL['whole']}{row}")
        if "provenance" in editable:
            checks["provenance"].add(f"{COL['provenance']}{row}")
        if isinstance(target, Item):
            cap = float(target.max_points)
            if cap not in awarded_checks:
                awarded_checks[cap] = DataValidation(
                    type="decimal",
                    operator="between",
                    formula1="0",
                    formula2=str(num(cap)),
                    allow_blank=True,
                    showErrorMessage=True,
                    error=f"Từ 0 đến {fmt(cap)} điểm (không vượt điểm gợi ý).",
                )
                ws.add_data_validation(awarded_checks[cap])
            awarded_checks[cap].add(f"{COL['awarded']}{row}")
    widths = (6, 7, 8, 60, 11, 8, 14, 9, 9, 22, 12, 28, 14, 13, 22, 22, 8, 8, 12, 30, 14)
    for key, width in zip(KEYS, widths, strict=True):
        ws.column_dimensions[COL[key]].width = width
    ws.column_dimensions[COL["machine"]].hidden = True
    ws[f"{COL['machine']}{HEADER_ROW}"].comment = Comment(
        "Cột kỹ thuật của EduDX (phiên bản từng mục lúc tải về); đừng sửa.", "EduDX"
    )
    ws.freeze_panes = ws[f"E{HEADER_ROW + 1}"]
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    return workbook_bytes(wb)


def filename(participation: Participation) -> str:
    return f"tu-danh-gia-{participation.institution.code}-{participation.campaign.school_year}.xlsx"
