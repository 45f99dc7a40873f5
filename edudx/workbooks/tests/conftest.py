import io

import pytest
from openpyxl import load_workbook

from edudx.assessments.facts import start_assessment

YEAR = "2025-2026"


@pytest.fixture
def assessment(participation):
    return start_assessment(participation)


def logged_in(client, user):
    client.force_login(user)
    return client


def sheet_of(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def row_of(ws, code: str) -> int:
    for row in ws.iter_rows(min_row=6, max_col=3):
        if row[2].value == code:
            return row[2].row
    raise AssertionError(f"no row for {code}")


def as_upload(ws, name="tu-danh-gia.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.BytesIO()
    ws.parent.save(out)
    return SimpleUploadedFile(name, out.getvalue())
