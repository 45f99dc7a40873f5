"""Excel files in and out of pages: one upload form and one download response for every app."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

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
