"""The authority's recognition transitions of an assessment (through the one `transition`)."""

from __future__ import annotations

from edudx.assessments.models import AssessmentState as S
from edudx.assessments.workflow import Transition

RECOGNITION_ACTIONS: dict[str, Transition] = {
    "recognise": Transition(
        frozenset({S.EVALUATED}),
        S.RECOGNISED,
        False,
        "Chỉ công nhận được cơ sở giáo dục đã có kết quả đánh giá ngoài và chưa được công nhận.",
    ),
    "reopen_recognition": Transition(
        frozenset({S.RECOGNISED}),
        S.EVALUATED,
        True,
        "Chỉ mở lại được kết quả đã được công nhận.",
    ),
}
