"""Reading a workbook in the annex layout into an index, every problem named by its cell.

Reading builds the same raw mapping as a YAML file and hands it to `schema.parse_framework`, so a
workbook obeys exactly the rules of a data file. The reader remembers the row of every group,
criterion and item it read, so the schema's problems ('thành phần 1.6.1.bands[0]: …') can be shown
on their cell ('Phụ lục!D14'): the person fixing them works in Excel, not in our key names.
"""

from __future__ import annotations

import dataclasses
import io
import re
from typing import BinaryIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from edudx.core.files import find_header
from edudx.frameworks import schema
from edudx.frameworks.excel import info
from edudx.frameworks.excel.layout import (
    COLUMN,
    INFO,
    MAIN,
    SUGGESTION_COLUMNS,
    SUGGESTION_LEVEL_COLUMN,
    SUGGESTIONS,
)
from edudx.frameworks.excel.rows import AnnexRows
from edudx.frameworks.excel.texts import (
    CellError,
    clean,
    key,
    text,
)


def read_xlsx(data: bytes | BinaryIO, source: str) -> schema.Framework:
    """Read a workbook in the annex layout, or raise FrameworkError naming every wrong cell.

    The workbook's own problems come first; the schema's rules then run on what could be read, and
    their problems are placed on the cell they concern. Those about a row or sheet that already
    has a problem are left out: they are its consequences, and would only bury the cause."""
    try:
        wb = load_workbook(
            io.BytesIO(data) if isinstance(data, bytes) else data, read_only=True, data_only=True
        )
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise schema.FrameworkError(source, [f"không đọc được tệp Excel (.xlsx): {exc}"]) from None
    try:
        reader = _Reader(wb)
        raw = reader.read()
    finally:
        wb.close()
    problems = list(reader.problems)
    try:
        fw = schema.parse_framework(raw, source)
    except schema.FrameworkError as exc:
        for message in exc.problems:
            place = reader.place(message)
            if not reader.problems:
                problems.append(f"{place}: {message}" if place else message)
            elif place and not reader.already_wrong(place):
                problems.append(f"{place}: {message}")
        raise schema.FrameworkError(source, problems) from None
    if problems:
        raise schema.FrameworkError(source, problems)
    warnings = []
    for message in fw.warnings:
        place = reader.place(message)
        warnings.append(f"{place}: {message}" if place else message)
    return dataclasses.replace(fw, warnings=tuple(warnings))


class _Reader(AnnexRows):
    """Turns the sheets into the raw mapping of a data file, remembering where each part came
    from so the schema's problems can be shown on their cell."""

    def __init__(self, wb) -> None:
        self.wb = wb
        self.problems: list[str] = []
        self.places_reported: set[str] = set()  # "Phụ lục!C14", or a whole sheet "Phụ lục"
        self.rows: dict[str, int] = {}  # "nhóm 1" / "tiêu chí 1.3" / "thành phần 1.3.1" → row
        self.suggestion_rows: dict[str, int] = {}
        self.info_rows: dict[str, int] = {}
        self.items: dict[str, dict] = {}

    def error(self, place: str, message: str) -> None:
        self.problems.append(f"{place}: {message}")
        self.places_reported.add(place)

    def already_wrong(self, place: str) -> bool:
        """Whether a place is a whole sheet, or on a row or sheet that already has a problem."""
        sheet, row = _sheet_row(place)
        reported = {_sheet_row(p) for p in self.places_reported}
        return row is None or (sheet, None) in reported or (sheet, row) in reported

    def sheet(self, name: str):
        if name in self.wb.sheetnames:
            return self.wb[name]
        self.error(
            name,
            f"thiếu trang tính '{name}' — tệp không theo mẫu phụ lục của EduDX "
            f"(các trang có trong tệp: {', '.join(self.wb.sheetnames)}); "
            "hãy tải tệp mẫu và nhập lại theo mẫu",
        )
        return None

    def read(self) -> dict:
        raw: dict = {"schema": schema.SCHEMA_VERSION}
        info_ws, main = self.sheet(INFO), self.sheet(MAIN)
        if info_ws is not None:
            raw |= self.read_info(info_ws)
        raw["groups"] = self.read_main(main) if main is not None else []
        if SUGGESTIONS in self.wb.sheetnames and MAIN not in self.places_reported:
            self.read_suggestions(self.wb[SUGGESTIONS])
        return raw

    # --- Thông tin -----------------------------------------------------------------------

    def read_info(self, ws) -> dict:
        by_label = {key(label): path for label, path, _ in info.ROWS}
        labels = {path: label for label, path, _ in info.ROWS}
        raw: dict = {}
        for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
            label, value = (clean(v) for v in (*values, None, None)[:2])
            if r == 1 and key(str(label)) == key("Thông tin"):
                continue
            if label is None:
                if value is not None:
                    self.error(f"{INFO}!A{r}", "thiếu tên thông tin cho giá trị ở cột B")
                continue
            path = by_label.get(key(str(label)))
            if path is None:
                known = ", ".join(f"'{lb}'" for lb, _, _ in info.ROWS)
                self.error(
                    f"{INFO}!A{r}", f"không biết thông tin '{label}' (dùng một trong: {known})"
                )
                continue
            if path == "notes":
                if value is not None:
                    self.info_rows[f"notes[{len(raw.get('notes', []))}]"] = r
                    raw.setdefault("notes", []).append(text(value))
                continue
            if path in self.info_rows:
                self.error(f"{INFO}!A{r}", f"thông tin '{label}' bị ghi hai lần")
                continue
            self.info_rows[path] = r
            if value is None:
                continue
            try:
                _set(raw, path, info.READERS.get(path, text)(value))
            except CellError as exc:
                self.error(f"{INFO}!B{r}", str(exc))
        for path in info.REQUIRED:
            if _get(raw, path) not in (None, "", []):
                continue
            if path not in self.info_rows:
                self.error(INFO, f"thiếu dòng '{labels[path]}'")
            elif f"{INFO}!B{self.info_rows[path]}" not in self.places_reported:
                self.error(f"{INFO}!B{self.info_rows[path]}", f"chưa ghi '{labels[path]}'")
        return raw

    # --- Gợi ý mức độ --------------------------------------------------------------------

    def read_suggestions(self, ws) -> None:
        rows = [tuple(clean(v) for v in values) for values in ws.iter_rows(values_only=True)]
        titles = {title: title for title in SUGGESTION_COLUMNS}
        if find_header(rows, titles, leading=len(SUGGESTION_COLUMNS)) is None:
            self.error(
                f"{SUGGESTIONS}!A1",
                f"dòng 1 phải là tiêu đề cột: {' | '.join(SUGGESTION_COLUMNS)}",
            )
            return
        for r, values in enumerate(rows[1:], start=2):
            values = (*values, *[None] * len(SUGGESTION_COLUMNS))
            if not any(values):
                continue
            code = text(values[0] or "")
            item = self.items.get(code)
            if item is None:
                self.error(
                    f"{SUGGESTIONS}!A{r}", f"không có điểm thành phần '{code}' ở trang '{MAIN}'"
                )
                continue
            self.suggestion_rows[code] = r
            suggestion: dict = {
                "label": values[1],
                "numerator": values[2],
                "denominator": values[3],
            }
            suggestion = {k: text(v) for k, v in suggestion.items() if v is not None}
            suggestion["bands"] = {}
            for i, level_code in enumerate(schema.EDUCATION_LEVELS, start=4):
                if values[i] is not None:
                    place = f"{SUGGESTIONS}!{get_column_letter(i + 1)}{r}"
                    suggestion["bands"][level_code] = self.levels(place, values[i], "")
            if values[9] is not None:
                suggestion["note"] = text(values[9])
            for i in range(len(SUGGESTION_COLUMNS), len(values)):
                if values[i] is not None:
                    self.error(
                        f"{SUGGESTIONS}!{get_column_letter(i + 1)}{r}",
                        "ô nằm ngoài các cột của mẫu",
                    )
            item["suggestion"] = suggestion

    # --- Placing the schema's problems on cells ------------------------------------------

    def place(self, message: str) -> str | None:
        """The cell a schema problem is about, from its 'where' prefix ('thành phần 1.6.1.bands[0]')."""
        where = message.split(": ", 1)[0]
        for prefix in sorted(self.rows, key=len, reverse=True):
            if where == prefix or where.startswith((prefix + ".", prefix + "[")):
                field = re.match(r"\w*", where[len(prefix) + 1 :])[0]
                row = self.suggestion_rows.get(prefix.removeprefix("thành phần "))
                if field == "suggestion" and row:
                    level = re.search(r"\.bands\.(\w+)", where)
                    column = SUGGESTION_LEVEL_COLUMN.get(level[1], "A") if level else "A"
                    return f"{SUGGESTIONS}!{column}{row}"
                return f"{MAIN}!{COLUMN.get(field, 'A')}{self.rows[prefix]}"
        for path, row in self.info_rows.items():
            if where == path or where.startswith((path + ".", path + "[")):
                return f"{INFO}!B{row}"
        if where == "groups":
            return MAIN
        return None


def _sheet_row(place: str) -> tuple[str, str | None]:
    """'Phụ lục!C14' → ('Phụ lục', '14'); a whole sheet 'Phụ lục' → ('Phụ lục', None)."""
    sheet, _, ref = place.partition("!")
    return sheet, ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or None


def _set(raw: dict, path: str, value) -> None:
    head, _, tail = path.partition(".")
    if not tail:
        raw[head] = value
    else:
        raw.setdefault(head, {})[int(tail) if tail.isdigit() else tail] = value


def _get(raw: dict, path: str):
    head, _, tail = path.partition(".")
    return raw.get(head) if not tail else raw.get(head, {}).get(tail)
