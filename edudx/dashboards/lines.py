"""Keeping the summary rows (ScoreLine) in step with the assessments.

One receiver of `state_changed`: every transition re-scores the assessment with the engine (the
same functions the form and the evaluation pages use) and replaces its rows. Nothing else writes
them; `rebuild` does the same for every assessment (after an upgrade, or in the benchmark). The
per-authority roll-up (rollups.py) is recomputed from them in the same transaction."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import receiver

from edudx.assessments.models import AssessmentState, FactEntry, SelfAssessment
from edudx.assessments.signals import state_changed
from edudx.dashboards import rollups
from edudx.dashboards.models import ScoreLine, Side
from edudx.frameworks.scoring import FactsError, score, validate_facts
from edudx.reviews.models import Evaluation
from edudx.reviews.results import evaluated_facts

#: States in which the external evaluation is the standing result.
EXTERNAL_STATES = frozenset({AssessmentState.EVALUATED, AssessmentState.RECOGNISED})

#: States in which the self-assessment is the institution's claim: from the head's approval
#: onward (approved, submitted, accepted for evaluation, evaluated, recognised). Not a draft
#: (never approved, reopened or withdrawn) nor a file returned for supplement (being revised;
#: it counts again once approved again). These are exactly the states in which the facts are
#: locked (assessments.models.EDITABLE_STATES is the rest). A file outside them has no `self`
#: rows at all, so every self-side figure, the standing result, the change since last year and
#: the .xlsx leave it out by the same rule; the funnel counts participations, not these rows.
CLAIMED_STATES = frozenset(
    {
        AssessmentState.APPROVED,
        AssessmentState.SUBMITTED,
        AssessmentState.UNDER_REVIEW,
        AssessmentState.EVALUATED,
        AssessmentState.RECOGNISED,
    }
)


def _lines(assessment: SelfAssessment, side: str, result, current: bool) -> list[ScoreLine]:
    participation = assessment.participation
    common = {
        "current": current,
        "assessment_id": assessment.pk,
        "institution_id": participation.institution_id,
        "school_year": participation.campaign.school_year,
        "framework": result.framework.code,
        "side": side,
    }
    out = []
    for group in result.framework.groups:
        g = result.groups[group.code]
        out.append(
            ScoreLine(
                **common,
                group=group.code,
                points=float(g.points),
                maximum=float(group.max_points),
                level=g.level,
            )
        )
        for criterion in group.criteria:
            if criterion.mandatory:  # a condition, not points: it gates the group's level
                continue
            c = result.criteria[criterion.code]
            out.append(
                ScoreLine(
                    **common,
                    group=group.code,
                    criterion=criterion.code,
                    points=float(c.points),
                    maximum=float(criterion.max_points),
                    level=c.level,
                )
            )
    return out


def _score(fw, facts: dict, awarded: dict):
    if not facts:
        return None
    try:
        return score(fw, validate_facts(fw, facts, awarded=awarded or None))
    except FactsError:  # a file the engine cannot read counts nowhere rather than wrongly
        return None


def lines_for(assessment: SelfAssessment, facts=None) -> list[ScoreLine]:
    """The rows the assessment should have now. `facts`: (facts, awarded) when known in bulk."""
    fw = assessment.participation.version.framework()
    if facts is None:
        facts, awarded = {}, {}
        for code, value, points in FactEntry.objects.filter(assessment=assessment).values_list(
            "code", "value", "awarded"
        ):
            if value is not None:
                facts[code] = value
            if points is not None:
                awarded[code] = float(points)
    else:
        facts, awarded = facts
    external = None
    if assessment.state in EXTERNAL_STATES:
        evaluation = Evaluation.objects.filter(assessment=assessment).first()
        if evaluation is not None:
            external = _score(fw, *evaluated_facts(evaluation))
    out = []
    own = _score(fw, facts, awarded) if assessment.state in CLAIMED_STATES else None
    if own is not None:
        out += _lines(assessment, Side.SELF, own, current=external is None)
    if external is not None:
        out += _lines(assessment, Side.EXTERNAL, external, current=True)
    return out


def refresh(assessment: SelfAssessment) -> int:
    """Replace the assessment's rows by what its facts and evaluation give now."""
    assessment = SelfAssessment.objects.select_related(
        "participation__campaign", "participation__version"
    ).get(pk=assessment.pk)
    lines = lines_for(assessment)
    with transaction.atomic():
        ScoreLine.objects.filter(assessment=assessment).delete()
        ScoreLine.objects.bulk_create(lines)
        rollups.recompute_for(assessment.participation)
    return len(lines)


@receiver(state_changed, dispatch_uid="dashboards.state_changed")
def _state_changed(sender, assessment, **kwargs):
    refresh(assessment)


def rebuild(assessments=None, *, batch: int = 500) -> int:
    """Rewrite the rows of every assessment (or of the given queryset), then the roll-up of
    their authorities; returns summary rows written."""
    chosen = (assessments if assessments is not None else SelfAssessment.objects.all()).order_by(
        "pk"
    )
    written, last, pairs = 0, 0, set()
    while True:
        page = list(
            chosen.filter(pk__gt=last).select_related(
                "participation__campaign", "participation__version"
            )[:batch]
        )
        if not page:
            if assessments is None:
                rollups.rebuild()
            else:
                rollups.recompute(pairs)
            return written
        facts = {a.pk: ({}, {}) for a in page}
        for aid, code, value, points in FactEntry.objects.filter(
            assessment__in=[a.pk for a in page]
        ).values_list("assessment_id", "code", "value", "awarded"):
            if value is not None:
                facts[aid][0][code] = value
            if points is not None:
                facts[aid][1][code] = float(points)
        lines = []
        for a in page:
            lines += lines_for(a, facts[a.pk])
        with transaction.atomic():
            ScoreLine.objects.filter(assessment__in=[a.pk for a in page]).delete()
            ScoreLine.objects.bulk_create(lines, batch_size=2000)
        written += len(lines)
        last = page[-1].pk
        if assessments is not None:
            for a in page:
                pairs.update(rollups.pairs_for(a.participation))
