"""A department's leader (viewer) reads on a phone which files the dashboard's self-assessed
figures count, and downloads the institutions' improvement plans (.xlsx) from the plans page."""

import datetime as dt
import io
import os

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)
RULE = "Tính 1/1 hồ sơ đã được thủ trưởng phê duyệt; 0 hồ sơ nháp"
SAME = "cùng 1 hồ sơ đã phê duyệt như phần Mức độ"


@pytest.fixture
def approved_with_a_plan(school_year):
    """Lê Lợi wrote a plan for criterion 1.3, then its head approved the self-assessment."""
    from edudx.assessments import facts as services
    from edudx.assessments import plans
    from edudx.assessments.transitions import transition

    head = make_assigned_user("leloi.ht", "institution_head", school_year.school, password=PASSWORD)
    assessment = services.start_assessment(school_year.participation)
    for code, value in {"1.1": True, "1.2": True, "1.4.1": 45, "2.1": True, "2.2": True}.items():
        services.save_fact(assessment, code, value, revision=0, by=head)
    plans.save_target(
        assessment,
        "1.3",
        target_level=2,
        actions="Tập huấn giáo viên dạy học trực tuyến",
        owner="Tổ chuyên môn",
        due=timezone.localdate() + dt.timedelta(days=90),
        revision=0,
        by=head,
    )
    transition(assessment, "approve", by=head, check=lambda _a: None)
    make_assigned_user("sohp.lanhdao", "viewer", school_year.department, password=PASSWORD)
    return school_year


def test_viewer_reads_the_counting_rule_and_downloads_the_plans(page, approved_with_a_plan):
    tree = approved_with_a_plan
    log_in(page, tree.url, "sohp.lanhdao")
    page.goto(f"{tree.url}/bang-dieu-hanh/{tree.department.code}/")
    levels = page.locator("section#muc-do")
    expect(levels.locator("[data-rule=claimed]")).to_contain_text(RULE)
    expect(page.locator("#tieu-chi [data-rule=claimed]")).to_contain_text(SAME)
    expect(page.locator("#tieu-chi [data-empty=external]")).to_contain_text(
        "Chưa có hồ sơ nào được đánh giá ngoài."
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    if shots := os.environ.get("E2E_SCREENSHOTS"):
        levels.scroll_into_view_if_needed()
        page.screenshot(path=f"{shots}/dashboard-390.png", full_page=True)

    page.goto(f"{tree.url}/don-vi/{tree.department.code}/ke-hoach-cai-thien/")
    expect(page.locator("#criteria-targeted")).to_contain_text("1.3")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải các kế hoạch (.xlsx)").click()
    name = download.value.suggested_filename
    assert name.startswith(f"ke-hoach-cai-thien-{tree.department.code}-")
    with open(download.value.path(), "rb") as xlsx:
        wb = load_workbook(io.BytesIO(xlsx.read()))
    rows = list(wb["Kế hoạch"].iter_rows(min_row=4, values_only=True))
    assert [(r[1], r[3], r[5]) for r in rows] == [("Trường Tiểu học Lê Lợi", "1.3", 2)]
