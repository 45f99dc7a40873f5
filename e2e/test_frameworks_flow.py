"""A person opens EduDX on a phone, logs in, and reads the index of Decision 4725."""

import pytest
from playwright.sync_api import expect

from conftest import make_user
from edudx.frameworks import loader

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    loader.load_bundled()
    make_user("giaovien", password="mat-khau-thu-123")
    return live_server.url


def log_in(page, site, username="giaovien", password="mat-khau-thu-123"):
    page.goto(site + "/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_wrong_password_shows_vietnamese_error_and_keeps_username(page, site):
    log_in(page, site, password="sai-mat-khau")
    expect(page.get_by_role("alert")).to_contain_text("mật khẩu chính xác")
    expect(page.get_by_label("Tên đăng nhập hoặc email")).to_have_value("giaovien")


def test_teacher_logs_in_and_reads_the_4725_annex(page, site):
    log_in(page, site)
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()
    page.get_by_role("link", name="Bộ chỉ số").first.click()
    expect(page.get_by_role("cell", name="4725/QĐ-BGDĐT")).to_be_visible()
    expect(page.get_by_text("chưa đầy đủ — chưa dùng được để đánh giá")).to_be_visible()
    page.get_by_role("link", name="4725/QĐ-BGDĐT").click()
    expect(page.locator("#row-1\\.4\\.1")).to_contain_text("Ít hơn 20 học liệu: tối đa 3 điểm")
    expect(page.locator("#row-1\\.1")).to_contain_text("Điều kiện bắt buộc")
    expect(page.locator("#row-2\\.3")).to_contain_text("70")
    # Readable on a phone: the page itself does not scroll sideways, only the annex table does.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_preschool_framework_page_says_its_annex_is_missing(page, site):
    log_in(page, site)
    page.goto(site + "/bo-chi-so/3276/2024.0-metadata/")
    expect(page.get_by_text("chưa có tiêu chí")).to_be_visible()
