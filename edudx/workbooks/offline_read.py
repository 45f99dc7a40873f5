"""Reading an offline self-assessment workbook when it comes back (the layout is `offline`'s).

Reading never stores anything: it returns the list of changes (`Change`) or every problem with
its cell reference ("Ô G12: …"). Applying (services.apply_changes) goes through `save_fact`, the
same function the form calls."""

from __future__ import annotations

import io
import zipfile
from dataclasses import asdict, dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from edudx.assessments.details import COUNT_FIELDS, PROVENANCE, derived_percentage
from edudx.assessments.form_page import parse_posted
from edudx.assessments.models import Participation, SelfAssessment
from edudx.core.errors import DomainError
from edudx.core.files import cell_text, find_header, label_key
from edudx.frameworks.schema import Criterion, Item, fmt
from edudx.workbooks.offline import (
    COL,
    COLUMNS,
    EDITABLE,
    HEADER_ROW,
    INDEX,
    KEYS,
    MACHINE,
    SHEET,
    asked_details,
    fingerprint,
)

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
    kind = target.kind
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
    asked = asked_details(target)
    counts = target.kind == "percentage"
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
    header = find_header(
        ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True),
        {label: key for key, label in COLUMNS[:-1]},
    )
    titles = header.titles
    machine = titles[INDEX["machine"]] if len(titles) > INDEX["machine"] else ""
    if not machine.startswith(f"{MACHINE}:"):
        raise WorkbookRejected(
            [
                "Bảng tính này không phải bảng tự đánh giá tải từ EduDX (thiếu cột kỹ thuật hoặc "
                "các cột đã bị thêm, xóa). Hãy tải bảng tính mới từ trang tự đánh giá."
            ]
        )
    if machine != f"{MACHINE}:{assessment.participation_id}":
        raise WorkbookRejected(
            [
                "Bảng tính này là của một bản tự đánh giá khác (cơ sở giáo dục hoặc đợt đánh giá "
                "khác). Hãy tải bảng tính của đúng bản tự đánh giá này."
            ]
        )
    for i, key in enumerate(KEYS[:-1]):
        if header.columns.get(key) != i:  # the first column out of its place
            raise WorkbookRejected(
                [
                    f"Ô {get_column_letter(i + 1)}{HEADER_ROW}: cột “{titles[i]}” thay cho "
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
