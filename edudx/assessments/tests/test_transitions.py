"""The one table of transitions against a matrix written independently of it: every action ×
every state → the state it leads to, or refused with nothing changed."""

import pytest

from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import start_assessment
from edudx.assessments.models import AssessmentState as S
from edudx.assessments.transitions import TRANSITIONS, Who, actions_of, transition
from edudx.core.models import AuditRecord

pytestmark = pytest.mark.django_db

# (action, from) -> to. Anything not listed is refused.
EXPECTED = {
    ("approve", S.DRAFT): S.APPROVED,
    ("approve", S.RETURNED): S.APPROVED,
    ("reopen", S.APPROVED): S.DRAFT,
    ("submit", S.APPROVED): S.SUBMITTED,
    ("withdraw", S.SUBMITTED): S.DRAFT,
    ("accept", S.SUBMITTED): S.UNDER_REVIEW,
    ("return", S.SUBMITTED): S.RETURNED,
    ("return", S.UNDER_REVIEW): S.RETURNED,
    ("unaccept", S.UNDER_REVIEW): S.SUBMITTED,
    ("finalise", S.UNDER_REVIEW): S.EVALUATED,
    ("recognise", S.EVALUATED): S.RECOGNISED,
    ("reopen_recognition", S.RECOGNISED): S.EVALUATED,
}
WHO = {
    Who.HEAD: ["approve", "reopen", "submit", "withdraw"],
    Who.AUTHORITY: ["accept", "return", "unaccept", "recognise", "reopen_recognition"],
    Who.TEAM_HEAD: ["finalise"],
}
NEEDS_REASON = {"reopen", "withdraw", "return", "unaccept", "reopen_recognition"}


def passes(_assessment) -> None:
    """A guard that lets the state rule alone decide."""


def test_the_table_holds_exactly_the_expected_actions_and_actors():
    assert {a for a, _ in EXPECTED} == set(TRANSITIONS)
    assert {who: actions_of(who) for who in WHO} == WHO
    assert {a for a, t in TRANSITIONS.items() if t.needs_reason} == NEEDS_REASON


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_each_action_moves_only_from_its_states(participation, head_a, action):
    assessment = start_assessment(participation)
    wrong = []
    for state in S.values:
        type(assessment).objects.filter(pk=assessment.pk).update(state=state)
        assessment.state = state
        audits = AuditRecord.objects.count()
        target = EXPECTED.get((action, state))
        try:
            transition(assessment, action, by=head_a, reason="Lý do", check=passes)
        except AssessmentError:
            moved = None
        else:
            moved = assessment.state
        assessment.refresh_from_db()
        if target is None:
            ok = moved is None and assessment.state == state
            ok = ok and AuditRecord.objects.count() == audits
        else:
            ok = moved == target == assessment.state
        if not ok:
            wrong.append((state, moved))
    assert wrong == []


def test_a_guarded_transition_cannot_be_taken_without_its_guard(participation, head_a):
    assessment = start_assessment(participation)
    with pytest.raises(TypeError, match="guard"):
        transition(assessment, "approve", by=head_a)
    assessment.refresh_from_db()
    assert assessment.state == S.DRAFT


def test_a_transition_tells_the_other_apps(participation, head_a):
    from edudx.assessments.signals import state_changed

    heard = []

    def listener(sender, assessment, action, before, **kwargs):
        heard.append((action, before, assessment.state))

    state_changed.connect(listener)
    try:
        transition(start_assessment(participation), "approve", by=head_a, check=passes)
    finally:
        state_changed.disconnect(listener)
    assert heard == [("approve", S.DRAFT, S.APPROVED)]
