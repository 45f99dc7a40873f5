"""Fixtures of the review tests: T01's assessment in X01's campaign, submitted with a few facts,
and an evaluation team (head: evaluator_x; member: another evaluator of X01) assigned to it."""

import pytest

from conftest import make_assigned_user
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import AssessmentState, SelfAssessment
from edudx.assessments.transitions import transition
from edudx.reviews.models import Team, TeamAssignment, TeamMember, TeamRole

FACTS = {"1.1": True, "1.2": True, "1.3.1": False, "1.4.1": 12, "2.1": True, "2.3.2": True}


def fill(assessment, facts, by):
    for code, value in facts.items():
        entry = assessment.facts.filter(code=code).first()
        save_fact(assessment, code, value, revision=entry.revision if entry else 0, by=by)


def no_guard(_assessment) -> None:
    """Fixtures set states; the guards (a complete file, the due date) have their own tests."""


def submit(assessment, by):
    """The head approves and submits (the approval's completeness check is the form's business;
    here the states are what matters)."""
    for action in ("approve", "submit"):
        transition(assessment, action, by=by, check=no_guard)


def set_state(assessment, state):
    SelfAssessment.objects.filter(pk=assessment.pk).update(state=state)
    assessment.state = state


@pytest.fixture
def submitted(participation, head_a):
    assessment = start_assessment(participation)
    fill(assessment, FACTS, head_a)
    submit(assessment, head_a)
    assert assessment.state == AssessmentState.SUBMITTED
    return assessment


@pytest.fixture
def team_member(tree):
    """Another evaluation-team member of UBND phường Lê Chân."""
    return make_assigned_user("lechan.thanhvien", "evaluation_member", tree["X01"])


@pytest.fixture
def team(participation, evaluator_x, team_member):
    team = Team.objects.create(campaign=participation.campaign, name="Đoàn 1")
    TeamMember.objects.create(team=team, user=evaluator_x, role=TeamRole.HEAD)
    TeamMember.objects.create(team=team, user=team_member, role=TeamRole.MEMBER)
    TeamAssignment.objects.create(team=team, participation=participation)
    return team
