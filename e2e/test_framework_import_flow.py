"""An administrator loads a revised index from an Excel workbook in the browser."""

import dataclasses

import pytest
from playwright.sync_api import expect

from conftest import make_assigned_user
from edudx.frameworks import excel, loader
from edudx.frameworks.models import FrameworkVersion
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    loader.load_bundled()
    ministry = create_unit(code="BGD", name="Bộ Giáo dục và Đào tạo", kind=UnitKind.MINISTRY)
    make_assigned_user("quantri", "system_admin", ministry, password="mat-khau-thu-123")
    return live_server.url


def test_admin_imports_a_revision_after_fixing_a_wrong_file(page, site, tmp_path):
    page.goto(site + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc email").fill("quantri")
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-123")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Bộ chỉ số").first.click()
    page.get_by_role("link", name="Nhập từ Excel").click()

    wrong = tmp_path / "danh-sach.xlsx"
    wrong.write_text("STT;Tiêu chí\n1;abc\n", encoding="utf-8")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(wrong))
    page.get_by_role("button", name="Nạp").click()
    expect(page.get_by_text("Tệp này không phải tệp Excel .xlsx.")).to_be_visible()

    fw = loader.read_yaml(loader.DATA_DIR / "4725.yaml")
    revision = tmp_path / "4725-2027.xlsx"
    revision.write_bytes(excel.export_xlsx(dataclasses.replace(fw, version="2027.1", cache={})))
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(revision))
    page.get_by_role("button", name="Nạp").click()
    expect(page.get_by_role("status")).to_contain_text("Đã nạp bộ chỉ số 4725 phiên bản 2027.1")
    expect(page.locator("#row-2\\.3\\.3")).to_contain_text("File PDF")
    assert FrameworkVersion.objects.filter(code="4725").count() == 2
