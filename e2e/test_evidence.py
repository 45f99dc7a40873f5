"""A teacher builds the evidence catalogue on a phone: a small PDF and a link, each with its code."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def catalogue(school_year, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_assigned_user("leloi.gv", "institution_staff", school_year.school, password=PASSWORD)
    return f"{school_year.url}/tu-danh-gia/{school_year.participation.pk}/minh-chung/"


def test_teacher_attaches_a_pdf_and_a_link_and_sees_both_codes(page, catalogue, tmp_path):
    page.goto(catalogue)  # → log-in page, then back to the catalogue
    page.get_by_label("Tên đăng nhập hoặc email").fill("leloi.gv")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("h1")).to_contain_text("Trường Tiểu học Lê Lợi")

    page.locator("a[href$='/minh-chung/them/']").click()
    page.locator("#id_title").fill("Kế hoạch dạy học trực tuyến năm học")
    page.locator("#id_number").fill("15/KH-THLL")
    issued = f"{timezone.localdate() - dt.timedelta(days=30):%d/%m/%Y}"
    page.locator("#id_issued_on").fill(issued)
    page.locator("#id_criterion").select_option("1.3")
    page.locator("input[name=also][value='1.4']").check()
    page.locator("#id_file").set_input_files(
        files=[{"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator("button[type=submit].primary").click()
    expect(page.locator("table.evidence-catalogue")).to_contain_text("[1.3-01]")

    page.locator("a[href$='/minh-chung/them/']").click()
    page.locator("#id_title").fill("Trang học trực tuyến của trường")
    page.locator("#id_criterion").select_option("1.3")
    page.locator("#id_url").fill("https://lms.leloi.edu.vn")
    page.locator("button[type=submit].primary").click()

    table = page.locator("table.evidence-catalogue")
    expect(table).to_contain_text("[1.3-01]")
    expect(table).to_contain_text("[1.3-02]")
    expect(table).to_contain_text(f"15/KH-THLL, {issued}")
    expect(table.get_by_role("link", name="ke-hoach.pdf")).to_be_visible()
    expect(table.get_by_role("link", name="https://lms.leloi.edu.vn")).to_be_visible()
    # Phone: the table is stacked, nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    href = table.get_by_role("link", name="ke-hoach.pdf").get_attribute("href")
    served = page.request.get(catalogue.split("/tu-danh-gia/")[0] + href)
    assert served.status == 200 and served.body() == PDF
