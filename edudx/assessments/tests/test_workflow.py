"""The institution's workflow: every action × every state (service) and × every role (page)."""

import datetime as dt

import pytest

from edudx.assessments import workflow
from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import AssessmentState as S
from edudx.core.models import AuditRecord

pytestmark = pytest.mark.django_db
STATES = list(S)
# Written here, not read from the table it checks: (action, from) -> to; anything else is refused.
EXPECTED = {
    ("approve", S.DRAFT): S.APPROVED,
    ("approve", S.RETURNED): S.APPROVED,
    ("reopen", S.APPROVED): S.DRAFT,
    ("submit", S.APPROVED): S.SUBMITTED,
    ("withdraw", S.SUBMITTED): S.DRAFT,
}
ACTIONS = ["approve", "reopen", "submit", "withdraw"]
BEFORE_DUE = dt.date(2026, 5, 1)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_is_allowed_only_from_its_state(participation, head_a, action, state):
    assessment = start_assessment(participation)
    assessment.state = state
    assessment.save()
    source, target = state, EXPECTED.get((action, state))
    if target is not None:
        workflow.change_state(
            assessment, action, by=head_a, reason="Bổ sung minh chứng", today=BEFORE_DUE
        )
        assessment.refresh_from_db()
        assert assessment.state == target
        audit = AuditRecord.objects.get(action=f"assessment.{action}")
        assert (audit.before, audit.after) == ({"state": source}, {"state": target})
    else:
        with pytest.raises(AssessmentError):
            workflow.change_state(assessment, action, by=head_a, reason="x", today=BEFORE_DUE)
        assessment.refresh_from_db()
        assert (
            assessment.state == state
            and not AuditRecord.objects.filter(action__startswith="assessment.").exists()
        )


def test_the_head_takes_exactly_these_actions():
    assert list(workflow.INSTITUTION_ACTIONS) == ACTIONS


def test_reopening_and_withdrawing_need_a_reason(participation, head_a):
    assessment = start_assessment(participation)
    workflow.change_state(assessment, "approve", by=head_a)
    with pytest.raises(AssessmentError, match="lý do"):
        workflow.change_state(assessment, "reopen", by=head_a, reason="  ")


def test_submission_after_the_deadline_is_refused(participation, head_a):
    assessment = start_assessment(participation)
    workflow.change_state(assessment, "approve", by=head_a)
    with pytest.raises(AssessmentError, match="quá hạn nộp"):
        workflow.change_state(assessment, "submit", by=head_a, today=dt.date(2026, 6, 1))


def test_facts_are_locked_after_approval_and_open_again_after_reopening(
    participation, head_a, teacher
):
    assessment = start_assessment(participation)
    save_fact(assessment, "1.4.1", 0, revision=0, by=teacher)
    workflow.change_state(assessment, "approve", by=head_a)
    with pytest.raises(AssessmentError, match="không sửa được"):
        save_fact(assessment, "1.4.1", 50, revision=1, by=teacher)
    workflow.change_state(assessment, "reopen", by=head_a, reason="Sửa số học liệu")
    assert save_fact(assessment, "1.4.1", 50, revision=1, by=teacher).value == 50


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("head_a", 302), ("teacher", 404), ("officer_x", 404), ("officer_y", 404), ("viewer_s", 404)],
)
def test_only_the_head_of_the_school_may_approve(client, request, participation, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        f"/tu-danh-gia/{participation.pk}/trang-thai/approve/", {"confirmed": "1"}
    )
    assert response.status_code == expected
    assessment = start_assessment(participation)
    assert assessment.state == (S.APPROVED if expected == 302 else S.DRAFT)
