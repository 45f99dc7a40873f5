"""A teacher fills the self-assessment offline on a phone: downloads the workbook, fills it (here
with openpyxl), uploads it, checks the preview, confirms, and sees the new answer on the form."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, log_in
from edudx.workbooks.offline import COL, HEADER_ROW

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def participation(school_year):
    school = school_year.school
    make_assigned_user("leloi.gv", "institution_staff", school, password=PASSWORD)
    return school_year.participation


def test_teacher_fills_the_workbook_offline_and_confirms_the_preview(
    page, live_server, participation, tmp_path
):
    site = live_server.url
    log_in(page, site, "leloi.gv")
    page.goto(f"{site}/bang-tinh/tu-danh-gia/{participation.pk}/tai-len/")
    with page.expect_download() as info:
        page.locator(f"a[href='/bang-tinh/tu-danh-gia/{participation.pk}/tai-ve/']").click()
    wb = load_workbook(io.BytesIO(info.value.path().read_bytes()))
    ws = wb.active
    rows = {ws[f"C{r}"].value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}
    ws[f"{COL['value']}{rows['1.4.1']}"] = 61
    ws[f"{COL['value']}{rows['1.1']}"] = "Có"
    filled = tmp_path / "tu-danh-gia.xlsx"
    wb.save(filled)

    page.locator("input[type=file]").set_input_files(str(filled))
    page.locator("form[enctype] button[type=submit]").click()
    table = page.locator("table.data")
    expect(table).to_contain_text("1.4.1")
    expect(table).to_contain_text("61")
    expect(table).to_contain_text("Có")
    page.locator("form[action$='/xac-nhan/'] button[type=submit]").click()

    expect(page).to_have_url(f"{site}/tu-danh-gia/{participation.pk}/")
    expect(page.locator("#f-1\\.4\\.1")).to_have_value("61")
    expect(page.locator("#f-1\\.1")).to_have_value("true")


def test_a_wrong_cell_is_named_and_nothing_is_saved(page, live_server, participation, tmp_path):
    from edudx.assessments.facts import start_assessment
    from edudx.assessments.models import FactEntry
    from edudx.workbooks.offline import offline_workbook

    site = live_server.url
    log_in(page, site, "leloi.gv")
    wb = load_workbook(io.BytesIO(offline_workbook(participation, start_assessment(participation))))
    ws = wb.active
    row = next(r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws[f"C{r}"].value == "1.6.1")
    ws[f"{COL['value']}{row}"] = 140
    filled = tmp_path / "sai.xlsx"
    wb.save(filled)
    page.goto(f"{site}/bang-tinh/tu-danh-gia/{participation.pk}/tai-len/")
    page.locator("input[type=file]").set_input_files(str(filled))
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Ô {COL['value']}{row}")
    assert not FactEntry.objects.filter(assessment__participation=participation).exists()
