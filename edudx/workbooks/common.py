"""What every workbook of this app shares: how a fact is shown in a cell, and the one writer of
row-generated sheets (openpyxl write-only mode, so a province's rows stream to the file)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from itertools import chain, islice

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter

from edudx.core.files import text_cell
from edudx.frameworks.excel import KIND_LABELS
from edudx.frameworks.schema import Criterion, Item

YES, NO = "Có", "Không"
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


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
            ws.append(header_cells(ws, row))
        else:
            ws.append([text_cell(ws, v) for v in row])
        count += 1
    wb.save(target)
    return max(count, 0)


Progress = Callable[[int, int], None]


# -- the shared writer of row-generated sheets --------------------------------------------------

PERCENT = "0%"
DATE = "dd/mm/yyyy"
#: Rows read ahead of writing to size the columns (write-only mode writes the widths first).
SAMPLE = 500
MIN_WIDTH, HEADER_WIDTH, MAX_WIDTH = 8, 18, 50
LINE_HEIGHT = 15
#: Characters of body text a unit of column width holds (the width unit is a digit's width).
CHARS_PER_WIDTH = 1.1


class Share(float):
    """A fraction the page shows as a percentage: written as the number (0.27) formatted 27 %,
    so it still sums and sorts."""


def share(value, digits: int = 4) -> Share | None:
    return None if value is None else Share(round(value, digits))


class Header(list):
    """A header row further down a sheet (a second table under the first): written bold."""


def _length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, Share):
        return 5
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    return len(str(value))


def _header_width(text) -> int:
    """A header wraps: as wide as its longest word, and up to HEADER_WIDTH for the rest."""
    text = "" if text is None else str(text)
    word = max((len(w) for w in text.split()), default=0)
    return max(word, min(len(text), HEADER_WIDTH)) + 2


def column_widths(rows: list[list]) -> list[int]:
    """Each column's width from its headers and the content of `rows`, capped at MAX_WIDTH."""
    widths: list[int] = []
    for i, row in enumerate(rows):
        header = i == 0 or isinstance(row, Header)
        for col, value in enumerate(row):
            if col == len(widths):
                widths.append(MIN_WIDTH)
            need = _header_width(value) if header else min(_length(value) + 2, MAX_WIDTH)
            widths[col] = max(widths[col], need)
    return widths


def _lines(value, width: int) -> int:
    """How many lines a wrapped text takes in a column `width` wide (a rough count, by words)."""
    total = 0
    for line in str(value or "").splitlines() or [""]:
        n, used = 1, 0
        for word in line.split():
            if used and used + 1 + len(word) > width * CHARS_PER_WIDTH:
                n, used = n + 1, len(word)
            else:
                used += len(word) + (1 if used else 0)
        total += n
    return total


def _row_height(row: list, widths: list[int], wrapped) -> float | None:
    """An explicit height for a row whose wrapped cells need more than one line: neither Excel
    nor LibreOffice re-measures rows on opening, so without it the lines overlap the next row."""
    lines = max((_lines(v, w) for v, w in zip(row, widths, strict=False) if wrapped(v)), default=1)
    return LINE_HEIGHT * lines if lines > 1 else None


def header_cells(ws, row: Iterable) -> list:
    cells = []
    for value in row:
        cell = WriteOnlyCell(ws, value=value)
        cell.font, cell.alignment = BOLD, WRAP
        cells.append(cell)
    return cells


def data_cell(ws, value, *, top: bool = False):
    """A data value as a cell: a share as a percentage, a date as dd/mm/yyyy, a long text wrapped,
    anything else as `text_cell` makes it safe. `top`: in a row of several lines, at its top."""
    if isinstance(value, Share):
        cell = WriteOnlyCell(ws, value=float(value))
        cell.number_format = PERCENT
    elif isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE
    elif _wraps(value):
        cell = text_cell(ws, value, font=DEFAULT_FONT)
        cell.alignment = WRAP
        return cell
    else:
        cell = text_cell(ws, value)
        if not top or cell is None:
            return cell
        if not isinstance(cell, Cell):
            cell = WriteOnlyCell(ws, value=cell)
    if top:
        cell.alignment = TOP
    return cell


def _wraps(value) -> bool:
    return isinstance(value, str) and (_length(value) + 2 > MAX_WIDTH or "\n" in value.strip())


def write_sheets(
    target,
    heading: str,
    sheets: Iterable[tuple[str, Iterable[list]]],
    *,
    notes: dict[str, str] | None = None,
) -> None:
    """Several row-generated sheets (header first) in one write-only workbook, each under the
    same heading line (and the sheet's line of `notes`, if any) with its header in row 3, frozen
    below it. Rows stream to the file, memory stays flat whatever their number: the first SAMPLE
    rows are read ahead to size the columns. Shares (`share`) are written as percentages, dates
    as dd/mm/yyyy, both still numbers."""
    wb = Workbook(write_only=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        rows = iter(rows)
        ahead = list(islice(rows, SAMPLE + 1))
        widths = column_widths(ahead)
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A4"
        ws.append([text_cell(ws, heading, font=BOLD)])
        note = (notes or {}).get(title)
        ws.append([text_cell(ws, note)] if note else [])
        for number, row in enumerate(chain(ahead, rows), start=3):
            header = number == 3 or isinstance(row, Header)
            height = _row_height(row, widths, bool if header else _wraps)
            if height:  # set just before the row is written, dropped after: memory stays flat
                ws.row_dimensions[number].height = height
            if header:
                ws.append(header_cells(ws, row))
            else:
                ws.append([data_cell(ws, v, top=bool(height)) for v in row])
            if height:
                del ws.row_dimensions[number]
    wb.save(target)
