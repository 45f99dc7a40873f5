"""The offline self-assessment: the institution's form as a workbook to fill without a
connection, and the reading of that workbook when it comes back.

One row per fact code of the index, with the current answer, the details the rule asks, the
awarded points and their reason; each editable cell carries Excel data validation (yes/no list,
whole number, 0–100, level list, origin list), everything else is locked. A hidden column holds
the assessment's id and, per row, the fact's revision at download time and a fingerprint of the
row as written — so an upload changes only the rows the person actually edited, and refuses the
whole upload when a colleague changed one of those items since the download.

Reading never stores anything: it returns the list of changes (`Change`) or every problem with
its cell reference ("Ô G12: …"). Applying (services.apply_changes) goes through `save_fact`, the
same function the form calls."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import asdict, dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from edudx.assessments.details import COUNT_FIELDS, LABELS, PROVENANCE, derived_percentage
from edudx.assessments.facts import assessment_result
from edudx.assessments.form_page import parse_posted
from edudx.assessments.models import Participation, SelfAssessment
from edudx.core.errors import DomainError
from edudx.core.files import cell_text, label_key, workbook_bytes
from edudx.frameworks.schema import Criterion, Item, fmt, num
from edudx.workbooks.common import NO, YES, kind_label, kind_of, shown_fact

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
TRUE_WORDS = {"có", "co", "yes", "true", "1", "x", "đạt"}
FALSE_WORDS = {"không", "khong", "no", "false", "0", "chưa đạt"}


class WorkbookRejected(DomainError):
    """A workbook that cannot be applied; `problems` lists every reason with its cell."""

    def __init__(self, problems: list[str]):
        super().__init__(problems[0] if problems else "")
        self.problems = problems


@dataclass
class Change:
    """One edited row: the new answer as `save_fact` takes it, the revision it was made from,
    and what is stored now (for the preview)."""

    row: int
    code: str
    value: object
    awarded: float | None
    reason: str
    details: dict | None
    revision: int
    before: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


# -- writing -------------------------------------------------------------------------------------


def _targets(fw):
    """(group, criterion, target) for every fact code, in the form's order."""
    for group in fw.groups:
        for cr in group.criteria:
            if cr.mandatory:
                yield group, cr, cr
            for item in cr.items:
                yield group, cr, item


def _asked(target: Item | Criterion) -> tuple[str, ...]:
    return tuple(name for name in target.details if name in LABELS)


def _editable_cells(target: Item | Criterion) -> set[str]:
    keys = {"value", *_asked(target)}
    if kind_of(target) == "percentage":
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
    header[-1] = f"{MACHINE}:{assessment.pk}"
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
        kind = kind_of(target)
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


# -- reading -------------------------------------------------------------------------------------


def _number(raw):
    """A cell as a number (a decimal comma is accepted), the text when unreadable, None if empty."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        return int(raw) if float(raw).is_integer() else float(raw)
    text = cell_text(raw)
    if not text:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def _fact(target: Item | Criterion, raw):
    """A cell as the fact `save_fact` takes; unreadable text is passed on so the engine's own
    rules name the problem."""
    kind = kind_of(target)
    text = cell_text(raw)
    if text == "":
        return None
    if kind == "boolean":
        key = label_key(text)
        if key in TRUE_WORDS:
            return True
        if key in FALSE_WORDS:
            return False
        return text
    if kind == "choice":
        key = label_key(text)
        for option in target.options:
            if key in (label_key(option.label), label_key(option.value)):
                return option.value
        return text
    return parse_posted(kind, text) if not isinstance(raw, int | float) else _number(raw)


def _details(target, cells: dict) -> dict | None:
    """The raw details of a row, as the form posts them; None when the rule asks none."""
    asked = _asked(target)
    counts = kind_of(target) == "percentage"
    if not asked and not counts:
        return None
    out = {}
    for name in asked:
        text = cell_text(cells.get(name))
        if name == "provenance" and text:
            key = label_key(text)
            text = next(
                (k for k, label in PROVENANCE.items() if key in (label_key(label), k)), text
            )
        out[name] = text
    if counts:
        for name in COUNT_FIELDS:
            out[name] = cell_text(cells.get(name))
    return out


def _same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) < 1e-9
    return a == b


def _open(data: bytes):
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise WorkbookRejected(
            ["Không đọc được tệp: đây không phải bảng tính Excel .xlsx hợp lệ."]
        ) from None


def read_offline(
    participation: Participation, assessment: SelfAssessment, data: bytes
) -> list[Change]:
    """The rows a person edited, as changes against what is stored now; raises WorkbookRejected
    with every problem of the file (wrong workbook, unknown or repeated codes, unreadable cells,
    counts that contradict the percentage)."""
    wb = _open(data)
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    header = [
        cell_text(v)
        for v in next(ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True), ())
    ]
    machine = header[INDEX["machine"]] if len(header) > INDEX["machine"] else ""
    if not machine.startswith(f"{MACHINE}:"):
        raise WorkbookRejected(
            [
                "Bảng tính này không phải bảng tự đánh giá tải từ EduDX (thiếu cột kỹ thuật hoặc "
                "các cột đã bị thêm, xóa). Hãy tải bảng tính mới từ trang tự đánh giá."
            ]
        )
    if machine != f"{MACHINE}:{assessment.pk}":
        raise WorkbookRejected(
            [
                "Bảng tính này là của một bản tự đánh giá khác (cơ sở giáo dục hoặc đợt đánh giá "
                "khác). Hãy tải bảng tính của đúng bản tự đánh giá này."
            ]
        )
    expected = [label_key(label) for _, label in COLUMNS[:-1]]
    for i, (got, want) in enumerate(zip(header, expected, strict=False)):
        if label_key(got) != want:
            raise WorkbookRejected(
                [
                    f"Ô {get_column_letter(i + 1)}{HEADER_ROW}: cột “{got}” thay cho "
                    f"“{COLUMNS[i][1]}” — các cột đã bị đổi. Hãy tải bảng tính mới."
                ]
            )
    fw = participation.version.framework()
    codes = fw.fact_codes()
    entries = {e.code: e for e in assessment.facts.all()}
    problems: list[str] = []
    changes: list[Change] = []
    seen: dict[str, int] = {}
    rows = ws.iter_rows(min_row=HEADER_ROW + 1, max_col=len(KEYS), values_only=True)
    for r, row in enumerate(rows, start=HEADER_ROW + 1):
        cells = {key: row[i] if i < len(row) else None for i, key in enumerate(KEYS)}
        code = cell_text(cells["code"])
        if not code and not any(cell_text(cells[k]) for k in EDITABLE):
            continue
        where = f"Ô {COL['code']}{r}"
        target = codes.get(code)
        if target is None:
            problems.append(f"{where}: mã “{code}” không có trong bộ chỉ số.")
            continue
        if code in seen:
            problems.append(f"{where}: mục {code} lặp lại (đã có ở dòng {seen[code]}).")
            continue
        seen[code] = r
        revision, _, mark = cell_text(cells["machine"]).partition(":")
        if not revision.isdigit():
            problems.append(
                f"Ô {COL['machine']}{r}: cột kỹ thuật của mục {code} đã bị sửa; hãy tải bảng tính mới."
            )
            continue
        if mark == fingerprint(cells):
            continue  # untouched since download
        change, problem = _change(target, cells, r, int(revision), entries.get(code))
        if problem:
            problems.append(problem)
        elif change is not None:
            changes.append(change)
    if problems:
        raise WorkbookRejected(problems)
    return changes


def _change(target, cells, r, revision, entry):
    """(Change or None when the row equals what is stored, problem or None)."""
    code = target.code
    value = _fact(target, cells["value"])
    details = _details(target, cells)
    awarded = None
    if isinstance(target, Item) or cell_text(cells["awarded"]):
        awarded = _number(cells["awarded"])
        if isinstance(awarded, str):
            return None, f"Ô {COL['awarded']}{r}: điểm chấm “{awarded}” phải là một số."
    reason = cell_text(cells["reason"]) if awarded is not None else ""
    stored_details = (entry.details if entry else None) or {}
    if details is not None and details.get("part") and details.get("whole"):
        parsed = {k: _number(details[k]) for k in COUNT_FIELDS}
        derived = (
            derived_percentage(parsed)
            if all(isinstance(v, int) and v >= 0 for v in parsed.values())
            else None
        )
        stored = entry.value if entry else None
        if (
            derived is not None
            and isinstance(value, int | float)
            and not _same(value, derived)
            and not _same(value, stored)
        ):
            return None, (
                f"Ô {COL['value']}{r}: tỷ lệ {fmt(value)}% khác với tỷ lệ tính từ số lượng "
                f"({parsed['part']}/{parsed['whole']} = {fmt(derived)}%). Hãy sửa số lượng, hoặc "
                "xóa hai ô số lượng để nhập tỷ lệ trực tiếp."
            )
        if derived is not None:
            value = derived
    before = {
        "value": entry.value if entry else None,
        "awarded": float(entry.awarded) if entry and entry.awarded is not None else None,
        "reason": entry.reason if entry else "",
        "details": stored_details,
    }
    new_details = (
        {k: v for k, v in details.items() if v}
        if details is not None
        else {k: v for k, v in stored_details.items()}
    )
    old_details = {k: str(v) for k, v in stored_details.items() if v not in ("", None)}
    same = (
        _same(value, before["value"])
        and _same(awarded, before["awarded"])
        and (reason or "") == (before["reason"] or "")
        and {k: str(v) for k, v in new_details.items()} == old_details
    )
    if same:
        return None, None
    return Change(r, code, value, awarded, reason, details, revision, before), None


def cell_of(change_row: int, field: str | None, code: str) -> str:
    """The cell a refusal of `save_fact` is about: its field names a column (a detail, the
    reason, the awarded points) or the item itself (its fact)."""
    if field in COL and field != "machine":
        key = field
    elif field and field.startswith("awarded."):
        key = "awarded"
    else:
        key = "value"
    return f"{COL[key]}{change_row}"
