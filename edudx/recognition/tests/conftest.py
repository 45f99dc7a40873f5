"""A campaign of UBND phường Lê Chân (X01) for 2025-2026 with T01 and T02, and a factory of
externally evaluated assessments (built directly: the review screens are another slice)."""

import pytest
from django.utils import timezone

from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import AssessmentState, SelfAssessment
from edudx.reviews.models import Evaluation, EvaluationEntry, EvaluationState

YEAR = "2025-2026"
# Group 1 at level 1 (mandatory 1.1/1.2 met, few points); group 2 gated to level 1 (2.1 unmet).
FACTS = {"1.1": True, "1.2": True, "1.4.1": 45, "1.5.1": True, "1.5.2": True}


@pytest.fixture
def make_assessment(campaign, tree):
    """An assessment of an institution of the campaign in `state`, with its facts saved while in
    draft; from "evaluated" on, with a finalised external evaluation (optionally correcting
    facts: `corrections` = {code: value})."""

    def make(code="T01", state=AssessmentState.EVALUATED, facts=None, corrections=None):
        participation = campaign.participations.get(institution=tree[code])
        assessment = start_assessment(participation)
        for fact_code, value in (FACTS if facts is None else facts).items():
            save_fact(assessment, fact_code, value, revision=0, by=None)
        SelfAssessment.objects.filter(pk=assessment.pk).update(state=state)
        if state in (AssessmentState.EVALUATED, AssessmentState.RECOGNISED):
            evaluation = Evaluation.objects.create(
                assessment=assessment, state=EvaluationState.FINAL, finalised_at=timezone.now()
            )
            for fact_code, value in (corrections or {}).items():
                EvaluationEntry.objects.create(
                    evaluation=evaluation, code=fact_code, value=value, comment="Kiểm tra lại"
                )
        assessment.refresh_from_db()
        return assessment

    return make


DECISION = {
    "number": "125/QĐ-UBND",
    "signer_name": "Nguyễn Văn Bình",
    "signer_title": "Chủ tịch",
}
