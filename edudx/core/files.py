"""Excel files in and out of pages: one upload form and one download response for every app."""

import datetime as dt
import io
import re
import unicodedata

from django import forms
from django.core.validators import FileExtensionValidator
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 5 * 1024 * 1024


class XlsxUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        validators=[
            FileExtensionValidator(["xlsx"], message=_("Only .xlsx workbooks are accepted."))
        ],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":  # .xlsx is a zip container: check content, not only the name
            raise forms.ValidationError(_("This file is not an Excel .xlsx workbook."))
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
