"""On a phone, each person's home page (Việc cần làm) takes them to their next piece of work in at
most two clicks after logging in: the teacher to the form, the officer to the queue filtered to
the files waiting to be accepted, the team member to an evaluation form."""

import re

import pytest
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, confirm, log_in
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def submitted_year(school_year):
    """Lê Lợi has submitted this year's file; Ngô Quyền has not started."""
    from edudx.assessments import facts as services  # start_assessment, save_fact
    from edudx.assessments.transitions import transition

    school_year.head = make_assigned_user(
        "leloi.ht", "institution_head", school_year.school, password=PASSWORD
    )
    school_year.officer = make_assigned_user(
        "lechan.canbo", "authority_officer", school_year.authority, password=PASSWORD
    )
    other = create_unit(
        code="31X001TH02",
        name="Trường Tiểu học Ngô Quyền",
        kind=UnitKind.INSTITUTION,
        parent=school_year.authority,
        education_levels=["primary"],
    )
    school_year.campaign.participations.create(institution=other, version=school_year.version)
    assessment = services.start_assessment(school_year.participation)
    services.save_fact(assessment, "1.4.1", 12, revision=0, by=school_year.head)
    for action in ("approve", "submit"):
        transition(assessment, action, by=school_year.head, check=lambda _a: None)
    school_year.assessment = assessment
    return school_year


def test_teacher_reaches_the_form_in_one_click(page, school_year):
    make_assigned_user("leloi.gv", "institution_staff", school_year.school, password=PASSWORD)
    log_in(page, school_year.url, "leloi.gv")
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()
    expect(page.get_by_text("Chưa bắt đầu")).to_be_visible()
    expect(page.get_by_text("0 / 29")).to_be_visible()
    page.get_by_role("link", name="Bắt đầu tự đánh giá").click()
    expect(page.get_by_role("heading", name="Tự đánh giá: Trường Tiểu học Lê Lợi")).to_be_visible()


def test_officer_reaches_the_files_waiting_to_be_accepted_in_one_click(page, submitted_year):
    log_in(page, submitted_year.url, "lechan.canbo")
    expect(page.get_by_text("1 cơ sở giáo dục chưa bắt đầu")).to_be_visible()
    page.get_by_role("link", name="1 Chờ tiếp nhận").click()
    expect(page).to_have_url(
        f"{submitted_year.url}/tham-dinh/dot/{submitted_year.campaign.pk}/?state=submitted"
    )
    expect(page.get_by_role("link", name="Trường Tiểu học Lê Lợi")).to_be_visible()
    expect(page.get_by_role("link", name="Trường Tiểu học Ngô Quyền")).to_have_count(0)


def test_team_member_reaches_an_evaluation_form_in_one_click(page, submitted_year):
    from edudx.reviews import services as review_services
    from edudx.reviews import teams

    member = make_assigned_user(
        "lechan.doan", "evaluation_member", submitted_year.authority, password=PASSWORD
    )
    review_services.accept(submitted_year.assessment, by=submitted_year.officer)
    team = teams.create_team(submitted_year.campaign, "Đoàn số 1", by=submitted_year.officer)
    teams.add_member(team, member, "head", by=submitted_year.officer, revision=0)
    teams.assign(
        team, [submitted_year.participation], by=submitted_year.officer, revisions={team.pk: 1}
    )

    log_in(page, submitted_year.url, "lechan.doan")
    expect(page.get_by_text("Còn 1/1 cơ sở giáo dục")).to_be_visible()
    page.get_by_role("link", name="Trường Tiểu học Lê Lợi").click()
    expect(
        page.get_by_role("heading", name="Đánh giá ngoài: Trường Tiểu học Lê Lợi")
    ).to_be_visible()


def test_head_approves_in_two_clicks_after_a_confirmation(page, school_year):
    """The head's home names the next step; its link lands on the head's actions and approving
    asks first, naming what it locks."""
    from edudx.assessments import facts as services

    head = make_assigned_user("leloi.ht", "institution_head", school_year.school, password=PASSWORD)
    assessment = services.start_assessment(school_year.participation)
    services.save_fact(assessment, "2.2", False, revision=0, by=head)  # nothing claimed to prove

    log_in(page, school_year.url, "leloi.ht")
    expect(page.get_by_text("Bước tiếp theo: phê duyệt")).to_be_visible()
    page.get_by_role("link", name="Xem bản tự đánh giá").click()
    expect(page).to_have_url(re.compile(r"/#head-actions$"))
    approve = page.get_by_role("button", name="Phê duyệt kết quả tự đánh giá")
    expect(approve).to_be_in_viewport()
    approve.click()
    dialog = page.locator("dialog.confirm-dialog")
    expect(dialog).to_contain_text("khóa")
    confirm(page)
    expect(page.get_by_text("Thủ trưởng đã phê duyệt").first).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.state == "approved"


@pytest.mark.parametrize("level", ["department", "ministry"])
def test_viewer_reaches_the_dashboard_of_their_area_in_one_click(page, school_year, level):
    unit = getattr(school_year, level)
    make_assigned_user("lanhdao", "viewer", unit, password=PASSWORD)
    log_in(page, school_year.url, "lanhdao")
    area = page.get_by_role("region", name=f"{unit.name} — năm học {school_year.year}")
    expect(area).to_contain_text("1 cơ sở giáo dục tham gia")
    expect(area).to_contain_text("Chưa bắt đầu")
    area.get_by_role("link", name=f"Bảng điều hành: {unit.name}").click()
    expect(page).to_have_url(re.compile(rf"/bang-dieu-hanh/{unit.code}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(unit.name)


def test_admin_sees_what_is_not_set_up_and_reaches_it_in_one_click(page, school_year):
    """An authority of the department with institutions and no campaign this year, and no
    account: the department's administrator sees both and opens the unit to set it up."""
    hong_bang = create_unit(
        code="31X002",
        name="UBND phường Hồng Bàng",
        kind=UnitKind.COMMUNE,
        parent=school_year.department,
    )
    create_unit(
        code="31X002TH01",
        name="Trường Tiểu học Hồng Bàng",
        kind=UnitKind.INSTITUTION,
        parent=hong_bang,
        education_levels=["primary"],
    )
    make_assigned_user("so.quantri", "department_admin", school_year.department, password=PASSWORD)
    log_in(page, school_year.url, "so.quantri")
    setup = page.get_by_role("region", name="Việc chưa thiết lập")
    expect(setup).to_contain_text(
        f"1 cơ quan quản lý chưa mở đợt đánh giá năm học {school_year.year}"
    )
    expect(setup).to_contain_text("đơn vị chưa có tài khoản")
    setup.get_by_role("link", name="UBND phường Hồng Bàng").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("UBND phường Hồng Bàng")
    expect(page.get_by_role("link", name="Mở đợt đánh giá")).to_be_visible()


def test_system_admin_is_told_which_index_is_not_complete(page, school_year):
    make_assigned_user("quantri", "system_admin", school_year.ministry, password=PASSWORD)
    log_in(page, school_year.url, "quantri")
    setup = page.get_by_role("region", name="Việc chưa thiết lập")
    expect(setup).to_contain_text("Bộ chỉ số chưa đầy đủ")
    expect(setup.get_by_role("link", name="3276/QĐ-BGDĐT")).to_be_visible()
