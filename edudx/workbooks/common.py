"""What every workbook of this app shares: how a fact is shown in a cell, and the one writer of
row-generated sheets (openpyxl write-only mode, so a province's rows stream to the file)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from edudx.core.files import text_cell
from edudx.frameworks.excel import KIND_LABELS
from edudx.frameworks.schema import Criterion, Item

YES, NO = "Có", "Không"
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def kind_label(target: Item | Criterion) -> str:
    return KIND_LABELS[target.kind]


def shown_fact(target: Item | Criterion, value):
    """A stored fact as a person reads it in a cell: Có/Không, an option's label, a number."""
    if value is None:
        return None
    if value is True:
        return YES
    if value is False:
        return NO
    if isinstance(target, Item) and target.kind == "choice":
        return next((o.label for o in target.options if o.value == value), str(value))
    return value


def write_rows(
    target,
    sheet_title: str,
    rows: Iterable[list],
    *,
    widths: tuple[int, ...] = (),
    heading: Iterable[str] = (),
) -> int:
    """Write `rows` (header first) to `target` (a path or a file object) with a write-only
    workbook: rows are streamed, memory stays flat whatever their number. Returns the number of
    data rows written."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    lines = list(heading)
    for text in lines:
        ws.append([text_cell(ws, text, font=BOLD)])
    if lines:
        ws.append([])
    header_row = len(lines) + 2 if lines else 1
    ws.freeze_panes = f"A{header_row + 1}"
    count = -1
    for row in rows:
        if count < 0:
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=value)
                cell.font, cell.alignment = BOLD, WRAP
                cells.append(cell)
            ws.append(cells)
        else:
            ws.append([text_cell(ws, v) for v in row])
        count += 1
    wb.save(target)
    return max(count, 0)


Progress = Callable[[int, int], None]


def write_sheets(target, heading: str, sheets: Iterable[tuple[str, Iterable[list]]]) -> None:
    """Several row-generated sheets (header first) in one write-only workbook, each under the
    same heading line: rows stream to the file, memory stays flat whatever their number."""
    wb = Workbook(write_only=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append([text_cell(ws, heading, font=BOLD)])
        ws.append([])
        ws.freeze_panes = "A4"
        for i, row in enumerate(rows):
            if i == 0:
                cells = []
                for value in row:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.font, cell.alignment = BOLD, WRAP
                    cells.append(cell)
                ws.append(cells)
            else:
                ws.append([text_cell(ws, v) for v in row])
    wb.save(target)
