"""The evaluator's form on a phone saves each item as it is changed, like the school's: no button,
the score follows, a reload shows what was saved; a percentage is counted as the school counts it;
leaving with a change not yet saved asks first.

Selectors use element ids and names, not words."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, confirm, log_in
from edudx.assessments.campaigns import current_school_year, default_deadlines, open_campaign
from edudx.assessments.facts import assessment_for, save_fact
from edudx.assessments.transitions import transition
from edudx.reviews import services
from edudx.reviews.models import EvaluationEntry, Team, TeamAssignment, TeamMember, TeamRole
from edudx.reviews.tests.conftest import no_guard

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def evaluation_url(school_tree):
    """A submitted file of Trường Tiểu học Lê Lợi, accepted, with lechan.tv in its team."""
    xa, school = school_tree.authority, school_tree.school
    officer = make_assigned_user("lechan.canbo", "authority_officer", xa, password=PASSWORD)
    member = make_assigned_user("lechan.tv", "evaluation_member", xa, password=PASSWORD)
    head = make_assigned_user("leloi.ht", "institution_head", school, password=PASSWORD)
    year = current_school_year(timezone.localdate())
    campaign = open_campaign(
        authority=xa,
        school_year=year,
        versions={"primary": school_tree.version},
        deadlines=default_deadlines(year),
    ).campaign
    participation = campaign.participations.get()
    assessment = assessment_for(participation)
    for code, value in {"1.1": True, "1.2": True, "1.4.1": 12}.items():
        save_fact(assessment, code, value, revision=0, by=head)
    save_fact(assessment, "1.6.1", None, revision=0, by=head, details={"part": 30, "whole": 40})
    for action in ("approve", "submit"):
        transition(assessment, action, by=head, check=no_guard)
    team = Team.objects.create(campaign=campaign, name="Đoàn 1")
    TeamMember.objects.create(team=team, user=member, role=TeamRole.MEMBER)
    TeamAssignment.objects.create(team=team, participation=participation)
    services.accept(assessment, by=officer)
    return f"{school_tree.url}/tham-dinh/danh-gia/{participation.pk}/"


def test_an_item_saves_itself_when_changed_and_stays_after_a_reload(
    page, school_tree, evaluation_url
):
    log_in(page, school_tree.url, "lechan.tv")
    page.goto(evaluation_url)
    item = page.locator("#eval-1\\.4\\.1")
    criterion = page.locator("#ecrit-1\\.6")
    before = criterion.inner_text()
    expect(item.locator("button")).to_have_count(0)  # nothing to press: a change is the save
    expect(item.locator(".save-status")).to_have_count(1)
    page.locator("#c-1\\.4\\.1").fill("Chỉ 5 học liệu được tổ duyệt")
    with page.expect_response(lambda r: "/muc/1.4.1/" in r.url):  # the comment alone: kept
        page.locator("#c-1\\.4\\.1").press("Tab")
    expect(page.locator("#eval-1\\.4\\.1.htmx-request")).to_have_count(0)
    expect(page.locator("#c-1\\.4\\.1")).to_have_value("Chỉ 5 học liệu được tổ duyệt")
    page.locator("#v-1\\.4\\.1").fill("5")
    page.locator("#v-1\\.4\\.1").press("Tab")
    expect(item).to_have_attribute("data-changed", "1")
    # A percentage is counted as the school counts it; the percentage is derived.
    page.locator("#c-1\\.6\\.1").fill("Theo danh sách tài khoản")
    with page.expect_response(lambda r: "/muc/1.6.1/" in r.url):
        page.locator("#c-1\\.6\\.1").press("Tab")
    expect(page.locator("#eval-1\\.6\\.1.htmx-request")).to_have_count(0)
    page.locator("#p-1\\.6\\.1").fill("12")
    page.locator("#w-1\\.6\\.1").fill("40")
    page.locator("#w-1\\.6\\.1").press("Tab")
    expect(page.locator("#eval-1\\.6\\.1")).to_have_attribute("data-changed", "1")
    expect(page.locator("#v-1\\.6\\.1")).to_have_text("= 30 %")
    expect(criterion).not_to_have_text(before)  # the criterion's external points followed

    page.reload()
    expect(page.locator("#v-1\\.4\\.1")).to_have_value("5")
    expect(page.locator("#c-1\\.4\\.1")).to_have_value("Chỉ 5 học liệu được tổ duyệt")
    expect(page.locator("#p-1\\.6\\.1")).to_have_value("12")
    entry = EvaluationEntry.objects.get(code="1.6.1")
    assert entry.value == 30 and entry.details == {"part": 12, "whole": 40}


def test_leaving_with_an_unsaved_change_asks_first(page, school_tree, evaluation_url):
    log_in(page, school_tree.url, "lechan.tv")
    page.goto(evaluation_url)
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.locator("#c-1\\.4\\.1").click()
    page.locator("#c-1\\.4\\.1").press_sequentially("Đang ghi")  # not yet left: not yet sent
    page.locator("a[href$='/tham-dinh/danh-gia/']").first.click()
    expect(page.locator("#c-1\\.4\\.1")).to_have_value("Đang ghi")  # still here
    assert asked == ["beforeunload"]
    assert not EvaluationEntry.objects.exists()

    # Once the field is left and sent (a comment alone changes nothing: shown, not stored),
    # leaving does not ask.
    page.locator("#c-1\\.4\\.1").press("Tab")
    page.wait_for_function("document.getElementById('c-1.4.1').defaultValue === 'Đang ghi'")
    page.locator("a[href$='/tham-dinh/danh-gia/']").first.click()
    expect(page).to_have_url(f"{school_tree.url}/tham-dinh/danh-gia/")
    assert asked == ["beforeunload"]


@pytest.fixture
def as_team_head(school_tree, evaluation_url):
    """lechan.tv heads the team, with the visit record typed in: only the items stand between
    them and finalising."""
    TeamMember.objects.filter(user__username="lechan.tv").update(role=TeamRole.HEAD)
    return evaluation_url


def type_visit_record(page):
    page.locator("#visit_date").fill(f"{timezone.localdate():%d/%m/%Y}")
    page.locator("#members_present").fill("Trưởng đoàn, thư ký")
    page.locator("#findings").fill("Hồ sơ đầy đủ")
    page.locator("#conclusions").fill("Đạt")


def test_finalising_waits_for_a_save_under_way(page, school_tree, as_team_head, monkeypatch):
    from edudx.reviews import evaluation

    real_save = evaluation.save_entry

    def slow_save(*args, **kwargs):
        import time

        time.sleep(1.5)  # a slow connection: finalise is pressed while the item is being saved
        return real_save(*args, **kwargs)

    monkeypatch.setattr(evaluation, "save_entry", slow_save)
    log_in(page, school_tree.url, "lechan.tv")
    page.goto(as_team_head)
    type_visit_record(page)
    page.locator("#c-1\\.4\\.1").fill("Chỉ 5 học liệu được tổ duyệt")
    page.locator("#v-1\\.4\\.1").fill("5")  # leaving it for the button sends the change
    page.locator("#finalise-form button[type=submit]").click()
    expect(page.locator("#finalise-form .finalise-wait")).to_contain_text("Đang chờ lưu xong")
    expect(page.locator("dialog.confirm-dialog")).to_have_count(0)
    confirm(page)  # asked once the save is stored
    expect(page.locator(".flash-success")).to_contain_text("đã hoàn thành và được khóa")
    entry = EvaluationEntry.objects.get(code="1.4.1")
    assert entry.value == 5 and entry.evaluation.state == "final"


def test_finalising_is_refused_while_an_item_is_not_stored(page, school_tree, as_team_head):
    log_in(page, school_tree.url, "lechan.tv")
    page.goto(as_team_head)
    page.locator("#v-1\\.4\\.1").fill("1000000000")  # refused by the server: shown, not stored
    with page.expect_response(lambda r: "/muc/1.4.1/" in r.url):
        page.locator("#v-1\\.4\\.1").press("Tab")
    expect(page.locator("#eval-1\\.4\\.1")).to_have_attribute("data-unsaved", "1")
    type_visit_record(page)
    page.locator("#finalise-form button[type=submit]").click()
    expect(page.locator("#finalise-form .finalise-wait")).to_contain_text(
        "Chưa hoàn thành: mục 1.4.1 chưa được lưu"
    )
    expect(page.locator("dialog.confirm-dialog")).to_have_count(0)
    assert not EvaluationEntry.objects.exists()
