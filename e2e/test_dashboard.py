"""A department's leader (viewer) opens the dashboard of the department on a phone from the home
page, reads the year's progress, drills down to a commune and downloads the tables (.xlsx)."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def year_under_way(school_year):
    """Lê Lợi has approved and submitted its self-assessment."""
    from edudx.assessments import facts as services
    from edudx.assessments.transitions import transition

    head = make_assigned_user("leloi.ht", "institution_head", school_year.school, password=PASSWORD)
    assessment = services.start_assessment(school_year.participation)
    for code, value in {"1.1": True, "1.2": True, "1.4.1": 45, "2.1": True, "2.2": True}.items():
        services.save_fact(assessment, code, value, revision=0, by=head)
    for action in ("approve", "submit"):
        transition(assessment, action, by=head, check=lambda _a: None)
    make_assigned_user("sohp.lanhdao", "viewer", school_year.department, password=PASSWORD)
    return school_year


def test_department_viewer_drills_down_to_a_commune_and_downloads_the_tables(page, year_under_way):
    log_in(page, year_under_way.url, "sohp.lanhdao")
    page.get_by_role("link", name="Bảng điều hành: Sở GDĐT Hải Phòng").click()
    expect(
        page.get_by_role("heading", name="Bảng điều hành: Sở GDĐT Hải Phòng", exact=False)
    ).to_be_visible()
    progress = page.locator("#tien-do")
    expect(progress.get_by_role("heading", level=2)).to_contain_text("1 cơ sở giáo dục tham gia")
    expect(progress.locator("svg title").first).to_have_text("Cơ sở giáo dục theo trạng thái")
    expect(progress.get_by_role("cell", name="Đã nộp cơ quan quản lý")).to_be_visible()
    # the page fits the phone: nothing wider than the screen but the tables' own scroll
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    page.locator("#don-vi").get_by_role("link", name="UBND phường Lê Chân").click()
    expect(
        page.get_by_role("heading", name="Bảng điều hành: UBND phường Lê Chân", exact=False)
    ).to_be_visible()
    expect(page.locator("#don-vi")).to_contain_text("Trường Tiểu học Lê Lợi")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải các bảng số liệu (.xlsx)").click()
    assert download.value.suggested_filename.startswith("bang-dieu-hanh-31X001-")
    with open(download.value.path(), "rb") as xlsx:  # saved without its .xlsx suffix
        wb = load_workbook(io.BytesIO(xlsx.read()))
    units = [row[0] for row in wb["Đơn vị"].iter_rows(values_only=True)]
    assert "Trường Tiểu học Lê Lợi" in units
