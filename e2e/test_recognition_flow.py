"""An officer recognises an externally evaluated school on a phone and publishes the decision;
anyone then sees the result on the public pages without logging in."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, confirm, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(school_tree, open_this_years_campaign):
    from edudx.assessments.facts import save_fact, start_assessment
    from edudx.assessments.models import AssessmentState
    from edudx.reviews.models import Evaluation, EvaluationState

    xa, school, version = school_tree.authority, school_tree.school, school_tree.version
    make_assigned_user("lechan.canbo", "authority_officer", xa, password=PASSWORD)
    campaign = open_this_years_campaign(authority=xa, versions={"primary": version}).campaign
    assessment = start_assessment(campaign.participations.get(institution=school))
    for code, value in {"1.1": True, "1.2": True, "1.4.1": 45}.items():
        save_fact(assessment, code, value, revision=0, by=None)
    assessment.state = AssessmentState.EVALUATED
    assessment.save()
    Evaluation.objects.create(assessment=assessment, state=EvaluationState.FINAL)
    return school_tree.url, campaign


def test_officer_recognises_and_publishes_and_anyone_sees_the_result(page, site):
    url, campaign = site
    today = timezone.localdate()
    log_in(page, url, "lechan.canbo")
    page.goto(f"{url}/dot-danh-gia/{campaign.pk}/cong-nhan/")
    page.get_by_label("Trường Tiểu học Lê Lợi").check()
    page.locator("[name=number]").fill("125/QĐ-UBND")
    page.locator("[name=date]").fill(f"31/02/{today.year}")  # no such day: refused, nothing lost
    page.locator("[name=signer_name]").fill("Nguyễn Văn Bình")
    page.locator("[name=signer_title]").fill("Chủ tịch")
    issue = page.get_by_role(
        "button", name=re.compile("Ban hành quyết định công nhận|Issue the recognition decision")
    )
    issue.click()
    confirm(page)
    expect(page.locator(".field-error")).to_be_visible()
    expect(page.locator("[name=signer_name]")).to_have_value("Nguyễn Văn Bình")
    expect(page.get_by_label("Trường Tiểu học Lê Lợi")).to_be_checked()
    page.locator("[name=date]").fill(f"{today:%d/%m/%Y}")  # not after today
    issue.click()
    confirm(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("125/QĐ-UBND")
    expect(page.get_by_text("Trường Tiểu học Lê Lợi")).to_be_visible()
    page.get_by_role("button", name=re.compile("Công bố kết quả|Publish the results")).click()
    confirm(page)
    expect(page.get_by_role("status")).to_be_visible()

    page.context.clear_cookies()  # a visitor, not logged in
    page.goto(f"{url}/cong-khai/31X001/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("UBND phường Lê Chân")
    expect(page.get_by_text(re.compile("125/QĐ-UBND"))).to_be_visible()
    page.get_by_role("link", name="Trường Tiểu học Lê Lợi").click()
    expect(page).to_have_url(f"{url}/cong-khai/co-so/31X001TH01/")
    expect(page.get_by_text(re.compile("125/QĐ-UBND"))).to_be_visible()
    expect(page.get_by_text(campaign.school_year)).to_be_visible()
