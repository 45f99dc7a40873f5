"""An authority officer publishes the guidance of its official letter from an Excel sheet; a
teacher of one of its schools reads it beside a criterion on a phone."""

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import log_in
from edudx.guidance.sheet import COLUMNS, SHEET

pytestmark = pytest.mark.django_db(transaction=True)


def guidance_sheet(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(COLUMNS.values()))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_officer_publishes_guidance_and_a_teacher_reads_it_on_a_phone(page, school_year, tmp_path):
    site = school_year.url
    make_assigned_user("lechan.canbo", "authority_officer", school_year.authority)
    make_assigned_user("leloi.giaovien", "institution_staff", school_year.school)

    log_in(page, site, "lechan.canbo")
    page.goto(f"{site}/dot-danh-gia/{school_year.campaign.pk}/")
    page.locator("#guidance-link").get_by_role("link", name="Hướng dẫn tiêu chí").click()
    expect(page.get_by_text("Chưa công bố hướng dẫn cho năm học này.")).to_be_visible()

    wrong = tmp_path / "sai.xlsx"
    wrong.write_bytes(guidance_sheet([("9.9", "Không có tiêu chí này", "", "")]))
    page.get_by_label("Số, ký hiệu công văn").fill("15/UBND-VHXH")
    page.get_by_label("Ngày công văn (dd/mm/yyyy)").fill("05/09/2025")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(wrong))
    page.get_by_role("button", name="Công bố").click()
    expect(page.get_by_role("alert")).to_contain_text("Dòng 2: không có tiêu chí '9.9'")

    good = tmp_path / "huong-dan.xlsx"
    good.write_bytes(
        guidance_sheet(
            [("1.4", "Học liệu số do giáo viên của trường tự xây dựng", "Danh sách học liệu\nĐường link kho học liệu", "Bài giảng e-learning")]
        )
    )  # fmt: skip
    page.get_by_label("Số, ký hiệu công văn").fill("15/UBND-VHXH")
    page.get_by_label("Ngày công văn (dd/mm/yyyy)").fill("05/09/2025")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(good))
    page.get_by_role("button", name="Công bố").click()
    expect(page.get_by_role("status")).to_contain_text("Đã công bố hướng dẫn: 1 tiêu chí")
    expect(page.locator("#published")).to_contain_text("Đường link kho học liệu")

    page.context.clear_cookies()
    log_in(page, site, "leloi.giaovien")
    page.goto(f"{site}/tu-danh-gia/{school_year.participation.pk}/")
    guidance = page.locator("#guidance-1\\.4")
    expect(guidance).to_contain_text("15/UBND-VHXH")
    expect(guidance.get_by_text("Học liệu số do giáo viên")).to_be_hidden()  # folded on a phone
    guidance.locator("summary").click()
    expect(guidance.get_by_text("Học liệu số do giáo viên của trường tự xây dựng")).to_be_visible()
    expect(guidance).to_contain_text("Danh sách học liệu")
    guidance.get_by_role("link", name="+ Thêm").first.click()
    expect(page.get_by_label("Tên minh chứng")).to_have_value("Danh sách học liệu")
