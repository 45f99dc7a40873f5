"""The offline workbook goes through the same bound as the form: an implausible count is refused
with its cell and its item, and nothing is saved."""

import pytest

from edudx.assessments.models import FactEntry
from edudx.workbooks.offline import COL
from edudx.workbooks.tests.conftest import as_upload, logged_in, row_of, sheet_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"value": 1e9}, "value", "quá lớn"),
        ({"value": "1e9"}, "value", "quá lớn"),
        ({"value": 2.5}, "value", "số nguyên"),
        ({"value": -4}, "value", "số nguyên không âm"),
    ],
)
def test_an_implausible_count_in_the_workbook_is_refused(
    client, participation, teacher, cells, column, message
):
    logged_in(client, teacher)
    response = client.get(f"/bang-tinh/tu-danh-gia/{participation.pk}/tai-ve/")
    ws = sheet_of(response.content)
    r = row_of(ws, "1.4.1")
    for key, value in cells.items():
        ws[f"{COL[key]}{r}"] = value
    response = client.post(
        f"/bang-tinh/tu-danh-gia/{participation.pk}/tai-len/", {"file": as_upload(ws)}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert f"Ô {COL[column]}{r} (mục 1.4.1)" in text and message in text
    assert not FactEntry.objects.exists()


def test_implausible_counts_of_a_percentage_are_refused(client, participation, teacher):
    logged_in(client, teacher)
    ws = sheet_of(client.get(f"/bang-tinh/tu-danh-gia/{participation.pk}/tai-ve/").content)
    r = row_of(ws, "1.6.2")
    ws[f"{COL['part']}{r}"], ws[f"{COL['whole']}{r}"] = 5, 5_000_000
    response = client.post(
        f"/bang-tinh/tu-danh-gia/{participation.pk}/tai-len/", {"file": as_upload(ws)}
    )
    assert response.status_code == 400 and "quá lớn" in response.content.decode()
    assert not FactEntry.objects.exists()
