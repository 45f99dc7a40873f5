"""Reading a registry file (.xlsx or .csv) into compact, validated rows.

The rows are streamed (openpyxl read-only mode, or the csv module over a decoding stream), and each
is kept as one small `Row` tuple; errors are collected with the row number as Excel shows it
(header = row 1) so that every problem of a file is reported at once.
"""

from __future__ import annotations

import csv
import io
import itertools
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from edudx.core.files import Header, find_header
from edudx.organizations.models import KIND_LABELS, LEVEL_LABELS, OWNERSHIP_LABELS, UnitKind
from edudx.organizations.registry.layout import (
    FIELD_BY_TITLE,
    HEADERS,
    KIND_BY_LABEL,
    LEVEL_BY_LABEL,
    MAX_LENGTHS,
    OPTIONAL,
    OWNERSHIP_BY_LABEL,
    REQUIRED,
    SHEET,
    alternatives,
    key,
    text,
)

Source = bytes | str | Path | BinaryIO


class RegistryError(ValueError):
    """A registry file that cannot be imported; `errors` are for the person who sent it
    ("Dòng 12: …"), and nothing was written."""

    def __init__(self, errors: list[str], *, total: int | None = None):
        self.errors = errors
        self.total = len(errors) if total is None else total
        head = "Tệp danh mục đơn vị có lỗi, không có thay đổi nào được ghi"
        super().__init__(f"{head}:\n" + "\n".join(errors))


class Row(NamedTuple):
    """One data row of the file, cleaned. Optional fields are None when their column is absent."""

    line: int
    code: str
    name: str
    kind: str
    levels: str  # ";primary;lower_secondary;" as stored on Unit
    parent: str  # the managing unit's code, "" for the ministry
    ownership: str | None
    address: str | None
    phone: str | None
    email: str | None
    website: str | None


_email = EmailValidator()
_url = URLValidator(schemes=("http", "https"))
_LEVEL_ORDER = list(LEVEL_LABELS)
PROGRESS_EVERY = 500


def read_rows(
    source: Source, filename: str, errors: list[tuple[int, str]], progress=None
) -> list[Row]:
    """The file's data rows; problems are appended to `errors` as (row number, message). Raises
    RegistryError at once when the file itself cannot be used (format, encoding, headers, more
    than REGISTRY_MAX_ROWS rows). `progress(rows read)` is called every few hundred rows."""
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xlsx":
        cells = _xlsx_cells
    elif suffix == ".csv":
        cells = _csv_cells
    else:
        hint = " (tệp .xls cũ: mở bằng Excel rồi lưu lại dạng .xlsx)" if suffix == ".xls" else ""
        raise RegistryError(
            [f"Tệp {filename or '(không tên)'}: chỉ nhận tệp .xlsx hoặc .csv{hint}"]
        )
    try:
        stream = cells(source)
        try:
            columns = _columns(find_header(stream, FIELD_BY_TITLE, required=REQUIRED))
            rows = [row for row in _parse(stream, columns, errors, progress) if row is not None]
        finally:
            stream.close()  # now, while the source is open, even when a row limit stopped it
    except RegistryError:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, csv.Error, EOFError) as exc:
        raise RegistryError([f"Tệp không đọc được: {_reason(exc)}"]) from None
    return rows


def count_rows(source: Source, filename: str) -> int:
    """About how many rows the file has, cheaply, to choose between importing it in the request
    and in a background job: a .csv's line breaks, an .xlsx's declared dimension (0 when it
    cannot tell: the import itself then says what is wrong)."""
    handle = _open_binary(source)
    try:
        if Path(filename or "").suffix.lower() == ".csv":
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
        from openpyxl import load_workbook

        try:
            wb = load_workbook(handle, read_only=True)
        except Exception:  # openpyxl raises many kinds for a broken or foreign file
            return 0
        try:
            ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
            return max((ws.max_row or 1) - 1, 0)
        finally:
            wb.close()
    finally:
        if handle is not source:
            handle.close()
        else:
            handle.seek(0)


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: « CSV UTF-8 »)"
    if isinstance(exc, zipfile.BadZipFile | KeyError):
        return "không phải tệp Excel .xlsx hợp lệ"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or exc.__class__.__name__


def _open_binary(source: Source) -> BinaryIO:
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(source)
    if isinstance(source, str | Path):
        return open(source, "rb")  # closed by the reading generator
    if hasattr(source, "seek"):
        source.seek(0)
    return source


def _xlsx_cells(source: Source) -> Iterator[tuple]:
    from openpyxl import load_workbook

    handle = _open_binary(source)
    try:
        wb = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign file
        if handle is not source:
            handle.close()
        raise ValueError("không phải tệp Excel .xlsx hợp lệ") from exc
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        # Some producers write a wrong <dimension>; without it openpyxl reads every row.
        ws.reset_dimensions()
        yield from ws.iter_rows(values_only=True)
    finally:
        wb.close()
        if handle is not source:
            handle.close()


def _csv_cells(source: Source) -> Iterator[list[str]]:
    handle = _open_binary(source)
    stream = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    try:
        first = stream.readline()
        # The delimiter is the one the header line uses most: "," or ";" (Excel in Vietnamese
        # locale) or a tab.
        delimiter = max(";,\t", key=first.count) if first else ","
        # itertools.chain, not a generator's `yield from`: closing that early (a row limit)
        # would close the file the caller owns.
        yield from csv.reader(itertools.chain((first,), stream), delimiter=delimiter)
    finally:
        stream.detach()  # closing the wrapper would close a file the caller owns
        if handle is not source:
            handle.close()


def _columns(header: Header) -> dict[str, int]:
    """Where each field is; an extra column the person added is ignored."""
    problems = []
    if header.missing:
        problems.append(
            f"Thiếu cột bắt buộc: {', '.join(header.missing)} (dòng 1 của tệp phải là dòng tiêu đề)"
        )
    if header.repeated:
        problems.append(f"Dòng 1: cột {', '.join(header.repeated)} xuất hiện nhiều lần")
    if problems:
        raise RegistryError(problems)
    return header.columns


def _parse(stream, columns: dict[str, int], errors: list, progress) -> Iterator[Row | None]:
    indexes = [(f, columns.get(f)) for f in ("code", "name", "kind", "levels", "parent", *OPTIONAL)]
    intern = sys.intern
    most = settings.REGISTRY_MAX_ROWS
    for line, cells in enumerate(stream, start=2):
        if line - 1 > most:  # a .csv is no archive: its size as sent does not bound its rows
            raise RegistryError(
                [f"Tệp có quá nhiều dòng dữ liệu (tối đa {most} dòng); hãy chia thành nhiều tệp."]
            )
        if progress is not None and line % PROGRESS_EVERY == 0:
            progress(line - 1)
        if not cells:
            continue
        values = {}
        for field, i in indexes:
            if i is None:
                values[field] = None
            else:
                values[field] = text(cells[i]) if i < len(cells) else ""
        if not any(values.values()):
            continue  # an empty row (a note in an extra column alone does not make a unit)
        yield _row(line, values, errors, intern)


def _row(line: int, v: dict, errors: list, intern) -> Row | None:
    """The cleaned row. A row with errors is still returned when it has a code (so that its
    children are not also reported as orphans, and duplicates are found) but its line is in
    `errors`; None when it has no code at all."""

    def bad(message: str) -> None:
        errors.append((line, message))

    code, name = v["code"], v["name"]
    if not code:
        bad("thiếu Mã đơn vị")
    if not name:
        bad("thiếu Tên đơn vị")
    for field, limit in MAX_LENGTHS.items():
        value = v.get(field)
        if value and len(value) > limit:
            bad(f"{HEADERS[field]} dài quá {limit} ký tự ({len(value)} ký tự)")

    kind = KIND_BY_LABEL.get(key(v["kind"])) if v["kind"] else None
    if kind is None:
        what = f"Loại đơn vị '{v['kind']}' không hợp lệ" if v["kind"] else "thiếu Loại đơn vị"
        bad(f"{what} (một trong: {alternatives(KIND_LABELS.values())})")

    levels, levels_ok = _levels(v["levels"], bad)
    if kind == UnitKind.INSTITUTION and not levels and levels_ok:
        bad(
            "Cơ sở giáo dục phải có Cấp học (một hoặc nhiều, cách nhau bởi dấu ;: "
            f"{alternatives(LEVEL_LABELS.values())})"
        )
    elif kind is not None and kind != UnitKind.INSTITUTION and levels:
        bad(f"chỉ cơ sở giáo dục có Cấp học; để trống Cấp học của {KIND_LABELS[kind]}")

    parent = v["parent"]
    if kind == UnitKind.MINISTRY and parent:
        bad("Bộ GDĐT không có đơn vị quản lý (để trống Mã đơn vị quản lý)")
    elif kind and kind != UnitKind.MINISTRY and not parent:
        bad("thiếu Mã đơn vị quản lý (chỉ Bộ GDĐT không có đơn vị quản lý)")
    if parent and parent == code:
        bad(f"đơn vị {code} không thể tự quản lý chính nó")

    ownership = v["ownership"]
    if ownership:
        ownership = OWNERSHIP_BY_LABEL.get(key(ownership), "")
        if not ownership:
            bad(
                f"Loại hình '{v['ownership']}' không hợp lệ "
                f"(một trong: {alternatives(OWNERSHIP_LABELS.values())})"
            )
    email = v["email"]
    if email:
        try:
            _email(email)
        except ValidationError:
            bad(f"Email '{email}' không hợp lệ")
    website = v["website"]
    if website:
        if "://" not in website:
            website = f"https://{website}"
        try:
            _url(website)
        except ValidationError:
            bad(f"Website '{v['website']}' không hợp lệ")
        else:
            if len(website) > MAX_LENGTHS["website"]:
                bad(f"Website dài quá {MAX_LENGTHS['website']} ký tự")

    if not code:
        return None
    return Row(
        line,
        code,
        name,
        kind or "",
        intern(levels),
        intern(parent),
        ownership,
        v["address"],
        v["phone"],
        email,
        website,
    )


def _levels(value: str, bad) -> tuple[str, bool]:
    """The stored form of a Cấp học cell, and whether every part of it was understood."""
    if not value:
        return "", True
    found, ok = set(), True
    for part in value.replace(",", ";").split(";"):
        if not part.strip():
            continue
        code = LEVEL_BY_LABEL.get(key(part))
        if code is None:
            ok = False
            bad(
                f"Cấp học '{part.strip()}' không hợp lệ "
                f"(một trong: {alternatives(LEVEL_LABELS.values())})"
            )
        else:
            found.add(code)
    ordered = [lv for lv in _LEVEL_ORDER if lv in found]
    return (f";{';'.join(ordered)};" if ordered else ""), ok
