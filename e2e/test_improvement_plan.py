"""On a phone, the head builds the improvement plan for two criteria and an unmet mandatory
condition (a date in the past is refused), finds it in section IV of the report, and next year's
form shows each target beside its criterion with whether it was reached."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _add_target(page, code, level, actions, owner, due):
    form = page.locator("#plan-add form")
    form.locator("#id_criterion").select_option(code)
    form.locator("#id_target_level").select_option(str(level))
    form.locator("#id_actions").fill(actions)
    form.locator("#id_owner").fill(owner)
    form.locator("#id_due").fill(due)
    form.locator("button[type=submit]").click()


def test_head_builds_a_plan_sees_it_in_the_report_and_next_year(page, school_year):
    from edudx.assessments.campaigns import default_deadlines, open_campaign
    from edudx.assessments.facts import save_fact, start_assessment
    from edudx.documents.tests.textual import docx_text

    s = school_year
    head = make_assigned_user("leloi.ht", "institution_head", s.school, password=PASSWORD)
    assessment = start_assessment(s.participation)
    save_fact(assessment, "1.3.1", True, revision=0, by=head)  # 1.3 at level 1
    due = (timezone.localdate() + dt.timedelta(days=120)).strftime("%d/%m/%Y")

    log_in(page, s.url, "leloi.ht")
    page.goto(f"{s.url}/tu-danh-gia/{s.participation.pk}/")
    page.locator(f"a[href$='/tu-danh-gia/{s.participation.pk}/ke-hoach/']").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kế hoạch cải thiện")

    # a date in the past is refused with its reason, and what was typed stays on screen
    _add_target(page, "1.3", 2, "Triển khai LMS cho khối 5", "Cô Lan", "01/01/2020")
    expect(page.locator("#plan-add .field-error")).to_contain_text("đã qua")
    expect(page.locator("#id_actions")).to_have_value("Triển khai LMS cho khối 5")

    _add_target(page, "1.3", 2, "Triển khai LMS cho khối 5\nTập huấn giáo viên", "Cô Lan", due)
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("#plan-1\\.3")).to_contain_text("Tập huấn giáo viên")
    _add_target(page, "2.3", 2, "Số hóa hồ sơ học sinh", "Thầy Minh", due)
    expect(page.locator("#plan-2\\.3")).to_contain_text("Thầy Minh")

    # an unmet mandatory condition is offered first, with the engine's reason and no level
    conditions = page.locator("#plan-add-condition")
    expect(conditions).to_contain_text("nhóm được xếp mức độ 1")
    expect(conditions.locator("select[name$=target_level]")).to_have_count(0)
    conditions.locator("#id_dk-criterion").select_option("1.1")
    conditions.locator("#id_dk-actions").fill("Ban hành kế hoạch dạy học trực tuyến")
    conditions.locator("#id_dk-owner").fill("Hiệu trưởng")
    conditions.locator("#id_dk-due").fill(due)
    conditions.locator("button[type=submit]").click()
    expect(page.locator("#plan-1\\.1")).to_contain_text("Mục tiêu: Đáp ứng")
    page.screenshot(path="/tmp/edudx-plan-phone.png", full_page=True)

    # section IV of the report to the authority
    page.goto(f"{s.url}/van-ban/tu-danh-gia/{s.participation.pk}/")
    with page.expect_download() as info:
        page.locator("a[href$='/bao-cao-ket-qua.docx']").first.click()
    with open(info.value.path(), "rb") as fh:
        text = docx_text(fh.read())
    assert "Tiêu chí 1.3" in text and "Tiêu chí 2.3" in text and "Tập huấn giáo viên" in text
    assert "Điều kiện bắt buộc 1.1" in text and "phấn đấu đáp ứng" in text

    # next school year: the form shows last year's targets, reached or not
    first = int(s.year[:4]) + 1
    nxt = open_campaign(
        authority=s.authority,
        school_year=f"{first}-{first + 1}",
        versions={"primary": s.version},
        deadlines=default_deadlines(f"{first}-{first + 1}"),  # all ahead: a year later
    ).campaign.participations.get()
    this_year = start_assessment(nxt)
    save_fact(this_year, "1.3.1", True, revision=0, by=head)
    save_fact(this_year, "1.3.2", True, revision=0, by=head)  # 12 points: level 2
    save_fact(this_year, "1.1", True, revision=0, by=head)  # the condition is met this year
    page.goto(f"{s.url}/tu-danh-gia/{nxt.pk}/")
    expect(page.locator("#last-target-1\\.3")).to_contain_text("đã đạt")
    expect(page.locator("#last-target-2\\.3")).to_contain_text("chưa đạt")
    expect(page.locator("#last-target-1\\.1")).to_contain_text("đáp ứng điều kiện bắt buộc")
    expect(page.locator("#last-target-1\\.1")).to_contain_text("đã đạt")
    page.locator("#last-target-1\\.3").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/edudx-plan-next-year-phone.png")
