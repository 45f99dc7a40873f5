"""On a phone, the officer ticks two submissions in the review queue, accepts them in one go,
answers the dialog that asks first, and reads the summary; the remind button of the same form
sends it to its own address with its own question."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, confirm, log_in
from edudx.assessments.campaigns import current_school_year, default_deadlines, open_campaign
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import AssessmentState, SelfAssessment
from edudx.assessments.transitions import transition
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit
from edudx.reviews.tests.conftest import no_guard

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(school_tree):
    xa = school_tree.authority
    second = create_unit(
        code="31X001TH02",
        name="Trường Tiểu học Ngô Quyền",
        kind=UnitKind.INSTITUTION,
        parent=xa,
        education_levels=["primary"],
    )
    make_assigned_user("lechan.canbo", "authority_officer", xa, password=PASSWORD)
    heads = {
        school_tree.school.pk: make_assigned_user(
            "leloi.ht", "institution_head", school_tree.school
        ),
        second.pk: make_assigned_user("ngoquyen.ht", "institution_head", second),
    }
    year = current_school_year(timezone.localdate())
    campaign = open_campaign(
        authority=xa,
        school_year=year,
        versions={"primary": school_tree.version},
        deadlines=default_deadlines(year),
    ).campaign
    participations = list(campaign.participations.all())
    for p in participations:
        head = heads[p.institution_id]
        assessment = start_assessment(p)
        save_fact(assessment, "1.1", True, revision=0, by=head)
        for action in ("approve", "submit"):
            transition(assessment, action, by=head, check=no_guard)
    return {"url": school_tree.url, "campaign": campaign, "participations": participations}


def test_accept_two_submissions_from_the_queue(page, site):
    log_in(page, site["url"], "lechan.canbo")
    page.goto(f"{site['url']}/tham-dinh/dot/{site['campaign'].pk}/")
    for p in site["participations"]:
        page.locator(f"#choose-{p.pk}").check()
    page.locator("#bulk-accept").click()
    confirm(page)
    expect(page.locator(".flash-success").first).to_contain_text("Đã tiếp nhận 2 hồ sơ.")
    states = SelfAssessment.objects.filter(participation__in=site["participations"])
    assert {a.state for a in states} == {AssessmentState.UNDER_REVIEW}

    # Another button of the same form goes elsewhere (notifications), with its own question.
    for p in site["participations"]:
        page.locator(f"#choose-{p.pk}").check()
    page.locator("#bulk-remind").click()
    expect(page.locator("dialog.confirm-dialog")).to_contain_text("chưa bắt đầu")
    confirm(page)
    expect(page.locator(".flash-success").first).to_contain_text("Đã nhắc 0 cơ sở giáo dục.")
