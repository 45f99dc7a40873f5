"""A department administrator imports a small registry, browses the tree, creates an account for a
school; the school's user logs in, must choose a password, and cannot open another school."""

import pytest
from playwright.sync_api import expect

from conftest import make_assigned_user
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit

pytestmark = pytest.mark.django_db(transaction=True)

REGISTRY_CSV = """Mã đơn vị;Tên đơn vị;Loại đơn vị;Cấp học;Mã đơn vị quản lý;Loại hình
31X005MN01;Trường Mầm non Hoa Sen;Cơ sở giáo dục;Mầm non;31X005;Công lập
31X005;UBND xã Tiên Lãng;UBND cấp xã;;SGD31;
31X005TH01;Trường Tiểu học Tiên Lãng;Cơ sở giáo dục;Tiểu học;31X005;Công lập
"""


@pytest.fixture
def site(live_server):
    ministry = create_unit(code="BGD", name="Bộ Giáo dục và Đào tạo", kind=UnitKind.MINISTRY)
    department = create_unit(
        code="SGD31", name="Sở GDĐT Hải Phòng", kind=UnitKind.DEPARTMENT, parent=ministry
    )
    make_assigned_user("so.quantri", "department_admin", department, password="mat-khau-thu-123")
    return live_server.url


def log_in(page, site, username, password):
    page.goto(site + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_admin_imports_registry_creates_a_school_account_which_stays_in_its_school(
    page, site, tmp_path
):
    log_in(page, site, "so.quantri", "mat-khau-thu-123")
    page.get_by_role("link", name="Đơn vị").first.click()
    page.get_by_role("link", name="Sở GDĐT Hải Phòng").click()
    page.get_by_role("link", name="Nhập danh mục đơn vị").click()

    registry = tmp_path / "danh-muc.csv"
    registry.write_text(REGISTRY_CSV, encoding="utf-8-sig")
    page.get_by_label("Tệp danh mục đơn vị (.xlsx hoặc .csv)").set_input_files(str(registry))
    page.get_by_role("button", name="Nhập").click()
    expect(page.get_by_role("status")).to_contain_text("3 tạo mới")

    # The tree: the department → the commune → its two schools.
    page.get_by_role("link", name="Sở GDĐT Hải Phòng").click()
    page.get_by_role("link", name="UBND xã Tiên Lãng").click()
    expect(page.get_by_role("link", name="Trường Tiểu học Tiên Lãng")).to_be_visible()
    page.get_by_role("link", name="Trường Tiểu học Tiên Lãng").click()
    expect(page.get_by_role("heading", name="Trường Tiểu học Tiên Lãng")).to_be_visible()

    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Tên đăng nhập", exact=True).fill("tienlang.gv")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    page.get_by_label("Email").fill("hoa.tienlang@example.edu.vn")
    page.get_by_label("Vai trò").select_option(label="Cán bộ, giáo viên / thành viên hội đồng")
    page.get_by_role("button", name="Tạo tài khoản").click()
    password = page.locator("#initial-password").inner_text()
    assert len(password) >= 8

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, site, "hoa.tienlang@example.edu.vn", password)  # by e-mail
    expect(page.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
    page.get_by_label("Mật khẩu cũ").fill(password)
    page.get_by_label("Mật khẩu mới", exact=True).fill("Hoa-Tien-Lang-2026")
    page.get_by_label("Xác nhận mật khẩu mới").fill("Hoa-Tien-Lang-2026")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.get_by_text("Mật khẩu của bạn đã được thay đổi.")).to_be_visible()

    page.goto(site + "/don-vi/31X005TH01/")
    expect(page.get_by_role("heading", name="Trường Tiểu học Tiên Lãng")).to_be_visible()
    response = page.goto(site + "/don-vi/31X005MN01/")  # the other school of the commune
    assert response.status == 404
