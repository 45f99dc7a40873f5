"""Recognition (one decision fixes each institution's levels), the lock it puts on the results,
the recorded reopening, and publication."""

import datetime as dt

import pytest

from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import save_fact
from edudx.assessments.models import AssessmentState as S
from edudx.core.models import AuditRecord
from edudx.recognition.models import RecognisedResult, RecognitionDecision
from edudx.recognition.services import (
    RecognitionError,
    issue_decision,
    publish_decision,
    reopen_recognition,
)
from edudx.recognition.tests.conftest import DECISION
from edudx.reviews.models import EvaluationEntry
from edudx.reviews.results import external_result

DAY = dt.date(2026, 6, 15)


def decide(campaign, assessments, by, **extra):
    return issue_decision(campaign, assessments, **{**DECISION, "date": DAY, **extra}, by=by)


def test_decision_fixes_each_institutions_external_levels_and_points(
    campaign, make_assessment, officer_x
):
    t01 = make_assessment("T01")
    t02 = make_assessment("T02", corrections={"1.4.1": 10})
    decision = decide(campaign, [t01, t02], officer_x)
    expected = {a.pk: external_result(a.evaluation) for a in (t01, t02)}
    results = {r.assessment_id: r for r in decision.results.all()}
    assert set(results) == {t01.pk, t02.pk}
    for pk, result in results.items():
        groups = expected[pk].groups
        assert result.levels == {code: g.level for code, g in groups.items()}
        assert result.points == {code: round(g.points, 2) for code, g in groups.items()}
        assert result.framework_code == "4725"
    assert results[t01.pk].points["1"] > results[t02.pk].points["1"]  # the correction counts
    assert decision.authority == campaign.authority
    for a in (t01, t02):
        a.refresh_from_db()
        assert a.state == S.RECOGNISED
    assert AuditRecord.objects.filter(action="assessment.recognise").count() == 2
    assert AuditRecord.objects.filter(action="recognition.decide").count() == 1


def test_recognised_result_is_locked(campaign, make_assessment, officer_x):
    t01 = make_assessment("T01")
    decision = decide(campaign, [t01], officer_x)
    frozen = decision.results.get().levels, decision.results.get().points
    with pytest.raises(AssessmentError):
        save_fact(t01, "1.4.1", 5, revision=1, by=officer_x)
    with pytest.raises(RecognitionError, match="Trường Tiểu học Lê Lợi"):
        decide(campaign, [t01], officer_x, number="126/QĐ-UBND")
    # a later change of the evaluation (were it possible) does not move the recognised values
    EvaluationEntry.objects.create(
        evaluation=t01.evaluation, code="1.4.1", value=0, comment="sau công nhận"
    )
    result = RecognisedResult.objects.get()
    assert (result.levels, result.points) == frozen
    assert RecognitionDecision.objects.count() == 1


def test_decision_refused_naming_institutions_not_evaluated_changes_nothing(
    campaign, make_assessment, officer_x
):
    t01 = make_assessment("T01")
    t02 = make_assessment("T02", state=S.UNDER_REVIEW)
    with pytest.raises(RecognitionError, match="Trường TH&THCS Ngô Quyền") as exc:
        decide(campaign, [t01, t02], officer_x)
    assert "Lê Lợi" not in str(exc.value)
    t01.refresh_from_db()
    assert t01.state == S.EVALUATED
    assert not RecognitionDecision.objects.exists()
    assert not RecognisedResult.objects.exists()
    assert not AuditRecord.objects.filter(action__startswith="assessment.recog").exists()


def test_open_evaluation_is_not_recognised(campaign, make_assessment, officer_x):
    t01 = make_assessment("T01")
    t01.evaluation.state = "open"
    t01.evaluation.save()
    with pytest.raises(RecognitionError, match="Lê Lợi"):
        decide(campaign, [t01], officer_x)


def test_decision_number_is_unique_per_authority(campaign, make_assessment, officer_x):
    decide(campaign, [make_assessment("T01")], officer_x)
    t02 = make_assessment("T02")
    with pytest.raises(RecognitionError, match="đã có quyết định số 125/QĐ-UBND") as exc:
        decide(campaign, [t02], officer_x)
    assert exc.value.field == "number"
    t02.refresh_from_db()
    assert t02.state == S.EVALUATED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"number": " "}, "number"),
        ({"signer_name": ""}, "signer_name"),
        ({"signer_title": ""}, "signer_title"),
        ({"date": dt.date(2999, 1, 1)}, "date"),
    ],
)
def test_decision_needs_number_signer_and_a_past_date(
    campaign, make_assessment, officer_x, changes, field
):
    t01 = make_assessment("T01")
    with pytest.raises(RecognitionError) as exc:
        decide(campaign, [t01], officer_x, **changes)
    assert exc.value.field == field
    assert not RecognitionDecision.objects.exists()


def test_decision_refuses_an_assessment_of_another_campaign(
    campaign, make_assessment, officer_x, tree, bundled_frameworks
):
    from edudx.assessments.campaigns import default_deadlines, open_campaign

    other = open_campaign(
        authority=tree["X01"],
        school_year="2024-2025",
        versions={"primary": bundled_frameworks["4725"]},
        deadlines=default_deadlines("2024-2025"),
    ).campaign
    t01 = make_assessment("T01")
    with pytest.raises(RecognitionError, match="không thuộc đợt"):
        decide(other, [t01], officer_x)


def test_reopen_needs_a_reason_and_changes_nothing_without_one(
    campaign, make_assessment, officer_x
):
    decision = decide(campaign, [make_assessment("T01")], officer_x)
    result = decision.results.get()
    with pytest.raises(AssessmentError, match="lý do"):
        reopen_recognition(result, by=officer_x, reason="  ")
    result.refresh_from_db()
    assert not result.withdrawn
    assert result.assessment.state == S.RECOGNISED


def test_reopen_records_the_reason_and_allows_a_new_recognition(
    campaign, make_assessment, officer_x
):
    t01 = make_assessment("T01")
    first = decide(campaign, [t01], officer_x)
    result = first.results.get()
    reopen_recognition(result, by=officer_x, reason="Sai sót số liệu tiêu chí 1.4")
    result.refresh_from_db()
    t01.refresh_from_db()
    assert result.withdrawn and result.withdrawn_by == officer_x
    assert result.withdrawal_reason == "Sai sót số liệu tiêu chí 1.4"
    assert t01.state == S.EVALUATED
    audit = AuditRecord.objects.get(action="assessment.reopen_recognition")
    assert audit.note == "Sai sót số liệu tiêu chí 1.4"
    assert audit.before == {"state": "recognised"} and audit.after == {"state": "evaluated"}
    with pytest.raises(RecognitionError, match="đã được mở lại"):
        reopen_recognition(result, by=officer_x, reason="lần nữa")
    second = decide(campaign, [t01], officer_x, number="130/QĐ-UBND")
    assert second.results.current().count() == 1
    assert RecognisedResult.objects.current().get().decision == second
    assert RecognisedResult.objects.count() == 2  # the first stays, withdrawn, in its decision


def test_publish_makes_only_standing_results_public_once(campaign, make_assessment, officer_x):
    t01, t02 = make_assessment("T01"), make_assessment("T02")
    decision = decide(campaign, [t01, t02], officer_x)
    assert not RecognisedResult.objects.public().exists()
    reopen_recognition(decision.results.get(assessment=t02), by=officer_x, reason="Xem lại")
    publish_decision(decision, by=officer_x)
    assert list(RecognisedResult.objects.public().values_list("assessment", flat=True)) == [t01.pk]
    published_at = RecognitionDecision.objects.get().published_at
    with pytest.raises(RecognitionError, match="đã được công bố"):
        publish_decision(decision, by=officer_x)
    assert RecognitionDecision.objects.get().published_at == published_at
    assert AuditRecord.objects.filter(action="recognition.publish").count() == 1


def test_a_decision_with_every_result_reopened_cannot_be_published(
    campaign, make_assessment, officer_x
):
    decision = decide(campaign, [make_assessment("T01")], officer_x)
    reopen_recognition(decision.results.get(), by=officer_x, reason="Xem lại")
    with pytest.raises(RecognitionError, match="không còn kết quả"):
        publish_decision(decision, by=officer_x)
    assert RecognitionDecision.objects.get().published_at is None
