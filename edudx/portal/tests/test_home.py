"""The home page per role (Việc cần làm): each person sees their own work with its counts and
links, the counting rule is the one of `assessments.progress`, the officer's and the viewer's
pages cost the same number of queries whatever the number of institutions, and no menu entry
leads anywhere that does not open."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_assigned_user
from edudx.accounts.models import RoleAssignment
from edudx.assessments import council
from edudx.assessments.campaigns import current_school_year, default_deadlines, open_campaign
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import AssessmentState, Participation, SelfAssessment
from edudx.assessments.transitions import transition
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit
from edudx.portal import todo
from edudx.reviews import services as review_services
from edudx.reviews.models import Team, TeamAssignment, TeamMember, TeamRole


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def year_campaign(tree, bundled_frameworks, today):
    """This school year's campaign of UBND phường Lê Chân (X01): T01 and T02, with 4725."""
    year = current_school_year(today)
    v = bundled_frameworks["4725"]
    return open_campaign(
        authority=tree["X01"],
        school_year=year,
        versions={"primary": v, "lower_secondary": v},
        deadlines=default_deadlines(year),
    ).campaign


@pytest.fixture
def t01(year_campaign, tree):
    return year_campaign.participations.get(institution=tree["T01"])


def no_guard(_assessment) -> None:
    """The states are what these tests are about; the guards have their own tests."""


def submit(assessment, by):
    for action in ("approve", "submit"):
        transition(assessment, action, by=by, check=no_guard)


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


# -- staff and head of an institution -------------------------------------------------------------


def test_teacher_sees_a_school_with_no_answer_as_not_started(client, teacher, t01, today):
    response = home(client, teacher)
    [work] = response.context["schools"]
    assert work.participation == t01
    assert (work.progress, work.answered) == ("not_started", 0)
    assert work.items == 29  # every fact of 4725's groups
    assert work.due == t01.campaign.self_assessment_due
    assert work.days_left == (t01.campaign.self_assessment_due - today).days
    assert "Chưa bắt đầu" in response.content.decode()
    assert reverse("assessments:form", args=[t01.pk]) in response.content.decode()


def test_draft_with_one_answer_is_a_draft_with_one_item_answered(client, teacher, t01):
    assessment = start_assessment(t01)
    save_fact(assessment, "1.4.1", 12, revision=0, by=teacher)
    response = home(client, teacher)
    [work] = response.context["schools"]
    assert (work.progress, work.answered) == ("draft", 1)
    assert "Bản nháp" in response.content.decode()


def test_a_draft_without_answers_still_counts_as_not_started(client, teacher, t01):
    start_assessment(t01)  # the council was formed, say, before anything was answered
    [work] = home(client, teacher).context["schools"]
    assert work.progress == "not_started"


def test_head_sees_what_blocks_approval_and_the_teacher_does_not(client, head_a, teacher, t01):
    assessment = start_assessment(t01)
    save_fact(assessment, "1.3.1", True, revision=0, by=head_a)  # no details, no evidence
    [work] = home(client, head_a).context["schools"]
    assert work.is_head and work.problem_count == 2
    assert any("1.3.1" in p.text for p in work.problems)
    assert "2 vấn đề cần xử lý trước khi phê duyệt" in home(client, head_a).content.decode()
    [work] = home(client, teacher).context["schools"]
    assert not work.is_head and work.problem_count == 0


def test_school_sees_the_comments_of_a_return(client, head_a, officer_x, t01):
    assessment = start_assessment(t01)
    save_fact(assessment, "1.4.1", 12, revision=0, by=head_a)
    submit(assessment, head_a)
    review_services.return_for_supplement(
        assessment, by=officer_x, reason="Thiếu minh chứng", comments={"1.4": "Bổ sung sổ điểm"}
    )
    response = home(client, head_a)
    [work] = response.context["schools"]
    assert work.progress == AssessmentState.RETURNED
    assert [c.text for c in work.comments] == ["Bổ sung sổ điểm"]
    assert "Bổ sung sổ điểm" in response.content.decode()
    due = assessment.return_rounds.get().due
    assert work.supplement_due == due
    assert f"Hạn bổ sung: {due:%d/%m/%Y}" in response.content.decode()


def test_head_is_told_how_many_items_are_still_empty_before_approving(client, head_a, teacher, t01):
    assessment = start_assessment(t01)
    save_fact(assessment, "1.4.1", 12, revision=0, by=head_a)
    [work] = home(client, head_a).context["schools"]
    assert work.unanswered_before_approval == work.items - 1
    assert f"{work.items - 1} mục chưa nhập" in home(client, head_a).content.decode()
    [work] = home(client, teacher).context["schools"]
    assert work.unanswered_before_approval == 0  # the head's decision, told to the head


def test_council_member_sees_the_criteria_assigned_to_them(client, head_a, teacher, t01):
    assessment = start_assessment(t01)
    member = council.add_member(assessment, teacher, "member", by=head_a)
    council.assign_criterion(assessment, "1.4", member, by=head_a)
    [work] = home(client, teacher).context["schools"]
    assert work.my_criteria == ["1.4"]
    [work] = home(client, head_a).context["schools"]
    assert work.my_criteria == []


def test_nobody_else_gets_a_school_block(client, officer_x, viewer_s, t01):
    assert home(client, officer_x).context["schools"] == []
    assert home(client, viewer_s).context["schools"] == []


# -- authority officer ----------------------------------------------------------------------------


def test_officer_sees_the_queue_counted_by_state_with_links(client, officer_x, head_a, t01):
    assessment = start_assessment(t01)
    save_fact(assessment, "1.4.1", 12, revision=0, by=head_a)
    submit(assessment, head_a)
    response = home(client, officer_x)
    [work] = response.context["campaigns"]
    queue = {c.key: c for c in work.queue}
    assert queue["submitted"].n == 1 and queue["returned"].n == 0
    url = reverse("reviews:queue", args=[t01.campaign.pk]) + "?state=submitted"
    assert queue["submitted"].url == url and url in response.content.decode()
    assert [p.institution.code for p in work.not_started.items] == ["T02"]
    assert work.not_started.total == 1
    assert work.next_step is not None and work.total == 2


def test_officer_of_another_authority_sees_no_campaign_of_it(client, officer_y, t01):
    assert home(client, officer_y).context["campaigns"] == []


def _add_institutions(campaign, parent, n):
    version = campaign.participations.first().version
    for i in range(n):
        unit = create_unit(
            code=f"N{i:02d}",
            name=f"Trường mới {i:02d}",
            kind=UnitKind.INSTITUTION,
            parent=parent,
            education_levels=["primary"],
        )
        p = Participation.objects.create(campaign=campaign, institution=unit, version=version)
        if i % 2:
            SelfAssessment.objects.create(participation=p, state=AssessmentState.SUBMITTED)


def _queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("home"))  # warm the session and caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    return len(ctx)


def test_officer_home_costs_the_same_queries_for_twenty_more_institutions(
    client, officer_x, year_campaign, tree
):
    before = _queries(client, officer_x)
    _add_institutions(year_campaign, tree["X01"], 20)
    # 17: + the preschools waiting (one query); the menu's area comes from the roles read anyway
    assert _queries(client, officer_x) == before == 17
    [work] = home(client, officer_x).context["campaigns"]
    assert work.not_started.total == 12 and len(work.not_started.items) == todo.LIST_CAP


# -- viewers and administrators -------------------------------------------------------------------


def test_viewer_sees_the_area_counted_by_progress(client, viewer_s, head_a, t01):
    save_fact(start_assessment(t01), "1.4.1", 12, revision=0, by=head_a)
    [area] = home(client, viewer_s).context["areas"]
    counts = {c.key: c.n for c in area.counts}
    assert counts["not_started"] == 1 and counts["draft"] == 1 and area.total == 2
    assert area.url == reverse("dashboards:area", args=["S01"])


def test_viewer_home_costs_the_same_queries_for_twenty_more_institutions(
    client, viewer_s, year_campaign, tree
):
    before = _queries(client, viewer_s)
    _add_institutions(year_campaign, tree["X01"], 20)
    assert _queries(client, viewer_s) == before == 12  # the menu's area: from the roles read anyway


def test_department_admin_sees_what_is_not_set_up(client, dept_admin, officer_x, year_campaign):
    gaps = home(client, dept_admin).context["gaps"]
    # S01 manages T10 itself and has opened nothing this year; X01 has its campaign
    assert [u.code for u in gaps.no_campaign.items] == ["S01"]
    # nobody holds a role at T01, T02, T10 (officer_x sits at X01, the admin at S01)
    assert {u.code for u in gaps.no_account.items} == {"T10", "T01", "T02"}
    assert [v.code for v in gaps.incomplete] == ["3276"]


def test_lists_are_capped_with_the_rest_counted(client, sysadmin, year_campaign, tree):
    _add_institutions(year_campaign, tree["X01"], 20)
    gaps = home(client, sysadmin).context["gaps"]
    assert len(gaps.no_account.items) == todo.LIST_CAP
    assert gaps.no_account.more == gaps.no_account.total - todo.LIST_CAP > 0
    assert f"và {gaps.no_account.more} đơn vị khác" in home(client, sysadmin).content.decode()


def test_a_viewer_gets_no_setup_block(client, viewer_s, year_campaign):
    assert home(client, viewer_s).context["gaps"] is None


# -- evaluation-team member -----------------------------------------------------------------------


@pytest.fixture
def team(t01, evaluator_x):
    team = Team.objects.create(campaign=t01.campaign, name="Đoàn 1")
    TeamMember.objects.create(team=team, user=evaluator_x, role=TeamRole.HEAD)
    TeamAssignment.objects.create(team=team, participation=t01)
    return team


def test_team_member_sees_the_institutions_left_with_a_link_to_each_form(
    client, evaluator_x, team, t01
):
    response = home(client, evaluator_x)
    work = response.context["team"]
    assert work.total == 1 and [p.pk for p in work.left.items] == [t01.pk]
    assert reverse("reviews:evaluation", args=[t01.pk]) in response.content.decode()


def test_team_access_ends_with_the_role(client, evaluator_x, team):
    RoleAssignment.objects.filter(user=evaluator_x).delete()
    assert home(client, evaluator_x).context["team"] is None


# -- the menu -------------------------------------------------------------------------------------

PERSONAS = [
    "sysadmin",
    "dept_admin",
    "dept_admin_2",
    "officer_x",
    "officer_y",
    "head_a",
    "teacher",
    "evaluator_x",
    "viewer_s",
    "ministry_viewer",
]


@pytest.fixture
def ministry_viewer(tree):
    """A leader of the ministry: reads the whole country, changes nothing."""
    return make_assigned_user("bo.lanhdao", "viewer", tree["BGD"])


def menu_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)"', nav)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_menu_link_opens_for_each_persona(client, request, persona, team):
    user = request.getfixturevalue(persona)
    links = menu_links(home(client, user).content.decode())
    assert links
    for link in links:
        response = client.get(link, follow=True)
        assert response.status_code == 200, f"{persona}: {link} answers {response.status_code}"


def test_menu_offers_the_summary_only_above_the_institutions(client, teacher, viewer_s):
    summary = reverse("recognition:summary_home")
    assert summary not in menu_links(home(client, teacher).content.decode())
    assert summary in menu_links(home(client, viewer_s).content.decode())


def test_team_member_menu_has_their_evaluations_and_no_unit_directory(client, evaluator_x, team):
    links = menu_links(home(client, evaluator_x).content.decode())
    assert reverse("reviews:mine") in links
    assert reverse("organizations:search") not in links


def test_summary_of_an_officer_who_also_sits_on_a_teams_role_above(client, tree, officer_x):
    """A unit-viewing role decides which area the summary opens, not a team-member role."""
    RoleAssignment.objects.create(user=officer_x, unit=tree["S01"], role="evaluation_member")
    client.force_login(officer_x)
    response = client.get(reverse("recognition:summary_home"))
    assert response.status_code == 302 and response.url.endswith("/X01/")


def test_the_head_is_told_the_next_step_once_approved(client, head_a, t01):
    assessment = start_assessment(t01)
    assessment.state = "approved"
    assessment.save()
    client.force_login(head_a)
    page = client.get("/").content.decode()
    assert "Bước tiếp theo" in page and "nộp hồ sơ cho cơ quan quản lý" in page
    assert f"/tu-danh-gia/{t01.pk}/#head-actions" in page


@pytest.mark.parametrize(
    ("is_head", "progress", "answered", "problems", "step"),
    [
        (True, "draft", 3, 0, "approve"),
        (True, "draft", 0, 0, ""),  # nothing to approve yet
        (True, "draft", 3, 2, ""),  # the problems are the next step
        (True, "returned", 3, 0, "approve"),
        (True, "approved", 29, 0, "submit"),
        (True, "submitted", 29, 0, ""),
        (False, "draft", 3, 0, ""),  # a teacher approves nothing
    ],
)
def test_the_heads_next_step(is_head, progress, answered, problems, step):
    work = todo.SchoolWork(
        participation=None,
        progress=progress,
        progress_label="",
        due=None,
        days_left=0,
        answered=answered,
        items=29,
        url="",
        is_head=is_head,
        problem_count=problems,
    )
    assert work.next_step == step


def test_the_head_lands_on_the_approval_when_it_is_the_next_step(client, head_a, t01):
    assessment = start_assessment(t01)
    save_fact(assessment, "2.2", False, revision=0, by=head_a)
    page = home(client, head_a).content.decode()
    assert "Bước tiếp theo" in page and f"/tu-danh-gia/{t01.pk}/#head-actions" in page
