"""The authority's transitions of a submission. Each goes through
`edudx.assessments.workflow.transition` (row locked, source state checked, reason required where
the law asks for one, one audit record); the services in `services.py` add what each needs."""

from __future__ import annotations

from edudx.assessments.models import AssessmentState as S
from edudx.assessments.workflow import Transition

AUTHORITY_ACTIONS: dict[str, Transition] = {
    "accept": Transition(
        frozenset({S.SUBMITTED}),
        S.UNDER_REVIEW,
        False,
        "Chỉ tiếp nhận được hồ sơ đã nộp mà chưa được tiếp nhận.",
    ),
    "return": Transition(
        frozenset({S.SUBMITTED, S.UNDER_REVIEW}),
        S.RETURNED,
        True,
        "Chỉ yêu cầu bổ sung được hồ sơ đã nộp hoặc đã tiếp nhận mà chưa đánh giá ngoài xong.",
    ),
    "unaccept": Transition(
        frozenset({S.UNDER_REVIEW}),
        S.SUBMITTED,
        True,
        "Chỉ thu hồi tiếp nhận được hồ sơ đang được đánh giá ngoài (chưa hoàn thành).",
    ),
    "finalise": Transition(
        frozenset({S.UNDER_REVIEW}),
        S.EVALUATED,
        False,
        "Chỉ hoàn thành đánh giá ngoài được hồ sơ đã được tiếp nhận để đánh giá.",
    ),
}

#: The actions a reviewer takes on the review page (finalise is the team head's, on the
#: evaluation page).
REVIEW_ACTIONS = ("accept", "return", "unaccept")
