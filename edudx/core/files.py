"""Excel files in and out of pages: one upload form and one download response for every app."""

import datetime as dt
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MB = 1024 * 1024
#: A member smaller than this is not judged by its compression ratio: a few kilobytes of
#: repeated XML tags compress a thousandfold and harm nobody.
RATIO_FLOOR = MB


class ArchiveTooLarge(ValueError):
    """An uploaded archive refused for what it would unpack to; the message names the limit."""


def _mb(size: float) -> str:
    return f"{size / MB:.1f}".replace(".", ",")


def check_archive(file, *, max_unpacked=None, max_members=None, max_ratio=None) -> None:
    """Refuse a zip container (.xlsx, .docx, …) whose members would unpack to more than
    `max_unpacked` bytes, number more than `max_members`, or one of which is compressed more than
    `max_ratio` times — before any parser sees it. Only the central directory is read
    (`infolist`), nothing is extracted: Python's zipfile, which openpyxl and python-docx use,
    never unpacks a member past the size its directory entry declares (it stops there and
    fails the CRC), so the declared sizes are what a parser could unpack. Limits default to the
    UPLOAD_MAX_* settings. A file that is not a zip is left to its parser, which says so in
    its own words. `file` is bytes or a seekable file, rewound afterwards."""
    max_unpacked = settings.UPLOAD_MAX_UNPACKED_MB * MB if max_unpacked is None else max_unpacked
    max_members = settings.UPLOAD_MAX_MEMBERS if max_members is None else max_members
    max_ratio = settings.UPLOAD_MAX_RATIO if max_ratio is None else max_ratio
    handle = io.BytesIO(file) if isinstance(file, bytes | bytearray) else file
    try:
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return
    finally:
        handle.seek(0)
    if len(members) > max_members:
        raise ArchiveTooLarge(
            f"Tệp chứa quá nhiều thành phần ({len(members)}, tối đa {max_members}); "
            "tệp không được nhận."
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > max_unpacked:
        raise ArchiveTooLarge(
            f"Tệp giải nén ra quá lớn ({_mb(unpacked)} MB, tối đa {_mb(max_unpacked)} MB); "
            "hãy chia thành nhiều tệp nhỏ hơn."
        )
    for m in members:
        if m.file_size >= RATIO_FLOOR and m.file_size > max_ratio * max(m.compress_size, 1):
            ratio = m.file_size // max(m.compress_size, 1)
            raise ArchiveTooLarge(
                f"Tệp bị nén bất thường (một thành phần giải nén ra gấp {ratio} lần, tối đa "
                f"{max_ratio} lần); tệp không được nhận."
            )


def import_max_bytes() -> int:
    return settings.UPLOAD_MAX_MB * MB


class XlsxUploadForm(forms.Form):
    """The upload of every imported workbook: an .xlsx by content, within the raw size limit and
    within what it may unpack to (`check_archive`) — refused before any parser opens it."""

    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        validators=[
            FileExtensionValidator(["xlsx"], message=_("Only .xlsx workbooks are accepted."))
        ],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > import_max_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_MB}
            )
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":  # .xlsx is a zip container: check content, not only the name
            raise forms.ValidationError(_("This file is not an Excel .xlsx workbook."))
        try:
            check_archive(upload)
        except ArchiveTooLarge as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    return HttpResponse(
        data,
        content_type=XLSX,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


# -- reading and writing cells: one implementation for every workbook of the project -------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def label_key(label: str) -> str:
    """A header or label as compared: case, spacing and Unicode composition do not matter."""
    return " ".join(unicodedata.normalize("NFC", label).casefold().split())


def cell_text(value) -> str:
    """A cell as clean text: numbers without a spurious '.0' (codes and phones typed as numbers),
    dates as dd/mm/yyyy, no control characters, NFC, surrounding spaces removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        value = value.strftime("%d/%m/%Y")
    out = str(value)
    if _CONTROL.search(out):
        out = _CONTROL.sub(" ", out)
    return unicodedata.normalize("NFC", out).strip()


@dataclass(frozen=True, slots=True)
class Header:
    """A sheet's header row as found: the column of each known title, and what is wrong with it."""

    row: int  # its number among the rows read (1: the first)
    titles: tuple[str, ...]  # every cell of the row, as `cell_text`
    columns: dict[str, int]  # the caller's key → index of its column (the first when repeated)
    missing: tuple[str, ...]  # the required titles absent, as the caller prints them
    repeated: tuple[str, ...]  # the title of each later cell repeating a column, in column order
    unused: tuple[int, ...]  # indexes of titled cells that hold no column: unknown or repeated


def find_header(
    rows: Iterable[Sequence],
    titles: Mapping[str, str],
    *,
    required: Iterable[str] | None = None,
    leading: int = 0,
    within: int = 1,
) -> Header | None:
    """The header row of an imported sheet, with its titles mapped to column indexes.

    `titles` maps each column title, as printed in the template, to the caller's key for it; a
    cell names a title when their `label_key`s are equal (case, spacing and Unicode composition do
    not matter; Vietnamese diacritics do). `required` lists the keys that must be present (all by
    default). The header is the first of the first `within` rows whose first `leading` cells are
    the first `leading` titles in order; with `leading=0` it is the first row read (an empty
    header for an empty sheet), otherwise None when no row qualifies. Only the rows up to the
    header are consumed from a stream, so the data rows follow. Importers word their own messages
    from the result: each file type has its own, which people and tests already know."""
    expected = [label_key(title) for title in itertools.islice(titles, leading)]
    for number, cells in enumerate(itertools.islice(rows, within), start=1):
        texts = tuple(cell_text(value) for value in cells)
        if [label_key(text) for text in texts[:leading]] == expected:
            return _header(number, texts, titles, required)
    return None if leading else _header(1, (), titles, required)


def _header(number: int, texts: tuple[str, ...], titles: Mapping[str, str], required) -> Header:
    key_of = {label_key(title): key for title, key in titles.items()}
    title_of = {key: title for title, key in titles.items()}
    columns: dict[str, int] = {}
    repeated: list[str] = []
    unused: list[int] = []
    for i, text in enumerate(texts):
        if not text:
            continue
        key = key_of.get(label_key(text))
        if key is None or key in columns:
            unused.append(i)
            if key is not None:
                repeated.append(title_of[key])
        else:
            columns[key] = i
    wanted = titles.values() if required is None else required
    missing = tuple(title_of[key] for key in wanted if key not in columns)
    return Header(number, texts, columns, missing, tuple(repeated), tuple(unused))


def text_cell(ws, value, *, font=None):
    """A value for a write-only sheet that stays what it is: a text starting with '=' is never
    turned into a formula, characters Excel refuses are replaced, an empty text is an empty cell."""
    if isinstance(value, str):
        if not value:
            return None
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub(" ", value)
    if font is None and not (isinstance(value, str) and value.startswith("=")):
        return value
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def workbook_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class TableProblems(ValueError):
    """An imported table that cannot be read at all (each importer raises it as its own kind)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def read_table(
    data: bytes,
    *,
    sheet: str,
    titles: Mapping[str, str],
    required: Iterable[str] | None = None,
    max_rows: int,
    ignore: Iterable[str] = (),
) -> list[tuple[int, dict[str, str]]]:
    """The data rows of an imported sheet with a header in row 1, as (row number, key → text);
    empty rows (ignoring the `ignore` keys, e.g. a running number) are skipped. Refused with
    every importer's same words: not an .xlsx, a missing column, too many rows, no row."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged or foreign file
        raise TableProblems(["Không đọc được tệp: đây không phải bảng tính Excel .xlsx."]) from None
    ignored = set(ignore)
    try:
        ws = wb[sheet] if sheet in wb.sheetnames else wb.worksheets[0]
        cells = ws.iter_rows(values_only=True)
        header = find_header(cells, titles, required=required)
        if header.missing:
            raise TableProblems([f"Dòng 1: thiếu cột {', '.join(header.missing)}."])
        rows = []
        for number, values in enumerate(cells, start=2):
            row = {
                key: cell_text(values[i]) if i < len(values) else ""
                for key, i in header.columns.items()
            }
            if any(v for key, v in row.items() if key not in ignored):
                rows.append((number, row))
                if len(rows) > max_rows:
                    raise TableProblems(
                        [f"Tệp có quá {max_rows} dòng dữ liệu; hãy chia thành nhiều tệp."]
                    )
    finally:
        wb.close()
    if not rows:
        raise TableProblems(["Tệp không có dòng dữ liệu nào (dòng 1 là tiêu đề)."])
    return rows
