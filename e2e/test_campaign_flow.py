"""An officer of a commune opens the year's assessment campaign on a phone; a teacher of one of
its schools then sees it, with its timeline."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, confirm, deadlines_from_today, log_in
from edudx.assessments.campaigns import current_school_year, default_deadlines

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(school_tree):
    make_assigned_user(
        "lechan.canbo", "authority_officer", school_tree.authority, password=PASSWORD
    )
    make_assigned_user("leloi.gv", "institution_staff", school_tree.school, password=PASSWORD)
    return school_tree.url


def test_officer_opens_the_campaign_and_a_teacher_sees_its_timeline(page, site):
    today = timezone.localdate()
    year = current_school_year(today)
    second = year.split("-")[1]
    national = default_deadlines(year)
    # ahead of today unless the national calendar of this school year has closed (June, July)
    due = min(deadlines_from_today(today)["self_assessment_due"], national["self_assessment_due"])
    log_in(page, site, "lechan.canbo")
    page.goto(site + "/don-vi/31X001/")
    page.get_by_role("link", name="Mở đợt đánh giá").click()
    expect(page.get_by_label("Hạn tự đánh giá (dd/mm/yyyy)")).to_have_value(f"31/05/{second}")
    page.get_by_label("Hạn tự đánh giá (dd/mm/yyyy)").fill(f"15/06/{second}")  # later than allowed
    page.get_by_role("button", name="Mở đợt đánh giá").click()
    expect(page.get_by_text("muộn hơn hạn chung toàn quốc")).to_be_visible()
    page.get_by_label("Hạn tự đánh giá (dd/mm/yyyy)").fill(f"{due:%d/%m/%Y}")
    page.get_by_role("button", name="Mở đợt đánh giá").click()
    expect(
        page.get_by_role("heading", name=f"Đợt đánh giá năm học {year} — UBND phường Lê Chân")
    ).to_be_visible()
    expect(page.get_by_text("Trường Tiểu học Lê Lợi")).to_be_visible()

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, site, "leloi.gv")
    page.get_by_role("link", name="Đợt đánh giá").first.click()
    page.get_by_role("link", name=year).click()
    expect(page.get_by_text(f"{due:%d/%m/%Y}")).to_be_visible()
    if today <= national["publication_due"]:
        expect(page.get_by_text("bước tiếp theo")).to_be_visible()
    else:  # July: every step of this school year is behind
        expect(page.get_by_text("bước tiếp theo")).to_have_count(0)


def test_teacher_fills_items_on_a_phone_and_sees_the_levels_follow(
    page, site, open_this_years_campaign
):
    from edudx.frameworks.models import FrameworkVersion
    from edudx.organizations.models import Unit

    v4725 = FrameworkVersion.objects.get(code="4725")
    opened = open_this_years_campaign(
        authority=Unit.objects.get(code="31X001"), versions={"primary": v4725}
    )
    participation = opened.campaign.participations.get()
    log_in(page, site, "leloi.gv")
    page.goto(f"{site}/tu-danh-gia/{participation.pk}/")
    criterion = page.locator("#crit-1\\.4")
    expect(criterion).to_contain_text("0/10")
    page.locator("#f-1\\.4\\.1").fill("45")
    page.locator("#f-1\\.4\\.1").press("Tab")  # change → saved by htmx
    expect(criterion).to_contain_text("10/10")
    expect(page.locator("#item-1\\.4\\.1")).to_contain_text("tối đa 10 điểm")
    page.locator("#p-1\\.6\\.1").fill("50")
    page.locator("#w-1\\.6\\.1").fill("40")  # the part alone is not sent
    page.locator("#w-1\\.6\\.1").press("Tab")
    expect(page.locator("#item-1\\.6\\.1").get_by_role("alert")).to_contain_text(
        "không được lớn hơn tổng số (40)"
    )
    page.locator("#p-1\\.6\\.1").fill("30")
    page.locator("#p-1\\.6\\.1").press("Tab")
    expect(page.locator("#f-1\\.6\\.1")).to_have_text("= 75 %")
    page.locator("#f-1\\.1").select_option("true")
    expect(page.locator("#crit-1\\.1")).to_contain_text("Điều kiện bắt buộc: đạt")
    page.locator("#f-1\\.2").select_option("true")
    expect(page.locator("#crit-1\\.2")).to_contain_text("Điều kiện bắt buộc: đạt")
    page.reload()  # saved as it went: nothing lost
    expect(page.locator("#f-1\\.4\\.1")).to_have_value("45")


def test_head_approves_and_submits_then_staff_can_no_longer_edit(
    page, site, open_this_years_campaign
):
    from edudx.frameworks.models import FrameworkVersion
    from edudx.organizations.models import Unit

    opened = open_this_years_campaign(
        authority=Unit.objects.get(code="31X001"),
        versions={"primary": FrameworkVersion.objects.get(code="4725")},
    )
    form = f"{site}/tu-danh-gia/{opened.campaign.participations.get().pk}/"
    make_assigned_user(
        "leloi.ht", "institution_head", Unit.objects.get(code="31X001TH01"), password=PASSWORD
    )
    log_in(page, site, "leloi.ht")
    page.goto(form)
    page.get_by_role("button", name="Phê duyệt kết quả tự đánh giá").click()
    confirm(page)
    expect(page.locator(".flash")).to_contain_text("Đã phê duyệt")
    page.get_by_role("button", name="Nộp cơ quan quản lý").click()
    confirm(page)
    expect(page.locator(".flash")).to_contain_text("Đã nộp")
    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, site, "leloi.gv")
    page.goto(form)
    expect(page.locator("#f-1\\.4\\.1")).to_be_disabled()
    expect(page.get_by_text("Đã nộp cơ quan quản lý")).to_be_visible()
