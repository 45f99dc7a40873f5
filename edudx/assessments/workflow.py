"""The states of an assessment and the one function that moves it between them.

Every state change — the head's (approve, reopen, submit, withdraw) and the authority's
(accept, return, evaluate, recognise, reopen…) — goes through `transition`: the row is locked,
the source state checked, a reason required where the law asks for one, and one audit record
written with the state before and after. Refused changes change nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from edudx.assessments import details as item_details
from edudx.assessments.errors import AssessmentError
from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import SelfAssessment
from edudx.core.models import record
from edudx.notifications import events


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    needs_reason: bool
    refused: str


INSTITUTION_ACTIONS: dict[str, Transition] = {
    "approve": Transition(
        frozenset({S.DRAFT, S.RETURNED}),
        S.APPROVED,
        False,
        "Chỉ phê duyệt được bản tự đánh giá đang soạn hoặc đã được trả lại để bổ sung.",
    ),
    "reopen": Transition(
        frozenset({S.APPROVED}), S.DRAFT, True, "Chỉ mở lại được bản đã phê duyệt mà chưa nộp."
    ),
    "submit": Transition(
        frozenset({S.APPROVED}),
        S.SUBMITTED,
        False,
        "Thủ trưởng phải phê duyệt trước khi nộp; bản đã nộp không nộp lại.",
    ),
    "withdraw": Transition(
        frozenset({S.SUBMITTED}),
        S.DRAFT,
        True,
        "Chỉ hủy nộp được bản đã nộp mà cơ quan quản lý chưa tiếp nhận.",
    ),
}


@transaction.atomic
def transition(
    assessment: SelfAssessment,
    action: str,
    spec: Transition,
    *,
    by,
    reason: str = "",
    check: Callable[[SelfAssessment], None] | None = None,
    stamp: str | None = None,
) -> SelfAssessment:
    """Move `assessment` by `spec`, or raise AssessmentError and change nothing. `check` may
    refuse after the row is locked; `stamp` names a timestamp field set to now."""
    locked = (
        SelfAssessment.objects.select_for_update()
        .select_related("participation__campaign", "participation__version")
        .get(pk=assessment.pk)
    )
    if locked.state not in spec.sources:
        raise AssessmentError(spec.refused)
    if spec.needs_reason and not reason.strip():
        raise AssessmentError("Hãy nêu lý do.", field="reason")
    if check is not None:
        check(locked)
    before = locked.state
    locked.state = spec.target
    fields = ["state", "updated_at"]
    if stamp:
        setattr(locked, stamp, timezone.now())
        fields.append(stamp)
    locked.save(update_fields=fields)
    record(
        f"assessment.{action}",
        locked,
        actor=by,
        before={"state": before},
        after={"state": spec.target},
        note=reason.strip(),
    )
    for name in fields[:1] + fields[2:]:
        setattr(assessment, name, getattr(locked, name))
    return locked


def due_date(assessment: SelfAssessment, *, returned: bool | None = None) -> dt.date:
    """The institution's own self-assessment due date: the campaign's, or a later one the
    authority granted. A file the authority returned for supplement (usually after the
    campaign's date) may be resubmitted until the external evaluation deadline. A list of many
    assessments passes `returned` (known in bulk) rather than asking row by row."""
    campaign = assessment.participation.campaign
    due = campaign.self_assessment_due
    if assessment.extended_until:
        due = max(due, assessment.extended_until)
    if returned is None:
        returned = bool(assessment.pk) and assessment.return_rounds.exists()
    if returned:
        due = max(due, campaign.evaluation_due)
    return due


def approval_problems(assessment: SelfAssessment) -> list[str]:
    """Why the head cannot approve yet: a claimed item without the details its rule asks, a
    criterion claimed without any evidence, an item carried from last year not yet confirmed."""
    fw = assessment.participation.version.framework()
    entries = {e.code: e for e in assessment.facts.all()}
    supported = {code for ev in assessment.evidence.all() for code in ev.criteria}
    problems = []
    for group in fw.groups:
        for criterion in group.criteria:
            specs = criterion.fact_specs()
            claimed = False
            for spec in specs:
                entry = entries.get(spec.code)
                if entry is None:
                    continue
                if entry.carried:
                    problems.append(f"Mục {spec.code}: lấy từ năm trước, chưa được xác nhận")
                if item_details.is_claimed(entry.value):
                    claimed = True
                    missing = item_details.missing_details(spec.details, entry.details)
                    if missing:
                        problems.append(f"Mục {spec.code}: thiếu {', '.join(missing).lower()}")
            if claimed and criterion.code not in supported:
                problems.append(f"Tiêu chí {criterion.code}: chưa có minh chứng")
    return problems


def change_state(assessment: SelfAssessment, action: str, *, by, reason: str = "", today=None):
    """One of the head's decisions. Approval needs a complete file (details and evidence of
    every claimed item); submission is refused after the institution's due date."""
    if action not in INSTITUTION_ACTIONS:
        raise AssessmentError(f"Thao tác '{action}' không hợp lệ.")
    today = today or timezone.localdate()

    def check(locked: SelfAssessment) -> None:
        if action == "approve":
            problems = approval_problems(locked)
            if problems:
                shown = "; ".join(problems[:5]) + ("; …" if len(problems) > 5 else ".")
                raise AssessmentError(
                    f"Chưa phê duyệt được ({len(problems)} vấn đề): {shown}", field="approve"
                )
        if action == "submit" and today > due_date(locked):
            raise AssessmentError(
                f"Đã quá hạn nộp ({due_date(locked):%d/%m/%Y}); hãy đề nghị cơ quan quản lý gia hạn."
            )

    stamp = {"approve": "approved_at", "submit": "submitted_at"}.get(action)
    with transaction.atomic():
        locked = transition(
            assessment,
            action,
            INSTITUTION_ACTIONS[action],
            by=by,
            reason=reason,
            check=check,
            stamp=stamp,
        )
        if action == "submit":
            events.on_submitted(locked)
    return locked


@transaction.atomic
def extend_deadline(assessment: SelfAssessment, until: dt.date, *, by, reason: str):
    """The authority grants one institution a later self-assessment due date (recorded). It
    must be later than the campaign's and no later than the external evaluation's."""
    locked = (
        SelfAssessment.objects.select_for_update()
        .select_related("participation__campaign")
        .get(pk=assessment.pk)
    )
    campaign = locked.participation.campaign
    if not reason.strip():
        raise AssessmentError("Hãy nêu lý do gia hạn.", field="reason")
    if until <= campaign.self_assessment_due:
        raise AssessmentError(
            f"Ngày gia hạn phải sau hạn tự đánh giá của đợt ({campaign.self_assessment_due:%d/%m/%Y}).",
            field="until",
        )
    if until > campaign.evaluation_due:
        raise AssessmentError(
            f"Ngày gia hạn không được sau hạn đánh giá ngoài ({campaign.evaluation_due:%d/%m/%Y}).",
            field="until",
        )
    before = locked.extended_until
    locked.extended_until = until
    locked.save(update_fields=["extended_until", "updated_at"])
    record(
        "assessment.extend",
        locked,
        actor=by,
        before={"extended_until": before.isoformat() if before else None},
        after={"extended_until": until.isoformat()},
        note=reason.strip(),
    )
    assessment.extended_until = until
    return locked
