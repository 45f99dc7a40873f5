"""Saving a self-assessment's facts: the engine's rules, no silent overwrite, locked once approved."""

import pytest

from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import StaleFact, assessment_result, save_fact, start_assessment
from edudx.assessments.models import AssessmentState, FactEntry
from edudx.core.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(participation):
    return start_assessment(participation)


def test_a_saved_fact_counts_in_the_result_and_is_recorded(assessment, teacher):
    entry = save_fact(assessment, "1.4.1", 35, revision=0, by=teacher)
    assert entry.revision == 1
    result = assessment_result(assessment)
    assert result.items["1.4.1"].suggested == 6 and result.criteria["1.4"].level == 2
    audit = AuditRecord.objects.get(action="assessment.fact")
    assert (audit.actor, audit.note, audit.before["value"], audit.after["value"]) == (
        teacher,
        "1.4.1",
        None,
        35,
    )


def test_second_save_of_a_stale_value_is_refused_and_shows_the_current_one(
    assessment, teacher, head_a
):
    # Two council members opened the form at revision 0; the head saves first.
    save_fact(assessment, "1.6.1", 45.5, revision=0, by=head_a)
    with pytest.raises(StaleFact) as info:
        save_fact(assessment, "1.6.1", 70, revision=0, by=teacher)
    assert "45.5" in str(info.value) and "chưa được lưu" in str(info.value)
    assert FactEntry.objects.get(code="1.6.1").value == 45.5
    # Having seen it, the teacher saves from the current revision.
    assert save_fact(assessment, "1.6.1", 70, revision=1, by=teacher).value == 70


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("1.6.1", 140, "0–100"),
        ("1.4.1", "ba mươi", "phải là một số"),
        ("9.9.9", True, "không có trong bộ chỉ số"),
        ("1.3.1", "có", "true/false"),
    ],
)
def test_a_bad_value_is_refused_with_a_vietnamese_message_and_nothing_saved(
    assessment, teacher, code, value, message
):
    with pytest.raises(AssessmentError, match=message):
        save_fact(assessment, code, value, revision=0, by=teacher)
    assert not FactEntry.objects.exists()


def test_fewer_points_than_suggested_need_a_reason_and_more_are_refused(assessment, teacher):
    with pytest.raises(AssessmentError, match="nêu lý do"):
        save_fact(assessment, "1.4.1", 35, revision=0, by=teacher, awarded=4)
    with pytest.raises(AssessmentError, match="vượt mức tối đa"):
        save_fact(assessment, "1.4.1", 35, revision=0, by=teacher, awarded=7, reason="x")
    save_fact(
        assessment,
        "1.4.1",
        35,
        revision=0,
        by=teacher,
        awarded=4,
        reason="Một số học liệu chưa được tổ chuyên môn thông qua",
    )
    assert assessment_result(assessment).items["1.4.1"].points == 4


def test_an_approved_assessment_is_locked(assessment, teacher):
    assessment.state = AssessmentState.APPROVED
    assessment.save()
    with pytest.raises(AssessmentError, match="không sửa được"):
        save_fact(assessment, "1.4.1", 35, revision=0, by=teacher)
