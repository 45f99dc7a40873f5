"""Where each institution stands in the year, counted the same way on every page.

"Chưa bắt đầu" (not started) is an institution that has saved no answer yet: it has no
self-assessment, or only a draft without a single fact (a draft made by adding evidence or
forming the council before answering). Everything else shows its assessment's state. The
campaign page, the review queue, the roll-up, the workbooks and the home pages all count through
`with_progress` / `progress_of`, so that "Chưa bắt đầu" and "Bản nháp" mean the same everywhere."""

from __future__ import annotations

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from edudx.assessments.models import AssessmentState, SelfAssessment

NOT_STARTED = "not_started"
NOT_STARTED_LABEL = _("Not started")

#: Every progress a participation can be in, in the year's order, with its label.
PROGRESS_CHOICES: list[tuple[str, str]] = [
    (NOT_STARTED, NOT_STARTED_LABEL),
    *AssessmentState.choices,
]


def with_progress(participations: QuerySet) -> QuerySet:
    """Participations annotated with `progress` (one query, no row per institution in Python).

    "Has a fact" is the assessment's stored `answered` (kept by standing.refresh, which every
    service that saves a fact calls), not an EXISTS over the facts: PostgreSQL plans that one as
    a hash over every fact of the country even to count one commune."""
    return participations.annotate(
        progress=Case(
            When(assessment__isnull=True, then=Value(NOT_STARTED)),
            When(
                Q(assessment__state=AssessmentState.DRAFT, assessment__answered=False),
                then=Value(NOT_STARTED),
            ),
            default=F("assessment__state"),
            output_field=CharField(),
        )
    )


def progress_of(assessment: SelfAssessment | None, *, answered: bool | None = None) -> str:
    """The same rule for one assessment already in hand (`answered`: whether it has a fact, when
    the caller counted its facts itself; else the stored flag)."""
    if assessment is None or assessment.is_blank:
        return NOT_STARTED
    if assessment.state == AssessmentState.DRAFT:
        if answered is None:
            answered = assessment.answered
        if not answered:
            return NOT_STARTED
    return assessment.state


def progress_label(progress: str) -> str:
    return str(dict(PROGRESS_CHOICES).get(progress, progress))
