"""The authority's actions as a matrix: every action × every state × every persona (in and out
of scope) → allowed (the state moves) or refused (nothing changes: state, audit, returns,
evaluation)."""

import pytest

from edudx.assessments.models import AssessmentState as S
from edudx.core.models import AuditRecord
from edudx.reviews.evaluation import VISIT_FIELDS
from edudx.reviews.models import Evaluation, EvaluationEntry, ReturnRound
from edudx.reviews.tests.conftest import set_state

pytestmark = pytest.mark.django_db

REVIEWERS = {"officer_x", "dept_admin"}
ACTIONS = {
    # action: (who may, from states, to state)
    "accept": (REVIEWERS, {S.SUBMITTED}, S.UNDER_REVIEW),
    "return": (REVIEWERS, {S.SUBMITTED, S.UNDER_REVIEW}, S.RETURNED),
    "unaccept": (REVIEWERS, {S.UNDER_REVIEW}, S.SUBMITTED),
    "finalise": ({"evaluator_x"}, {S.UNDER_REVIEW}, S.EVALUATED),  # the team head
    # A team member's correction of one item: no state change, an entry.
    "evaluate": ({"evaluator_x", "team_member"}, {S.UNDER_REVIEW}, None),
}
PERSONAS = [
    "officer_x",
    "dept_admin",
    "officer_y",
    "dept_admin_2",
    "evaluator_x",
    "team_member",
    "head_a",
    "teacher",
    "viewer_s",
]
VISIT = {
    "visit_date": "10/06/2026",
    "members_present": "Đoàn 1 đủ thành viên",
    "findings": "Hồ sơ đầy đủ",
    "conclusions": "Đạt",
    "finalise": "1",
    "confirmed": "1",  # what the page's dialog adds; asking first has its own test
}


def visit_tokens(participation) -> dict[str, str]:
    """The hidden fields of the visit record as the evaluation page shows them now."""
    evaluation = Evaluation.objects.filter(assessment__participation=participation).first()
    evaluation = evaluation or Evaluation()
    return {f"revision-{name}": evaluation.section_token(name) for name in VISIT_FIELDS}


def post(client, action, participation):
    if action == "finalise":
        return client.post(
            f"/tham-dinh/danh-gia/{participation.pk}/bien-ban/",
            {**VISIT, **visit_tokens(participation)},
        )
    if action == "evaluate":
        return client.post(
            f"/tham-dinh/danh-gia/{participation.pk}/muc/1.4.1/",
            {"value": "5", "comment": "Chỉ 5 học liệu", "revision": "0"},
        )
    data = {
        "reason-return": "Thiếu minh chứng",
        "comment-1.3": "Bổ sung tên phần mềm",
        "reason-unaccept": "Tiếp nhận nhầm",
    }
    return client.post(f"/tham-dinh/ho-so/{participation.pk}/{action}/", {**data, "confirmed": "1"})


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_action_by_persona_in_every_state(request, client, submitted, team, action, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    who, sources, target = ACTIONS[action]
    participation = submitted.participation
    wrong = []
    for state in S.values:
        set_state(submitted, state)
        Evaluation.objects.filter(assessment=submitted).update(state="open")
        audits, rounds = AuditRecord.objects.count(), ReturnRound.objects.count()
        entries = EvaluationEntry.objects.count()
        response = post(client, action, participation)
        submitted.refresh_from_db()
        allowed = persona in who and state in sources
        if allowed:
            ok = response.status_code == 302 and submitted.state == (target or state)
            if action == "evaluate":
                ok = ok and EvaluationEntry.objects.count() == entries + 1
        else:
            ok = (
                response.status_code in (400, 404)
                and submitted.state == state
                and AuditRecord.objects.count() == audits
                and ReturnRound.objects.count() == rounds
                and EvaluationEntry.objects.count() == entries
                and not Evaluation.objects.filter(assessment=submitted, state="final").exists()
            )
        if not ok:
            wrong.append((state, response.status_code, submitted.state))
    assert wrong == []


def test_refusal_explains_itself(client, officer_x, submitted):
    client.force_login(officer_x)
    response = client.post(
        f"/tham-dinh/ho-so/{submitted.participation.pk}/unaccept/", {"confirmed": "1"}
    )
    assert response.status_code == 400
    assert "thu hồi tiếp nhận" in response.content.decode()


def test_return_needs_a_reason_and_a_criterion_comment_and_keeps_what_was_typed(
    client, officer_x, submitted
):
    client.force_login(officer_x)
    url = f"/tham-dinh/ho-so/{submitted.participation.pk}/return/"
    response = client.post(
        url, {"reason-return": "", "comment-1.3": "Thiếu tên phần mềm", "confirmed": "1"}
    )
    assert response.status_code == 400
    assert "Hãy nêu lý do" in response.content.decode()
    assert "Thiếu tên phần mềm" in response.content.decode()
    response = client.post(
        url, {"reason-return": "Cần bổ sung", "comment-1.3": "  ", "confirmed": "1"}
    )
    html = response.content.decode()
    assert "ít nhất một tiêu chí" in html
    # said inside the return form, where the comments are (below the fold on a phone), and open
    form = html[html.index('id="return-form"') :]
    assert 'id="return-error"' in form and "cho ít nhất một tiêu chí cần bổ sung" in form
    assert html.count("cho ít nhất một tiêu chí cần bổ sung") == 1
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED
    assert not ReturnRound.objects.exists()
