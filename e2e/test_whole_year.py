"""The issue's whole year on a phone, one person after another in the same browser:

the head submits the school's self-assessment; the authority officer returns it with a comment on
criterion 1.3; the head sees the comment under 1.3 on the form, fixes the item and submits again;
the officer sees what changed and accepts; the officer forms a team with a teacher borrowed from
another school (a teacher of the school itself is refused: conflict of interest); the borrowed
teacher lowers the points of one item with a comment, so the external points fall below the
school's own; the team head finalises; the officer recognises the school by a decision and
publishes it; a visitor who never logged in sees the school, its level per group and the decision
number on the public pages.

The facts of the self-assessment are entered through the form's own services (the demo filler);
every step the issue names is taken in the browser."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, autosaved, confirm, log_in
from edudx.assessments.evidence.changes import add_evidence
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import AssessmentState
from edudx.frameworks import loader
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit
from edudx.portal.demo_assessments import fill

pytestmark = pytest.mark.django_db(transaction=True)
SCHOOL = "Trường Tiểu học Lê Lợi"
COMMENT_13 = "Ghi tên phần mềm dạy học trực tuyến trực tiếp và đường link truy cập"
DECISION = "125/QĐ-UBND"
GROUP_TITLES = {
    "1": "Chuyển đổi số trong dạy, học",
    "2": "Chuyển đổi số trong quản trị cơ sở giáo dục",
}


@pytest.fixture
def site(live_server, open_this_years_campaign):
    versions = {o.version.code: o.version for o in loader.load_bundled()}
    bo = create_unit(code="BGD", name="Bộ Giáo dục và Đào tạo", kind=UnitKind.MINISTRY)
    so = create_unit(code="SGD31", name="Sở GDĐT Hải Phòng", kind=UnitKind.DEPARTMENT, parent=bo)
    xa = create_unit(code="31X001", name="UBND phường Lê Chân", kind=UnitKind.COMMUNE, parent=so)
    school = create_unit(
        code="31X001TH01",
        name=SCHOOL,
        kind=UnitKind.INSTITUTION,
        parent=xa,
        education_levels=["primary"],
    )
    other = create_unit(
        code="31X001TH02",
        name="Trường Tiểu học Ngô Quyền",
        kind=UnitKind.INSTITUTION,
        parent=xa,
        education_levels=["primary"],
    )
    make_assigned_user("lechan.canbo", "authority_officer", xa, password=PASSWORD)
    make_assigned_user("lechan.doan", "evaluation_member", xa, password=PASSWORD)
    # the evaluator: a teacher of another school of the same commune, borrowed into the team
    make_assigned_user("ngoquyen.gv", "institution_staff", other, password=PASSWORD)
    make_assigned_user("leloi.gv", "institution_staff", school, password=PASSWORD)
    head = make_assigned_user("leloi.ht", "institution_head", school, password=PASSWORD)

    campaign = open_this_years_campaign(
        authority=xa, versions={"primary": versions["4725"]}
    ).campaign
    year = campaign.school_year
    participation = campaign.participations.get(institution=school)
    assessment = start_assessment(participation)
    # The council's work, through the form's services: every item answered, with details and
    # evidence; 1.3.1 (an online teaching software, named) is left at "no" — what the officer
    # will ask the school to complete.
    fill(assessment, by=head, seed=7, school_code=school.code, year=int(year[:4]))
    entry = assessment.facts.get(code="1.3.1")
    save_fact(assessment, "1.3.1", False, revision=entry.revision, by=head, details={})
    if not any("1.3" in ev.criteria for ev in assessment.evidence.all()):
        add_evidence(
            assessment,
            by=head,
            title="Hệ thống dạy học trực tuyến",
            criteria=["1.3"],
            url="https://lms.leloi.edu.vn",
        )
    assert assessment.state == AssessmentState.DRAFT
    return {"url": live_server.url, "campaign": campaign, "participation": participation}


def log_out(page):
    page.locator("form[action$='/dang-xuat/'] button").click()
    expect(page.locator("form[action$='/dang-xuat/']")).to_have_count(0)


def by_id(page, ident):
    return page.locator(f'[id="{ident}"]')


def number(text: str) -> float:
    """The first Vietnamese-written number of `text` (4,5 → 4.5)."""
    return float(re.search(r"\d+(?:,\d+)?", text).group().replace(",", "."))


def badge_points(badge) -> float:
    """'Tự đánh giá: 12/30 · Mức độ 2' → 12."""
    return number(badge.inner_text().split(":", 1)[1])


def test_the_whole_year_from_self_assessment_to_the_public_page(page, browser, site):
    url, campaign, p = site["url"], site["campaign"], site["participation"]
    form = f"{url}/tu-danh-gia/{p.pk}/"
    review = f"{url}/tham-dinh/ho-so/{p.pk}/"
    today = timezone.localdate().strftime("%d/%m/%Y")

    # 1. The head approves the council's self-assessment and submits it.
    log_in(page, url, "leloi.ht")
    page.goto(form)
    expect(by_id(page, "f-1.3.1")).to_have_value("false")
    page.get_by_role("button", name="Phê duyệt kết quả tự đánh giá").click()
    confirm(page)
    expect(page.locator(".flash-success")).to_contain_text("Đã phê duyệt")
    page.get_by_role("button", name="Nộp cơ quan quản lý").click()
    confirm(page)
    expect(page.locator(".flash-success")).to_contain_text("Đã nộp")
    expect(by_id(page, "f-1.3.1")).to_be_disabled()
    log_out(page)

    # 2. The officer finds it in the queue and returns it with a comment on criterion 1.3.
    log_in(page, url, "lechan.canbo")
    page.goto(f"{url}/tham-dinh/dot/{campaign.pk}/")
    page.get_by_role("link", name=SCHOOL).click()
    expect(page.locator("#state")).to_have_attribute("data-state", "submitted")
    page.locator("#return-form summary").click()
    page.locator("#reason-return").fill("Hồ sơ chưa đủ thông tin tiêu chí 1.3")
    by_id(page, "comment-1.3").fill(COMMENT_13)
    page.locator("#return-form").get_by_role("button", name="Yêu cầu bổ sung").click()
    confirm(page)
    expect(page.locator("#state")).to_have_attribute("data-state", "returned")
    expect(page.locator("li[data-criterion='1.3']")).to_contain_text(COMMENT_13)
    log_out(page)

    # 3. The head sees the comment under 1.3 on the form, fixes 1.3.1 and submits again.
    log_in(page, url, "leloi.ht")
    page.goto(form)
    expect(page.get_by_role("alert").filter(has_text="Trả lại để bổ sung")).to_contain_text(
        "Hồ sơ chưa đủ thông tin tiêu chí 1.3"
    )
    expect(by_id(page, "c-1.3").locator("[data-review-comments]")).to_contain_text(COMMENT_13)
    expect(page.locator("[data-review-comments]")).to_have_count(1)  # on 1.3 only
    before_13 = number(by_id(page, "crit-1.3").locator(".badge").inner_text())

    def saved():
        return autosaved(page, "1.3.1")

    with saved():
        by_id(page, "f-1.3.1").select_option("true")
    for name, value in (("software_name", "VnEdu LMS"), ("link", "https://lms.leloi.edu.vn")):
        with saved():
            by_id(page, f"d-1.3.1-{name}").fill(value)
            by_id(page, f"d-1.3.1-{name}").press("Tab")
    expect(by_id(page, "crit-1.3")).to_contain_text(f"{before_13 + 6:g}/30")
    page.reload()  # what was typed is stored
    expect(by_id(page, "d-1.3.1-software_name")).to_have_value("VnEdu LMS")
    expect(by_id(page, "d-1.3.1-link")).to_have_value("https://lms.leloi.edu.vn")
    page.get_by_role("button", name="Phê duyệt kết quả tự đánh giá").click()
    confirm(page)
    expect(page.locator(".flash-success")).to_contain_text("Đã phê duyệt")
    page.get_by_role("button", name="Nộp cơ quan quản lý").click()
    confirm(page)
    expect(page.locator(".flash-success")).to_contain_text("Đã nộp")
    log_out(page)

    # 4. The officer sees exactly what changed and accepts it for external evaluation.
    log_in(page, url, "lechan.canbo")
    page.goto(review)
    expect(page.locator("#state")).to_have_attribute("data-state", "submitted")
    expect(page.locator("#diff [data-code='1.3.1']")).to_contain_text("VnEdu LMS")
    expect(page.locator("#diff tr[data-code]")).to_have_count(1)
    page.get_by_role("button", name="Tiếp nhận để đánh giá ngoài").click()
    confirm(page)
    expect(page.locator("#state")).to_have_attribute("data-state", "under_review")

    # 5. The officer forms the team: a head of its own staff, a teacher borrowed from another
    #    school; a teacher of the school evaluated is refused (conflict of interest).
    page.goto(f"{url}/tham-dinh/dot/{campaign.pk}/doan/")
    page.locator("#team-name").fill("Đoàn kiểm tra số 1")
    page.get_by_role("button", name="Thành lập đoàn").click()
    team = page.locator("section[id^='team-']")
    expect(team).to_have_count(1)
    team.locator("input[name=user]").fill("lechan.doan")
    team.locator("select[name=role]").select_option("head")
    team.get_by_role("button", name="Thêm vào đoàn").click()
    expect(team).to_contain_text("lechan.doan")
    page.locator("#assign").get_by_label(SCHOOL).check()
    page.locator("#assign").get_by_role("button", name="Lưu phân công").click()
    expect(page.locator("#workload")).to_contain_text("Đoàn kiểm tra số 1")
    expect(team).to_contain_text(SCHOOL)
    team.locator("input[name=user]").fill("leloi.gv")
    team.locator("select[name=role]").select_option("member")
    team.get_by_role("button", name="Thêm vào đoàn").click()
    expect(team.get_by_role("alert")).to_contain_text("xung đột lợi ích")
    team.locator("input[name=user]").fill("ngoquyen.gv")
    team.locator("select[name=role]").select_option("member")
    team.get_by_role("button", name="Thêm vào đoàn").click()
    expect(team).to_contain_text("ngoquyen.gv")
    expect(team).not_to_contain_text("leloi.gv")
    log_out(page)

    # 6. The borrowed teacher lowers the points of 1.3.1 with a comment: external < self.
    log_in(page, url, "ngoquyen.gv")
    page.goto(f"{url}/tham-dinh/danh-gia/")
    page.get_by_role("link", name=SCHOOL).click()
    crit, group = by_id(page, "ecrit-1.3"), by_id(page, "egroup-1")
    self_13 = badge_points(crit.locator(".badge").nth(0))
    self_g1 = badge_points(group.locator(".badge").nth(0))
    assert self_13 == before_13 + 6
    assert badge_points(crit.locator(".badge").nth(1)) == self_13  # nothing changed yet
    by_id(page, "a-1.3.1").fill("2")
    by_id(page, "a-1.3.1").press("Tab")  # the item saves itself when changed
    expect(by_id(page, "eval-1.3.1").locator(".field-error")).to_contain_text("nhận xét")
    expect(by_id(page, "a-1.3.1")).to_have_value("2")  # a change needs a comment; kept
    by_id(page, "c-1.3.1").fill("Phần mềm mới dùng ở một khối lớp; chấm 2/6 điểm")
    by_id(page, "c-1.3.1").press("Tab")
    expect(by_id(page, "eval-1.3.1")).to_have_attribute("data-changed", "1")
    expect(by_id(page, "pts-1.3.1")).to_have_text("2")
    expect(crit.locator(".badge").nth(1)).to_contain_text(f"{self_13 - 4:g}/30")
    expect(group.locator(".badge").nth(1)).to_contain_text(f"{self_g1 - 4:g}/100")
    assert badge_points(crit.locator(".badge").nth(1)) < badge_points(crit.locator(".badge").nth(0))
    assert badge_points(group.locator(".badge").nth(1)) < badge_points(
        group.locator(".badge").nth(0)
    )
    log_out(page)

    # 7. The team head writes the visit record and finalises; the evaluation is locked.
    log_in(page, url, "lechan.doan")
    page.goto(f"{url}/tham-dinh/danh-gia/")
    page.get_by_role("link", name=SCHOOL).click()
    page.locator("#visit_date").fill(today)
    page.locator("#members_present").fill("Trưởng đoàn, thành viên")
    page.locator("#findings").fill("Phần mềm dạy học trực tuyến mới dùng ở một khối lớp")
    page.locator("#conclusions").fill("Điều chỉnh điểm mục 1.3.1")
    page.get_by_role("button", name="Hoàn thành đánh giá ngoài").click()
    confirm(page)
    expect(page.locator("#eval-state")).to_have_attribute("data-state", "final")
    expect(page.locator("textarea[name=comment]")).to_have_count(0)
    expect(by_id(page, "eval-1.3.1")).to_contain_text("Phần mềm mới dùng ở một khối lớp")
    levels, points = {}, {}
    for code in GROUP_TITLES:
        external = by_id(page, f"egroup-{code}").locator("[data-external-level]")
        levels[code] = external.get_attribute("data-external-level")
        points[code] = badge_points(external)
        assert levels[code] in {"1", "2", "3"}
    assert points["1"] == self_g1 - 4
    log_out(page)

    # 8. The officer recognises the school by a decision and publishes it.
    log_in(page, url, "lechan.canbo")
    page.goto(f"{url}/dot-danh-gia/{campaign.pk}/cong-nhan/")
    page.get_by_label(SCHOOL).check()
    page.locator("[name=number]").fill(DECISION)
    page.locator("[name=date]").fill(today)
    page.locator("[name=signer_name]").fill("Nguyễn Văn Bình")
    page.locator("[name=signer_title]").fill("Chủ tịch")
    page.get_by_role("button", name="Ban hành quyết định công nhận").click()
    confirm(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(DECISION)
    annex = page.locator("tr[id^='result-']")
    expect(annex).to_have_count(1)
    expect(annex).to_contain_text(SCHOOL)
    annexed = annex.locator("ul.levels > li")  # the levels of the evaluation, fixed in it
    for i, (code, title) in enumerate(GROUP_TITLES.items()):
        expect(annexed.nth(i)).to_contain_text(title)
        expect(annexed.nth(i)).to_contain_text(f"Mức độ {levels[code]}")
    page.get_by_role("button", name="Công bố kết quả").click()
    confirm(page)
    expect(page.get_by_role("status")).to_be_visible()
    page.goto(review)
    expect(page.locator("#state")).to_have_attribute("data-state", "recognised")

    # 9. A visitor who never logged in, on another phone, sees the result.
    visitor_context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    try:
        visitor = visitor_context.new_page()
        visitor.set_default_timeout(10_000)
        visitor.goto(f"{url}/cong-khai/31X001/")
        expect(visitor.locator("form[action$='/dang-xuat/']")).to_have_count(0)
        expect(visitor.get_by_role("heading", level=1)).to_contain_text("UBND phường Lê Chân")
        expect(visitor.locator("#nam-hoc")).to_have_value(campaign.school_year)
        row = visitor.locator("table tbody tr").filter(has_text=SCHOOL)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(DECISION)
        row.get_by_role("link", name=SCHOOL).click()
        expect(visitor).to_have_url(f"{url}/cong-khai/co-so/31X001TH01/")
        expect(visitor.get_by_role("heading", level=1)).to_have_text(SCHOOL)
        result = visitor.locator("section.card").filter(has_text=f"Năm học {campaign.school_year}")
        expect(result).to_contain_text(f"Quyết định số {DECISION} ngày {today}")
        shown = result.locator("ul.levels > li")
        expect(shown).to_have_count(len(GROUP_TITLES))
        for i, (code, title) in enumerate(GROUP_TITLES.items()):
            expect(shown.nth(i)).to_contain_text(title)
            expect(shown.nth(i)).to_contain_text(f"Mức độ {levels[code]}")
            assert number(shown.nth(i).inner_text().split("·")[-1]) == points[code]
    finally:
        visitor_context.close()
