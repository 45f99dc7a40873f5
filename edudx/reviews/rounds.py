"""The returns of a file for supplement and the comments the institution sees: they stay open
from a return until the authority accepts the file again."""

from __future__ import annotations

from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import SelfAssessment
from edudx.reviews.models import ReturnRound, ReviewComment


def latest_round(assessment: SelfAssessment) -> ReturnRound | None:
    return assessment.return_rounds.order_by("-number").first()


#: From a return until the authority accepts the file again, its comments stay open.
OPEN_STATES = frozenset({S.RETURNED, S.DRAFT, S.APPROVED, S.SUBMITTED})


def open_comments(assessment: SelfAssessment) -> dict[str, list[ReviewComment]]:
    """The comments of the latest return, by criterion code (for the institution's form); none
    once the authority has accepted the file for evaluation."""
    out: dict[str, list[ReviewComment]] = {}
    if assessment.state not in OPEN_STATES:
        return out
    rnd = latest_round(assessment)
    if rnd is not None:
        for comment in rnd.comments.all():
            out.setdefault(comment.criterion, []).append(comment)
    return out
