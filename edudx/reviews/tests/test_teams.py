"""Evaluation teams: members and roles, assignment, conflict of interest, access scoped to the
institutions of one's team in that campaign, workload."""

import datetime as dt

import pytest

from conftest import make_assigned_user
from edudx.accounts.permissions import can_evaluate, may_view_participation
from edudx.assessments.campaigns import default_deadlines, open_campaign
from edudx.assessments.facts import start_assessment
from edudx.core.models import AuditRecord
from edudx.reviews import services, teams
from edudx.reviews.models import Evaluation, TeamAssignment, TeamMember, TeamRole

pytestmark = pytest.mark.django_db


def rev(team) -> int:
    """The team's revision as a page loaded now would show it."""
    team.refresh_from_db()
    return team.revision


def revs(team) -> dict[int, int]:
    return {t.pk: t.revision for t in team.campaign.teams.all()}


def page_revisions(team) -> dict[str, int]:
    """The hidden fields of the assignment form as the teams page shows them now."""
    return {f"revision-team-{pk}": revision for pk, revision in revs(team).items()}


@pytest.fixture
def campaign(participation):
    return participation.campaign


@pytest.fixture
def t02(campaign, tree):
    return campaign.participations.get(institution=tree["T02"])


@pytest.fixture
def borrowed(tree):
    """A teacher of TH&THCS Ngô Quyền (T02), borrowed by the commune for its teams."""
    return make_assigned_user("ngoquyen.gv", "institution_staff", tree["T02"])


def test_team_with_head_secretary_member(campaign, officer_x, evaluator_x, borrowed, teacher):
    team = teams.create_team(campaign, "Đoàn số 1", by=officer_x)
    teams.add_member(
        team, evaluator_x, TeamRole.HEAD, by=officer_x, revision=rev(team), job_title="Phó Chủ tịch"
    )
    teams.add_member(team, borrowed, TeamRole.SECRETARY, by=officer_x, revision=rev(team))
    assert [m.role for m in team.members.order_by("pk")] == ["head", "secretary"]
    with pytest.raises(services.ReviewError, match="đã có trưởng đoàn"):
        teams.add_member(team, officer_x, TeamRole.HEAD, by=officer_x, revision=rev(team))
    with pytest.raises(services.ReviewError, match="đã là thành viên"):
        teams.add_member(team, borrowed, TeamRole.MEMBER, by=officer_x, revision=rev(team))
    with pytest.raises(services.ReviewError, match="đã có đoàn"):
        teams.create_team(campaign, "Đoàn số 1", by=officer_x)
    assert AuditRecord.objects.filter(action="team.member_add").count() == 2


def test_someone_from_outside_the_authority_cannot_join(campaign, officer_x, officer_y):
    team = teams.create_team(campaign, "Đoàn 1", by=officer_x)
    with pytest.raises(services.ReviewError, match="không thuộc UBND phường Lê Chân"):
        teams.add_member(team, officer_y, TeamRole.MEMBER, by=officer_x, revision=rev(team))
    assert not team.members.exists()


def test_a_member_may_not_evaluate_their_own_institution(
    campaign, participation, t02, officer_x, teacher, borrowed
):
    team = teams.create_team(campaign, "Đoàn 1", by=officer_x)
    teams.add_member(
        team, teacher, TeamRole.MEMBER, by=officer_x, revision=rev(team)
    )  # a teacher of T01
    with pytest.raises(services.ReviewError) as refused:
        teams.assign(team, [t02, participation], by=officer_x, revisions=revs(team))
    assert "xung đột lợi ích" in str(refused.value)
    assert "Trường Tiểu học Lê Lợi" in str(refused.value)
    assert not TeamAssignment.objects.exists()  # all or nothing
    teams.assign(team, [t02], by=officer_x, revisions=revs(team))
    with pytest.raises(services.ReviewError, match="xung đột lợi ích"):
        teams.add_member(
            team, borrowed, TeamRole.MEMBER, by=officer_x, revision=rev(team)
        )  # a teacher of T02
    assert team.members.count() == 1


def test_conflict_of_interest_is_refused_on_the_page_with_a_clear_message(
    client, campaign, participation, officer_x, teacher
):
    team = teams.create_team(campaign, "Đoàn 1", by=officer_x)
    teams.add_member(team, teacher, TeamRole.MEMBER, by=officer_x, revision=rev(team))
    client.force_login(officer_x)
    response = client.post(
        f"/tham-dinh/dot/{campaign.pk}/phan-cong/",
        {"team": team.pk, "participation": [participation.pk], **page_revisions(team)},
    )
    assert response.status_code == 400
    assert "xung đột lợi ích" in response.content.decode()
    assert not TeamAssignment.objects.exists()


def test_team_members_see_exactly_their_institutions_for_that_campaign(
    campaign, participation, t02, officer_x, borrowed, head_a, tree, bundled_frameworks
):
    team = teams.create_team(campaign, "Đoàn 1", by=officer_x)
    teams.add_member(team, borrowed, TeamRole.HEAD, by=officer_x, revision=rev(team))
    teams.assign(team, [participation], by=officer_x, revisions=revs(team))
    assert may_view_participation(borrowed, participation)  # assigned: T01
    assert may_view_participation(borrowed, t02)  # their own school, as staff
    assessment = start_assessment(participation)
    assert not can_evaluate(borrowed, participation)  # not yet accepted for evaluation
    assessment.state = "under_review"
    assessment.save()
    participation.refresh_from_db()
    assert can_evaluate(borrowed, participation)
    assert not can_evaluate(borrowed, t02)
    # Next year's campaign: the same school is not theirs to see.
    v = bundled_frameworks["4725"]
    opened = open_campaign(
        authority=tree["X01"],
        school_year="2026-2027",
        versions={"primary": v, "lower_secondary": v},
        deadlines=default_deadlines("2026-2027"),
    )
    next_year = opened.campaign.participations.get(institution=tree["T01"])
    assert not may_view_participation(borrowed, next_year)


def test_workload_counts_done_and_left_per_day(campaign, participation, t02, officer_x):
    team = teams.create_team(campaign, "Đoàn 1", by=officer_x)
    teams.assign(team, [participation, t02], by=officer_x, revisions=revs(team))
    ev = Evaluation.objects.create(
        assessment=start_assessment(participation), team=team, state="final"
    )
    assert ev.team == team
    due = campaign.evaluation_due
    loads = teams.workload(campaign, due - dt.timedelta(days=1))  # two days left, today included
    first = loads[0]
    assert (first.team, first.assigned, first.done, first.left, first.per_day) == (
        team,
        2,
        1,
        1,
        0.5,
    )
    assert loads[-1].team is None and loads[-1].assigned == 0
    assert teams.workload(campaign, due + dt.timedelta(days=1))[0].per_day is None


def test_a_finalised_evaluation_keeps_its_team(campaign, participation, officer_x):
    one = teams.create_team(campaign, "Đoàn 1", by=officer_x)
    two = teams.create_team(campaign, "Đoàn 2", by=officer_x)
    teams.assign(one, [participation], by=officer_x, revisions=revs(one))
    Evaluation.objects.create(assessment=start_assessment(participation), team=one, state="final")
    with pytest.raises(services.ReviewError, match="đánh giá ngoài xong"):
        teams.assign(two, [participation], by=officer_x, revisions=revs(two))
    assert TeamAssignment.objects.get().team == one


def test_teams_page_forms_a_team_adds_a_member_and_assigns(
    client, campaign, participation, officer_x, evaluator_x
):
    client.force_login(officer_x)
    base = f"/tham-dinh/dot/{campaign.pk}"
    assert client.post(f"{base}/doan/tao/", {"name": "Đoàn A"}).status_code == 302
    team = campaign.teams.get()
    response = client.post(
        f"{base}/doan/{team.pk}/thanh-vien/", {"user": "khong-co", "role": "member"}
    )
    assert response.status_code == 400 and "khong-co" in response.content.decode()
    response = client.post(
        f"{base}/doan/{team.pk}/thanh-vien/",
        {"user": evaluator_x.email, "role": "head", "revision": rev(team)},
    )
    assert response.status_code == 302
    assert TeamMember.objects.get().role == "head"
    client.post(
        f"{base}/phan-cong/",
        {"team": team.pk, "participation": [participation.pk], **page_revisions(team)},
    )
    assert TeamAssignment.objects.get().participation == participation
    page = client.get(f"{base}/doan/").content.decode()
    assert "Đoàn A" in page and evaluator_x.username in page


def test_the_team_page_does_not_reveal_accounts_outside_the_authority(
    client, campaign, officer_x, dept_admin_2
):
    """Typing another province's administrator finds nobody: no name, nothing added."""
    dept_admin_2.first_name, dept_admin_2.last_name = "Bích", "Lê Thị"
    dept_admin_2.email = "bich@haiduong.edu.vn"
    dept_admin_2.save()
    team = teams.create_team(campaign, "Đoàn số 1", by=officer_x)
    client.force_login(officer_x)
    response = client.post(
        f"/tham-dinh/dot/{campaign.pk}/doan/{team.pk}/thanh-vien/",
        {"user": "bich@haiduong.edu.vn", "role": "member"},
    )
    html = response.content.decode()
    assert "Không tìm thấy tài khoản" in html and "Bích" not in html
    assert not team.members.exists()
