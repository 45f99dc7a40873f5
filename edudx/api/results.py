"""Points and levels as the API shows them: the self-assessed result, the external one, the
recognised one — all computed by the engine (or frozen at recognition), never here. The rows
come with their facts, evaluation and recognitions already fetched, so that a page of many
participations costs the same few queries whatever its size."""

from __future__ import annotations

from django.db.models import Prefetch

from edudx.assessments.models import AssessmentState, Participation
from edudx.frameworks.scoring import score, validate_facts
from edudx.recognition.models import RecognisedResult
from edudx.reviews.results import external_result


def with_results(queryset):
    """`queryset` of participations with everything `result_of` reads."""
    return queryset.select_related(
        "campaign__authority", "institution", "version", "assessment__evaluation"
    ).prefetch_related(
        "assessment__facts",
        "assessment__evaluation__entries",
        Prefetch(
            "assessment__recognitions",
            queryset=RecognisedResult.objects.current().select_related("decision"),
            to_attr="standing",
        ),
    )


def assessment_of(participation: Participation):
    try:
        return participation.assessment
    except Participation.assessment.RelatedObjectDoesNotExist:
        return None


def evaluation_of(assessment):
    try:
        return assessment.evaluation
    except type(assessment).evaluation.RelatedObjectDoesNotExist:
        return None


def engine_result(result) -> dict:
    return {
        "groups": [
            {"code": c, "points": g.points, "level": g.level} for c, g in result.groups.items()
        ],
        "criteria": [
            {"code": c, "points": r.points, "level": r.level, "met": r.met}
            for c, r in result.criteria.items()
        ],
        "items": [
            {"code": c, "fact": r.fact, "points": r.points, "suggested": r.suggested}
            for c, r in result.items.items()
        ],
    }


def self_assessed(participation: Participation, assessment):
    fw = participation.version.framework()
    entries = list(assessment.facts.all()) if assessment is not None else []
    facts = validate_facts(
        fw,
        {e.code: e.value for e in entries if e.value is not None},
        awarded={e.code: float(e.awarded) for e in entries if e.awarded is not None} or None,
    )
    return score(fw, facts)


def result_of(participation: Participation) -> dict:
    assessment = assessment_of(participation)
    evaluation = evaluation_of(assessment) if assessment is not None else None
    standing = getattr(assessment, "standing", []) if assessment is not None else []
    recognised = standing[0] if standing else None
    return {
        "participation": participation.pk,
        "institution": participation.institution.code,
        "state": assessment.state if assessment is not None else AssessmentState.DRAFT,
        "self_assessed": engine_result(self_assessed(participation, assessment)),
        "external": (
            {"state": evaluation.state, **engine_result(external_result(evaluation))}
            if evaluation is not None
            else None
        ),
        "recognised": (
            {
                "decision": recognised.decision_id,
                "decision_number": recognised.decision.number,
                "decision_date": recognised.decision.date,
                "groups": [
                    {"code": g.code, "points": g.points, "level": g.level}
                    for g in recognised.rows()
                ],
            }
            if recognised is not None
            else None
        ),
    }
