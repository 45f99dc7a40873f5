"""The guidance as an Excel sheet: one row per criterion, the columns an authority's letter has
(Tiêu chí | Nội hàm | Gợi ý minh chứng | Ví dụ). Suggested evidence is one per line of its cell.
Reading goes through core.files.read_table (the same header, size and row rules as every import),
and every problem names its row in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

from edudx.core.files import TableProblems, read_table, text_cell, workbook_bytes

SHEET = "Hướng dẫn tiêu chí"
COLUMNS = {
    "criterion": "Tiêu chí",
    "meaning": "Nội hàm",
    "evidence": "Gợi ý minh chứng",
    "examples": "Ví dụ",
}
MAX_ROWS = 500


class SheetProblems(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    criterion: str
    meaning: str
    evidence: tuple[str, ...]
    examples: str


def read_sheet(data: bytes, criteria: dict[str, str]) -> list[Row]:
    """The rows of an uploaded sheet, checked against the index's criteria (code → title); all or
    nothing: every problem is reported, each with its row number."""
    try:
        table = read_table(
            data,
            sheet=SHEET,
            titles={title: key for key, title in COLUMNS.items()},
            required=("criterion",),
            max_rows=MAX_ROWS,
        )
    except TableProblems as exc:
        raise SheetProblems(exc.problems) from None
    problems, rows, seen = [], [], {}
    for number, cells in table:
        code = cells.get("criterion", "").strip().rstrip(".")
        evidence = tuple(
            line.strip(" -•\t") for line in cells.get("evidence", "").splitlines() if line.strip()
        )
        row = Row(code, cells.get("meaning", ""), evidence, cells.get("examples", ""))
        if not code:
            problems.append(f"Dòng {number}: thiếu mã tiêu chí (cột Tiêu chí).")
        elif code not in criteria:
            problems.append(
                f"Dòng {number}: không có tiêu chí '{code}' trong bộ chỉ số "
                f"(các tiêu chí: {', '.join(criteria)})."
            )
        elif code in seen:
            problems.append(f"Dòng {number}: tiêu chí {code} đã có ở dòng {seen[code]}.")
        seen.setdefault(code, number)
        if row.meaning or row.evidence or row.examples:  # a criterion left blank has none
            rows.append(row)
    if not rows and not problems:
        problems.append(
            "Tệp không có hướng dẫn cho tiêu chí nào (các cột Nội hàm, Gợi ý minh chứng, Ví dụ đều trống)."
        )
    if problems:
        raise SheetProblems(problems)
    return rows


def write_sheet(criteria: dict[str, str], entries: dict, letter: str = "") -> bytes:
    """A sheet of every criterion of the index (code, and its title as a note), filled with the
    entries given (criterion → GuidanceEntry): an export of a published guidance, or an empty
    template to fill."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    for width, col in zip((10, 60, 60, 40, 60), "ABCDE", strict=True):
        ws.column_dimensions[col].width = width
    bold = Font(bold=True)
    ws.append(
        [text_cell(ws, t, font=bold) for t in (*COLUMNS.values(), "Tên tiêu chí (tham khảo)")]
    )
    for code, title in criteria.items():
        e = entries.get(code)
        ws.append(
            [
                text_cell(ws, code),
                text_cell(ws, e.meaning if e else ""),
                text_cell(ws, "\n".join(e.evidence) if e else ""),
                text_cell(ws, e.examples if e else ""),
                text_cell(ws, title),
            ]
        )
    info = wb.create_sheet("Cách ghi")
    for line in (
        ["Mỗi dòng một tiêu chí; cột Tiêu chí ghi mã như trong bộ chỉ số (ví dụ 1.4)."],
        ["Gợi ý minh chứng: mỗi minh chứng một dòng trong ô (Alt+Enter để xuống dòng)."],
        ["Tiêu chí không có hướng dẫn thì để trống các cột hoặc xóa dòng."],
        ["Số/ký hiệu và ngày của công văn được nhập trên trang khi tải tệp lên."],
        [f"Văn bản: {letter}" if letter else ""],
    ):
        info.append(line)
    return workbook_bytes(wb)
