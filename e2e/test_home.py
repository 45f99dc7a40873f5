"""On a phone, each person's home page (Việc cần làm) takes them to their next piece of work in at
most two clicks after logging in: the teacher to the form, the officer to the queue filtered to
the files waiting to be accepted, the team member to an evaluation form."""

import pytest
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, log_in
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
