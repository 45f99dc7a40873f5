"""On a phone, every autosave says where it stands (saving, saved at hh:mm, or not saved with a
retry that sends what was typed); the jump list and the approval problems take the person to
the item concerned."""

import re

import pytest
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, confirm, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(school_year):
    make_assigned_user("leloi.gv", "institution_staff", school_year.school, password=PASSWORD)
    make_assigned_user("leloi.ht", "institution_head", school_year.school, password=PASSWORD)
    return school_year.url, school_year.participation


def by_id(page, ident):
    return page.locator(f'[id="{ident}"]')


def status(page, code):
    return page.locator(f'[data-status-for="item-{code}"]')


def saved(page, code):
    return page.expect_response(lambda r: f"/muc/{code}/" in r.url and r.request.method == "POST")


def test_a_save_shows_the_time_it_was_stored(page, site):
    url, participation = site
    log_in(page, url, "leloi.gv")
    page.goto(f"{url}/tu-danh-gia/{participation.pk}/")
    with saved(page, "1.4.1"):
        by_id(page, "f-1.4.1").fill("35")
        by_id(page, "f-1.4.1").press("Tab")
    expect(status(page, "1.4.1")).to_have_text(re.compile(r"^Đã lưu lúc \d\d:\d\d$"))
    expect(page.locator("#form-progress")).to_contain_text("1/29 đã nhập")
    expect(page.locator("#form-progress")).to_contain_text("Nhóm 1: 6/100")


def test_a_failed_save_says_so_and_try_again_stores_what_was_typed(page, site):
    from edudx.assessments.models import FactEntry

    url, participation = site
    log_in(page, url, "leloi.gv")
    page.goto(f"{url}/tu-danh-gia/{participation.pk}/")
    failures = []

    def fail_once(route):
        if not failures:
            failures.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/muc/1.6.2/", fail_once)
    by_id(page, "p-1.6.2").fill("27")
    by_id(page, "w-1.6.2").fill("36")
    by_id(page, "w-1.6.2").press("Tab")
    expect(status(page, "1.6.2")).to_contain_text("Chưa lưu được")
    expect(by_id(page, "w-1.6.2")).to_have_value("36")  # nothing typed is lost
    assert not FactEntry.objects.filter(code="1.6.2").exists()
    with saved(page, "1.6.2"):
        status(page, "1.6.2").get_by_role("button", name="Thử lại").click()
    expect(status(page, "1.6.2")).to_contain_text("Đã lưu lúc")
    expect(by_id(page, "f-1.6.2")).to_have_text("= 75 %")
    assert FactEntry.objects.get(code="1.6.2").details == {"part": 27, "whole": 36}


def test_the_jump_list_reaches_a_criterion_in_a_folded_group(page, site):
    url, participation = site
    log_in(page, url, "leloi.gv")
    page.goto(f"{url}/tu-danh-gia/{participation.pk}/")
    by_id(page, "g-2").locator("summary").first.click()  # fold group 2
    expect(by_id(page, "c-2.3")).to_be_hidden()
    page.get_by_text("Đến tiêu chí").click()
    page.get_by_role("link", name=re.compile(r"^2\.3\. ")).click()
    expect(by_id(page, "c-2.3")).to_be_in_viewport()
    expect(page.locator("details.jump")).not_to_have_attribute("open", "")


def test_each_approval_problem_takes_the_head_to_its_item(page, site):
    from edudx.accounts.models import User
    from edudx.assessments.facts import assessment_for, save_fact

    url, participation = site
    teacher = User.objects.get(username="leloi.gv")
    save_fact(assessment_for(participation), "2.3.1", True, revision=0, by=teacher)
    log_in(page, url, "leloi.ht")
    page.goto(f"{url}/tu-danh-gia/{participation.pk}/")
    page.get_by_role("button", name="Phê duyệt kết quả tự đánh giá").click()
    confirm(page)
    refusal = page.locator("#approval-problems")
    expect(refusal).to_contain_text("Chưa phê duyệt được: còn 2 vấn đề cần xử lý")
    refusal.get_by_role("link", name=re.compile(r"^Mục 2\.3\.1: thiếu")).click()
    expect(by_id(page, "item-2.3.1")).to_be_in_viewport()
    expect(by_id(page, "d-2.3.1-document_number")).to_be_in_viewport()


def test_a_save_queued_behind_a_replaced_item_is_still_sent(page, site):
    """htmx skips a queued save whose form was replaced meanwhile without starting the next one:
    here the saves of 1.4.1 queued while its first save was held, then one of 1.3.2 behind them."""
    from edudx.assessments.models import FactEntry

    url, participation = site
    log_in(page, url, "leloi.gv")
    page.goto(f"{url}/tu-danh-gia/{participation.pk}/")
    held = []

    def hold_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/muc/1.4.1/", hold_first)
    by_id(page, "f-1.4.1").fill("35")
    by_id(page, "f-1.4.1").press("Tab")
    expect(status(page, "1.4.1")).to_contain_text("Đang lưu")
    by_id(page, "f-1.4.1").fill("36")
    by_id(page, "f-1.4.1").press("Tab")  # queued
    by_id(page, "f-1.4.1").fill("35")
    by_id(page, "f-1.4.1").press("Tab")  # queued: the value sent first again, nothing to replay
    by_id(page, "f-1.3.2").select_option("true")  # queued behind them
    with saved(page, "1.3.2"):
        held[0].continue_()
    expect(status(page, "1.3.2")).to_contain_text("Đã lưu lúc")
    assert FactEntry.objects.get(code="1.3.2").value is True
    assert FactEntry.objects.get(code="1.4.1").value == 35


def test_a_save_answering_after_the_person_moved_on_leaves_the_cursor_where_they_are(page, site):
    """The answer of a save puts the cursor back in its own item only when the swap took it away;
    a person who has gone on to another item keeps typing there (the browser tests' "no answer
    within 15 s": the next item's typing went back into the item just saved, and nothing was sent)."""
    url, participation = site
    log_in(page, url, "leloi.gv")
    page.goto(f"{url}/tu-danh-gia/{participation.pk}/")
    # the person moves on to item 1.3.2 as soon as 1.4.1's answer is in, before it settles
    page.evaluate(
        """() => document.addEventListener("htmx:afterSwap", () =>
               document.getElementById("f-1.3.2").focus(), { once: true })"""
    )
    with saved(page, "1.4.1"):
        by_id(page, "f-1.4.1").fill("35")
        by_id(page, "f-1.4.1").press("Enter")  # the cursor stays in 1.4.1 while it saves
    expect(status(page, "1.4.1")).to_have_text(re.compile(r"^Đã lưu lúc"))  # settled
    assert page.evaluate("document.activeElement.id") == "f-1.3.2"
