"""A table (columns with their meaning, then rows) written as CSV, JSON or .xlsx — one writer for
the open data and the sector-database export, each file carrying its data dictionary and licence."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

from django.http import HttpResponse
from openpyxl import Workbook

from edudx.core.files import text_cell

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # text, integer, number, date
    meaning: str


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def render(
    fmt: str, *, title: str, columns: list[Column], rows: list[list], licence: str, meta: dict
) -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # Excel opens UTF-8 with Vietnamese letters intact
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([c.name for c in columns])
        writer.writerows([[_plain(v) for v in row] for row in rows])
        return out.getvalue().encode()
    if fmt == "json":
        body = {
            "title": title,
            "licence": licence,
            **meta,
            "dictionary": [c.__dict__ for c in columns],
            "rows": [
                {c.name: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows
            ],
        }
        return json.dumps(body, ensure_ascii=False, indent=1).encode()
    wb = Workbook(write_only=True)
    data = wb.create_sheet("Dữ liệu")
    data.append([c.name for c in columns])
    for row in rows:
        data.append([text_cell(data, v) for v in row])
    about = wb.create_sheet("Từ điển dữ liệu")
    about.append([text_cell(about, title)])
    about.append([text_cell(about, licence)])
    for key, value in meta.items():
        about.append([text_cell(about, key), text_cell(about, str(value))])
    about.append([])
    about.append(["Cột", "Kiểu", "Ý nghĩa"])
    for c in columns:
        about.append([text_cell(about, c.name), c.type, text_cell(about, c.meaning)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def download(fmt: str, filename: str, content: bytes, *, licence: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["X-Licence"] = licence.encode("ascii", "ignore").decode() or "see dictionary"
    return response
