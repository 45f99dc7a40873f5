"""Preschools while the annex of 3276 is missing: the campaign lists them as "chưa áp dụng" with
counts; once a preschool index is imported from Excel, the authority takes them into the open
campaign without re-creating it. The index used is SYNTHETIC (tests/synthetic/preschool.yaml,
code TEST-MN) — not the annex of 3276, which is never invented."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

import edudx.frameworks.tests
from conftest import make_assigned_user
from e2e.helpers import confirm, log_in
from edudx.assessments.models import Participation
from edudx.frameworks import excel, loader
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit

pytestmark = pytest.mark.django_db(transaction=True)
SYNTHETIC = Path(edudx.frameworks.tests.__file__).parent / "synthetic" / "preschool.yaml"


def test_preschools_wait_for_the_index_then_join_the_open_campaign(page, school_year, tmp_path):
    site = school_year.url
    preschool = create_unit(
        code="31X001MN01", name="Trường Mầm non Hoa Sen", kind=UnitKind.INSTITUTION,
        parent=school_year.authority, education_levels=["preschool"],
    )  # fmt: skip
    make_assigned_user("lechan.canbo", "authority_officer", school_year.authority)
    make_assigned_user("quantri", "system_admin", school_year.ministry)
    campaign_url = f"{site}/dot-danh-gia/{school_year.campaign.pk}/"

    log_in(page, site, "lechan.canbo")
    page.goto(campaign_url)
    section = page.locator("#preschools")
    expect(section).to_contain_text("0/1 trường mầm non tham gia")
    expect(section).to_contain_text("chưa áp dụng — bộ chỉ số 3276 chưa được nạp đầy đủ: 1")
    expect(section.get_by_role("button")).to_have_count(0)  # nothing to take them in with yet

    page.context.clear_cookies()
    log_in(page, site, "quantri")
    page.goto(f"{site}/bo-chi-so/")
    page.get_by_role("link", name="Nhập từ Excel").click()
    workbook = tmp_path / "mam-non-thu-nghiem.xlsx"
    workbook.write_bytes(excel.export_xlsx(loader.read_yaml(SYNTHETIC)))
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(workbook))
    page.get_by_role("button", name="Nạp").click()
    expect(page.get_by_role("status")).to_contain_text("TEST-MN")

    page.context.clear_cookies()
    log_in(page, site, "lechan.canbo")
    page.goto(campaign_url)
    section = page.locator("#preschools")
    section.get_by_role("button", name="Đưa các trường mầm non vào đợt").click()
    confirm(page)
    expect(page.get_by_role("status")).to_contain_text("Đã đưa 1 trường mầm non vào đợt đánh giá.")
    expect(page.locator("#preschools")).to_contain_text("1/1 trường mầm non tham gia")
    expect(page.get_by_role("link", name="Trường Mầm non Hoa Sen")).to_be_visible()
    p = Participation.objects.get(institution=preschool)
    assert p.campaign_id == school_year.campaign.pk and p.version.code == "TEST-MN"
