"""Open data for anyone (published, standing results only; no personal data) and the CSDL ngành
export for the authority (its columns from one replaceable mapping file)."""

import csv
import io
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from openpyxl import load_workbook

from edudx.api.opendata import COLUMNS
from edudx.api.sector import load_layout
from edudx.api.tests.conftest import Api, token_for
from edudx.recognition.models import RecognisedResult
from edudx.recognition.services import issue_decision, publish_decision, reopen_recognition

URL = "/api/v1/public/results/X01/2025-2026"


@pytest.fixture
def published(campaign, make_assessment, officer_x):
    """T01 recognised in a published decision; T02 recognised in one not yet published."""
    t01, t02 = make_assessment("T01"), make_assessment("T02")
    kw = {
        "date": campaign.self_assessment_due,
        "signer_name": "Nguyễn Văn Bình",
        "signer_title": "Chủ tịch",
        "by": officer_x,
    }
    decision = issue_decision(campaign, [t01], number="1/QĐ", **kw)
    publish_decision(decision, by=officer_x)
    issue_decision(campaign, [t02], number="2/QĐ", **kw)
    return decision


def _csv(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_anyone_downloads_the_published_results_as_csv_json_and_xlsx(published):
    anyone = Client()
    rows = _csv(anyone.get(f"{URL}.csv").content)
    assert {r["ma_don_vi"] for r in rows} == {"T01"}  # T02's decision is not published
    assert {r["ma_nhom"] for r in rows} == {"1", "2"} and rows[0]["so_quyet_dinh"] == "1/QĐ"
    body = json.loads(anyone.get(f"{URL}.json").content)
    assert body["licence"].startswith("Giấy phép") and len(body["rows"]) == 2
    assert [c["name"] for c in body["dictionary"]] == [c.name for c in COLUMNS]
    wb = load_workbook(io.BytesIO(anyone.get(f"{URL}.xlsx").content))
    assert wb.sheetnames == ["Dữ liệu", "Từ điển dữ liệu"]
    assert wb["Từ điển dữ liệu"]["A2"].value.startswith("Giấy phép")


def test_open_data_holds_no_personal_data(published):
    content = Client().get(f"{URL}.json").content.decode()
    for personal in ("Nguyễn Văn Bình", "lechan.canbo", "leloi"):
        assert personal not in content


def test_a_withdrawn_result_leaves_the_open_data(published, officer_x):
    reopen_recognition(
        RecognisedResult.objects.get(institution__code="T01"), by=officer_x, reason="Sai sót"
    )
    assert _csv(Client().get(f"{URL}.csv").content) == []


def test_the_public_page_links_the_downloads(published):
    page = Client().get("/cong-khai/X01/").content.decode()
    assert f"{URL}.csv" in page and f"{URL}.xlsx" in page and f"{URL}.json" in page


def test_the_sector_export_is_keyed_by_the_unit_code(published, officer_x, tree):
    api = Api(token_for(officer_x, tree["X01"])[1])
    rows = _csv(api.get("/sector/X01/2025-2026.csv").content)
    assert [r["Mã đơn vị"] for r in rows] == ["T01", "T01", "T02", "T02"]
    t01 = rows[0]
    assert t01["Số quyết định công nhận"] == "1/QĐ" and t01["Mức độ được công nhận"]
    # the authority's own export holds its signed decisions, published or not yet
    assert rows[2]["Số quyết định công nhận"] == "2/QĐ"
    wb = load_workbook(io.BytesIO(api.get("/sector/X01/2025-2026.xlsx").content))
    assert "edudx-csdl-nganh v1" in [
        c.value for row in wb["Từ điển dữ liệu"].iter_rows() for c in row
    ]


def test_the_sector_export_is_the_authoritys_own(published, head_a, officer_y, tree):
    assert (
        Api(token_for(head_a, tree["T01"])[1]).get("/sector/X01/2025-2026.csv").status_code == 404
    )
    assert (
        Api(token_for(officer_y, tree["X02"])[1]).get("/sector/X01/2025-2026.csv").status_code
        == 404
    )
    assert Client().get("/api/v1/sector/X01/2025-2026.csv").status_code == 401


def test_a_department_renames_and_reorders_columns_without_code(
    tmp_path, settings, published, officer_x, tree
):
    mapping = tmp_path / "cot.yaml"
    mapping.write_text(
        'layout: "so-hp"\nversion: 3\ncolumns:\n  - {header: "MA_TRUONG", field: institution_code}\n'
        '  - {header: "MUC_DO_CN", field: recognised_level}\n',
        encoding="utf-8",
    )
    settings.SECTOR_COLUMNS_FILE = str(mapping)
    rows = _csv(Api(token_for(officer_x, tree["X01"])[1]).get("/sector/X01/2025-2026.csv").content)
    assert list(rows[0]) == ["MA_TRUONG", "MUC_DO_CN"]


def test_a_mapping_naming_an_unknown_field_is_refused(tmp_path):
    mapping = tmp_path / "cot.yaml"
    mapping.write_text(
        "layout: x\nversion: 1\ncolumns:\n  - {header: A, field: ho_ten}\n", encoding="utf-8"
    )
    with pytest.raises(ImproperlyConfigured):
        load_layout(mapping)
