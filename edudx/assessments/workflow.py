"""The institution's side of the year's file: its due date, what stops approval, the head's
decisions and the authority's extension of one due date.

The states and transitions themselves are the one table of `transitions.py`; this module
supplies the guards of the head's actions (a complete file to approve, the due date to submit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from edudx.assessments import details as item_details
from edudx.assessments.errors import ApprovalRefused, AssessmentError
from edudx.assessments.facts import started
from edudx.assessments.models import SelfAssessment
from edudx.assessments.transitions import Who, actions_of, transition
from edudx.core.models import record

#: The head's decisions on the file, from the one table.
INSTITUTION_ACTIONS = tuple(actions_of(Who.HEAD))


_ASK = object()


def due_date(assessment: SelfAssessment, *, supplement_due=_ASK) -> dt.date:
    """The institution's own self-assessment due date: the campaign's, or a later one the
    authority granted. A file the authority returned for supplement (usually after the
    campaign's date) may be resubmitted until the supplement deadline the officer set with the
    return (the external evaluation deadline for a return made before deadlines were set). A
    list of many assessments passes `supplement_due` (known in bulk; None: never returned)
    rather than asking row by row."""
    campaign = assessment.participation.campaign
    due = campaign.self_assessment_due
    if assessment.extended_until:
        due = max(due, assessment.extended_until)
    if supplement_due is _ASK:
        supplement_due = latest_supplement_due(assessment)
    if supplement_due is not None:
        due = max(due, supplement_due)
    return due


def latest_supplement_due(assessment: SelfAssessment) -> dt.date | None:
    """The supplement deadline of the latest return, or None when the file was never returned."""
    if not assessment.pk:
        return None
    latest = assessment.return_rounds.order_by("-number").values_list("due", flat=True)[:1]
    if not latest:
        return None
    return latest[0] or assessment.participation.campaign.evaluation_due


@dataclass(frozen=True)
class ApprovalProblem:
    """One thing that stops approval, with the item or criterion it is about, so that a page can
    link the person straight to the place to fix it."""

    code: str  # the item (1.3.1) or, for missing evidence, the criterion (1.3)
    text: str
    item: bool = True

    @property
    def anchor(self) -> str:
        """The id of the place on the form: the item's own form, or the criterion's block."""
        return f"item-{self.code}" if self.item else f"c-{self.code}"

    def __str__(self) -> str:
        return self.text


def approval_problems(assessment: SelfAssessment) -> list[ApprovalProblem]:
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
                    problems.append(
                        ApprovalProblem(
                            spec.code, f"Mục {spec.code}: lấy từ năm trước, chưa được xác nhận"
                        )
                    )
                if item_details.is_claimed(entry.value):
                    claimed = True
                    missing = item_details.missing_details(spec.details, entry.details)
                    if missing:
                        problems.append(
                            ApprovalProblem(
                                spec.code, f"Mục {spec.code}: thiếu {', '.join(missing).lower()}"
                            )
                        )
            if claimed and criterion.code not in supported:
                problems.append(
                    ApprovalProblem(
                        criterion.code, f"Tiêu chí {criterion.code}: chưa có minh chứng", item=False
                    )
                )
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
                shown = "; ".join(p.text for p in problems[:5])
                shown += "; …" if len(problems) > 5 else "."
                raise ApprovalRefused(
                    f"Chưa phê duyệt được ({len(problems)} vấn đề): {shown}", problems
                )
        if action == "submit" and today > due_date(locked):
            raise AssessmentError(
                f"Đã quá hạn nộp ({due_date(locked):%d/%m/%Y}); hãy đề nghị cơ quan quản lý gia hạn."
            )

    return transition(assessment, action, by=by, reason=reason, check=check)


@transaction.atomic
def extend_deadline(assessment: SelfAssessment, until: dt.date, *, by, reason: str):
    """The authority grants one institution a later self-assessment due date (recorded). It
    must be later than the campaign's and no later than the external evaluation's."""
    started(assessment)  # an extension may come before the school has saved anything
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
