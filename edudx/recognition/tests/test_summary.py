"""The upward view: per child unit, counts by state and by level; drill-down to institutions;
a fixed number of queries whatever the number of institutions."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edudx.assessments.campaigns import default_deadlines, open_campaign
from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import Participation, SelfAssessment
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit
from edudx.recognition.models import RecognisedResult
from edudx.recognition.services import issue_decision, publish_decision
from edudx.recognition.summary import summarise
from edudx.recognition.tests.conftest import DECISION, YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_in_progress(campaign, make_assessment, officer_x, tree, bundled_frameworks):
    """X01: T01 recognised and published, T02 under review; S01 itself: T10 not started."""
    decision = issue_decision(
        campaign, [make_assessment("T01")], **DECISION, date=dt.date(2026, 6, 1), by=officer_x
    )
    publish_decision(decision, by=officer_x)
    make_assessment("T02", state=S.UNDER_REVIEW)
    open_campaign(
        authority=tree["S01"],
        school_year=YEAR,
        versions={"upper_secondary": bundled_frameworks["4725"]},
        deadlines=default_deadlines(YEAR),
        institutions=[tree["T10"]],
    )
    return decision.results.get()


def test_department_sees_each_authority_and_its_own_institutions(year_in_progress, tree):
    summary = summarise(tree["S01"])
    assert summary.school_year == YEAR
    rows = {row.unit.code if row.unit else "direct": row for row in summary.rows}
    assert set(rows) == {"X01", "direct"}
    x01 = rows["X01"]
    assert x01.total == 2
    assert x01.states[S.RECOGNISED] == 1 and x01.states[S.UNDER_REVIEW] == 1
    assert x01.published == 1
    levels = year_in_progress.levels
    assert summary.groups == ["1", "2"]
    for group, level in levels.items():
        assert x01.levels[group][level] == 1
    assert rows["direct"].states["not_started"] == 1  # T10 has not started (no answer saved)
    assert summary.total.total == 3


def test_ministry_sees_departments(year_in_progress, tree):
    summary = summarise(tree["BGD"])
    rows = {row.unit.code: row for row in summary.rows}
    assert set(rows) == {"S01", "S02"}
    assert rows["S01"].total == 3 and rows["S01"].published == 1
    assert rows["S02"].total == 0


def test_authority_page_drills_down_to_institutions(client, year_in_progress, dept_admin):
    client.force_login(dept_admin)
    page = client.get("/tong-hop/S01/").content.decode()
    assert "/tong-hop/X01/?nam-hoc=2025-2026" in page
    page = client.get("/tong-hop/X01/").content.decode()
    assert "Trường Tiểu học Lê Lợi" in page and "Trường TH&amp;THCS Ngô Quyền" in page


def add_recognised_institutions(campaign, decision, n, start):
    """n more institutions under the campaign's authority, each recognised in `decision`."""
    version = campaign.frameworks.first().version
    for i in range(start, start + n):
        unit = create_unit(
            code=f"TX{i}",
            name=f"Trường Tiểu học số {i}",
            kind=UnitKind.INSTITUTION,
            parent=campaign.authority,
            education_levels=["primary"],
        )
        p = Participation.objects.create(campaign=campaign, institution=unit, version=version)
        a = SelfAssessment.objects.create(participation=p, state=S.RECOGNISED)
        RecognisedResult.objects.create(
            decision=decision,
            assessment=a,
            institution=unit,
            levels={"1": 1 + i % 3, "2": 1},
            points={"1": 40.0, "2": 10.0},
        )


@pytest.mark.parametrize("url", ["/tong-hop/BGD/", "/tong-hop/S01/", "/tong-hop/X01/"])
def test_summary_query_count_does_not_grow_with_institutions(
    client, year_in_progress, campaign, sysadmin, url
):
    client.force_login(sysadmin)
    decision = year_in_progress.decision
    add_recognised_institutions(campaign, decision, 2, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_recognised_institutions(campaign, decision, 25, 100)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 16


def test_summary_home_goes_to_the_users_highest_unit(client, dept_admin, head_a):
    client.force_login(dept_admin)
    assert client.get("/tong-hop/")["Location"] == "/tong-hop/S01/"
    client.force_login(head_a)
    assert client.get("/tong-hop/").status_code == 404
