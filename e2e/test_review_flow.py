"""A school's submission goes round the authority on a phone: the officer returns it with a
comment on criterion 1.3, the school fixes and resubmits, the officer sees what changed and
accepts, forms the team, a team member lowers one item with a comment, the team head finalises.

Selectors use element ids and names, not words, so the test holds before and after the
Vietnamese catalogue gains this slice's strings."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, confirm, log_in
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import Evidence
from edudx.assessments.transitions import transition
from edudx.reviews.rounds import open_comments
from edudx.reviews.tests.conftest import no_guard

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(school_tree, open_this_years_campaign):
    xa, school, version = school_tree.authority, school_tree.school, school_tree.version
    make_assigned_user("lechan.canbo", "authority_officer", xa, password=PASSWORD)
    make_assigned_user("lechan.doan", "evaluation_member", xa, password=PASSWORD)
    make_assigned_user("lechan.tv", "evaluation_member", xa, password=PASSWORD)
    head = make_assigned_user("leloi.ht", "institution_head", school, password=PASSWORD)
    campaign = open_this_years_campaign(authority=xa, versions={"primary": version}).campaign
    participation = campaign.participations.get()
    assessment = start_assessment(participation)
    for code, value in {"1.1": True, "1.2": True, "1.3.1": False, "1.4.1": 12}.items():
        save_fact(assessment, code, value, revision=0, by=head)
    for action in ("approve", "submit"):
        transition(assessment, action, by=head, check=no_guard)
    return {
        "url": school_tree.url,
        "campaign": campaign,
        "participation": participation,
        "assessment": assessment,
        "head": head,
    }


def log_out(page):
    page.locator("form[action$='/dang-xuat/'] button").click()


def test_return_resubmit_accept_evaluate_finalise(page, site):
    url, p = site["url"], site["participation"]
    # 1. The officer finds the submission in the queue and returns it with a comment on 1.3.
    log_in(page, site["url"], "lechan.canbo")
    page.goto(f"{url}/tham-dinh/dot/{site['campaign'].pk}/")
    expect(page.locator("[data-state=submitted]").first).to_be_visible()
    page.get_by_role("link", name="Trường Tiểu học Lê Lợi").click()
    page.locator("#return-form summary").click()
    # the deadline offered: a week from today (the campaign's evaluation date is further away)
    today, campaign = timezone.localdate(), site["campaign"]
    week = f"{today + dt.timedelta(days=7):%d/%m/%Y}"
    expect(page.locator("#due-return")).to_have_value(week)
    page.locator("#reason-return").fill("Hồ sơ chưa đủ thông tin phần mềm")
    page.locator("#comment-1\\.3").fill("Ghi tên phần mềm dạy học trực tuyến và đường link")
    # a deadline after the evaluation date is refused beside the field; nothing typed is lost
    too_late = f"{campaign.evaluation_due + dt.timedelta(days=1):%d/%m/%Y}"
    page.locator("#due-return").fill(too_late)
    page.locator("button[value=return]").click()
    confirm(page)
    expect(page.locator("#due-return-error")).to_contain_text(
        f"không được sau hạn đánh giá ngoài của đợt ({campaign.evaluation_due:%d/%m/%Y})"
    )
    expect(page.locator("#due-return")).to_have_value(too_late)
    expect(page.locator("#reason-return")).to_have_value("Hồ sơ chưa đủ thông tin phần mềm")
    expect(page.locator("#comment-1\\.3")).to_have_value(
        "Ghi tên phần mềm dạy học trực tuyến và đường link"
    )
    page.locator("#due-return").fill(week)
    page.locator("button[value=return]").click()
    confirm(page)
    expect(page.locator("#state")).to_have_attribute("data-state", "returned")
    assert site["assessment"].return_rounds.get().due == today + dt.timedelta(days=7)
    expect(page.get_by_text("Ghi tên phần mềm dạy học trực tuyến và đường link")).to_be_visible()
    log_out(page)

    # 2. The school fixes 1.3 (the form's own flow, through its services) and resubmits.
    assessment = site["assessment"]
    comments = open_comments(assessment)["1.3"]
    assert [c.text for c in comments] == ["Ghi tên phần mềm dạy học trực tuyến và đường link"]
    entry = assessment.facts.get(code="1.3.1")
    save_fact(assessment, "1.3.1", True, revision=entry.revision, by=site["head"])
    Evidence.objects.create(
        assessment=assessment,
        institution=p.institution,
        code="[1.3-01]",
        criteria=["1.3"],
        title="Quyết định triển khai LMS",
    )
    for action in ("approve", "submit"):
        transition(assessment, action, by=site["head"], check=no_guard)

    # 3. The officer sees exactly what changed, accepts, forms the team and assigns the school.
    log_in(page, site["url"], "lechan.canbo")
    page.goto(f"{url}/tham-dinh/ho-so/{p.pk}/")
    expect(page.locator("#diff [data-code='1.3.1']")).to_be_visible()
    expect(page.locator("#diff [data-code='1.4.1']")).to_have_count(0)
    expect(page.locator("#diff").get_by_text("[1.3-01]")).to_be_visible()
    page.locator("button[value=accept]").click()
    confirm(page)
    expect(page.locator("#state")).to_have_attribute("data-state", "under_review")
    page.goto(f"{url}/tham-dinh/dot/{site['campaign'].pk}/doan/")
    page.locator("#team-name").fill("Đoàn kiểm tra số 1")
    page.locator("#team-name").press("Enter")
    page.locator("input[name=user]").fill("lechan.doan")
    page.locator("select[name=role]").select_option("head")
    page.locator("form[action$='/thanh-vien/'] button[type=submit]").click()
    page.locator("input[name=user]").fill("lechan.tv")
    page.locator("select[name=role]").select_option("member")
    page.locator("form[action$='/thanh-vien/'] button[type=submit]").click()
    page.locator("input[name=participation]").check()
    page.locator("#assign button[type=submit]").click()
    expect(page.locator("#workload")).to_contain_text("Đoàn kiểm tra số 1")
    log_out(page)

    # 4. A team member lowers 1.4.1 with a comment; the screen shows self vs external.
    log_in(page, site["url"], "lechan.tv")
    page.goto(f"{url}/tham-dinh/danh-gia/")
    page.get_by_role("link", name="Trường Tiểu học Lê Lợi").click()
    item = page.locator("#eval-1\\.4\\.1")
    item.locator("input[name=value]").fill("5")
    item.locator("input[name=value]").press("Tab")  # saved when changed, no button
    expect(page.locator("#eval-1\\.4\\.1 .field-error")).to_be_visible()  # a comment is needed
    expect(page.locator("#eval-1\\.4\\.1 input[name=value]")).to_have_value("5")
    page.locator("#eval-1\\.4\\.1 textarea[name=comment]").fill("Chỉ 5 học liệu được tổ duyệt")
    page.locator("#eval-1\\.4\\.1 textarea[name=comment]").press("Tab")
    expect(page.locator("#eval-1\\.4\\.1")).to_have_attribute("data-changed", "1")
    log_out(page)

    # 5. The team head writes the visit record and finalises; the evaluation is locked.
    log_in(page, site["url"], "lechan.doan")
    page.goto(f"{url}/tham-dinh/danh-gia/{p.pk}/")
    page.locator("#visit_date").fill(f"{timezone.localdate():%d/%m/%Y}")  # not before acceptance
    page.locator("#members_present").fill("Trưởng đoàn, thành viên")
    page.locator("#findings").fill("Học liệu số ít hơn khai báo")
    page.locator("#conclusions").fill("Điều chỉnh điểm tiêu chí 1.4")
    page.locator("button[name=finalise]").click()
    page.locator("dialog.confirm-dialog button.primary").click()  # the record goes with it
    expect(page.locator("#eval-state")).to_have_attribute("data-state", "final")
    expect(page.locator("textarea[name=comment]")).to_have_count(0)
    assessment.refresh_from_db()
    assert assessment.state == "evaluated"
