"""The improvement plan (kế hoạch cải thiện) of a self-assessment: for the criteria the institution
chooses, the level it aims at (or, for an unmet mandatory condition, to meet it: `target_level`
empty), the actions, who, by when, with what.

The plan is part of the file: it is changed under the same lock as the facts (only while the
self-assessment may be edited; after approval it takes the head's recorded reopening), from the
revision its page was loaded at, with an audit record on the assessment so that the history shows
it. What a target needs comes from the engine (`scoring.target_band`, `scoring.condition_target`);
nothing is scored here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import assessment_result, lock_editable
from edudx.assessments.models import PlanAction, PlanTarget, SelfAssessment
from edudx.assessments.prefill import previous_assessment
from edudx.core.models import record
from edudx.core.revisions import expect
from edudx.frameworks.scoring import (
    ConditionTarget,
    Target,
    condition_target,
    target_band,
    target_levels,
    target_reached,
)

PLAN_LOCKED = (
    "Bản tự đánh giá đã được phê duyệt hoặc đã nộp nên kế hoạch cải thiện không sửa được nữa; "
    "thủ trưởng cần mở lại trước khi sửa."
)
ACTION_MAX = 500
OWNER_MAX = 200
MET = "Đáp ứng"  # a mandatory condition's target, as the history and the workbook write it


def _key(text: str) -> str:
    """Two schools writing the same action with other capitals or spacing count as one."""
    return re.sub(r"\s+", " ", text).strip().lower()[:ACTION_MAX]


def _snapshot(target: PlanTarget) -> dict:
    aim = {"target": MET} if target.is_condition else {"target_level": target.target_level}
    return {
        **aim,
        "actions": target.actions,
        "owner": target.owner,
        "due": target.due.isoformat() if target.due else None,
        "resources": target.resources,
    }


def _criterion(fw, code: str):
    criterion = next((cr for cr in fw.criteria() if cr.code == code), None)
    if criterion is None:
        raise AssessmentError(
            f"Tiêu chí “{code}” không có trong bộ chỉ số {fw.decision.number}.", field="criterion"
        )
    return criterion


def _clean(
    target_level, actions: str, owner: str, due, resources: str, *, condition, today, problems
):
    """The target's fields cleaned; each refusal is added to `problems` so that the person sees
    every field to correct at once, not one per attempt."""
    lines = [line.strip() for line in (actions or "").splitlines() if line.strip()]
    if not lines:
        problems.append(
            AssessmentError("Hãy ghi ít nhất một nhiệm vụ, giải pháp.", field="actions")
        )
    too_long = next((line for line in lines if len(line) > ACTION_MAX), None)
    if too_long is not None:
        problems.append(
            AssessmentError(
                f"Mỗi nhiệm vụ tối đa {ACTION_MAX} ký tự (một dòng một nhiệm vụ): “{too_long[:40]}…”.",
                field="actions",
            )
        )
    owner = (owner or "").strip()
    if not owner:
        problems.append(AssessmentError("Hãy ghi người phụ trách.", field="owner"))
    elif len(owner) > OWNER_MAX:
        problems.append(
            AssessmentError(f"Người phụ trách tối đa {OWNER_MAX} ký tự.", field="owner")
        )
    if not isinstance(due, dt.date):
        problems.append(AssessmentError("Hãy ghi thời hạn hoàn thành (dd/mm/yyyy).", field="due"))
    elif due < today:
        problems.append(
            AssessmentError(
                f"Thời hạn {due:%d/%m/%Y} đã qua; hãy chọn một ngày từ hôm nay ({today:%d/%m/%Y}).",
                field="due",
            )
        )
    if not condition and not isinstance(target_level, int):
        problems.append(AssessmentError("Hãy chọn mức độ mục tiêu.", field="target_level"))
    return "\n".join(lines), lines, owner, (resources or "").strip()


class PlanRefused(AssessmentError):
    """Every field of a target to correct, each with its message (`problems`)."""

    def __init__(self, problems: list[AssessmentError]):
        super().__init__(" ".join(str(p) for p in problems), field=problems[0].field)
        self.problems = problems


def _check_level(spec, current: int | None, target_level: int) -> None:
    levels = target_levels(spec, current)
    if not levels:
        raise AssessmentError(
            f"Tiêu chí {spec.code} đã ở mức độ cao nhất; không cần đặt mục tiêu.",
            field="target_level",
        )
    if target_level not in levels:
        allowed = ", ".join(str(level) for level in levels)
        raise AssessmentError(
            f"Mức độ mục tiêu của tiêu chí {spec.code} phải cao hơn mức hiện tại "
            f"({current or 'chưa xác định'}): chọn mức {allowed}.",
            field="target_level",
        )


@transaction.atomic
def save_target(
    assessment: SelfAssessment,
    criterion: str,
    *,
    target_level: int | None,
    actions: str,
    owner: str,
    due: dt.date | None,
    resources: str = "",
    revision,
    by,
) -> PlanTarget:
    """Add or change the plan's target for one criterion. Refused when the file is locked, the
    criterion unknown, the level not above the current one (a mandatory condition: already
    met), no action, no person in charge, a date in the past, or the target changed since
    `revision`. A mandatory condition takes no level (`target_level` is stored empty)."""
    locked = lock_editable(assessment, message=PLAN_LOCKED, related=("participation__version",))
    fw = locked.participation.version.framework()
    spec = _criterion(fw, criterion)
    if spec.mandatory:
        target_level = None  # its target is to be met, whatever level was posted
    problems: list[AssessmentError] = []
    actions, lines, owner, resources = _clean(
        target_level,
        actions,
        owner,
        due,
        resources,
        condition=spec.mandatory,
        today=timezone.localdate(),
        problems=problems,
    )
    target = (
        PlanTarget.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(assessment=locked, criterion=spec.code)
        .first()
    ) or PlanTarget(assessment=locked, criterion=spec.code)
    # A target already reached by facts saved since keeps its level (its person or date may
    # still change); a new or changed level must be above the current one, a new condition unmet.
    if spec.mandatory and not target.pk:
        if condition_target(assessment_result(locked), spec.code) is None:
            problems.insert(
                0,
                AssessmentError(
                    f"Điều kiện bắt buộc {spec.code} đã đạt; không cần đặt mục tiêu cho điều kiện này.",
                    field="criterion",
                ),
            )
    elif isinstance(target_level, int) and not (target.pk and target_level == target.target_level):
        try:
            _check_level(spec, assessment_result(locked).criteria[spec.code].level, target_level)
        except AssessmentError as exc:
            problems.append(exc)
    if problems:
        raise PlanRefused(problems)
    before = _snapshot(target) if target.pk else None
    stored = f"{aim_text(target.target_level)}, {target.owner}" if target.pk else "(đã xóa)"
    expect(target, revision, what=f"Mục tiêu của tiêu chí {spec.code}", stored=stored)
    target.target_level = target_level
    target.actions, target.owner, target.due, target.resources = actions, owner, due, resources
    after = _snapshot(target)
    if after == before:  # nothing changed: nothing written, nothing in the history
        return target
    target.updated_by = by
    target.save()
    target.action_rows.all().delete()
    PlanAction.objects.bulk_create(
        PlanAction(target=target, text=line, key=_key(line)) for line in lines
    )
    record("plan.target", locked, actor=by, before=before, after=after, note=spec.code)
    return target


@transaction.atomic
def remove_target(assessment: SelfAssessment, criterion: str, *, revision, by) -> None:
    """Take a criterion out of the plan, from the revision its page showed."""
    locked = lock_editable(assessment, message=PLAN_LOCKED)
    target = (
        PlanTarget.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(assessment=locked, criterion=criterion)
        .first()
    )
    if target is None:
        raise AssessmentError(f"Tiêu chí {criterion} không có trong kế hoạch.", field="criterion")
    before = _snapshot(target)
    expect(target, revision, what=f"Mục tiêu của tiêu chí {criterion}")
    target.delete()
    record("plan.remove", locked, actor=by, before=before, after=None, note=criterion)


# -- reading -------------------------------------------------------------------------------------


def aim_text(target_level: int | None) -> str:
    """A target in words: 'mức 2', or 'đáp ứng' for a mandatory condition."""
    return "đáp ứng" if target_level is None else f"mức {target_level}"


@dataclass
class PlanRow:
    """A target as pages and the report show it, with what the engine says it needs."""

    target: PlanTarget
    title: str
    current: int | None
    needs: Target | ConditionTarget | None
    reached: bool
    condition: bool = False  # a mandatory condition: the target is to be met, `current` is None


def plan_rows(assessment: SelfAssessment, result=None) -> list[PlanRow]:
    """The plan of an assessment, in the index's order (a blank assessment has none)."""
    if assessment.is_blank:
        return []
    targets = {t.criterion: t for t in assessment.plan_targets.select_related("updated_by")}
    if not targets:
        return []
    fw = assessment.participation.version.framework()
    result = result or assessment_result(assessment)
    rows = []
    for cr in fw.criteria():
        target = targets.get(cr.code)
        if target is None:
            continue
        current = result.criteria[cr.code].level if cr.code in result.criteria else None
        if cr.mandatory:
            needs = condition_target(result, cr.code)
        else:
            needs = target_band(result, cr.code, target.target_level)
        rows.append(
            PlanRow(
                target=target,
                title=cr.title,
                current=current,
                needs=needs,
                reached=target_reached(result, cr.code, target.target_level),
                condition=cr.mandatory,
            )
        )
    return rows


@dataclass(frozen=True)
class LastYearTarget:
    """Last year's target of a criterion, beside this year's form."""

    level: int | None  # None: a mandatory condition, to be met
    due: dt.date
    owner: str
    reached: bool

    @property
    def is_condition(self) -> bool:
        return self.level is None


def last_years_targets(
    assessment: SelfAssessment, result, previous: SelfAssessment | object | None = ...
) -> dict[str, LastYearTarget]:
    """Criterion → last year's target against the same index, and whether this year's result
    (as saved so far) reaches it. `previous`: last year's assessment when the caller has it."""
    if previous is ...:
        previous = previous_assessment(assessment)
    if previous is None:
        return {}
    return {
        t.criterion: LastYearTarget(
            t.target_level, t.due, t.owner, target_reached(result, t.criterion, t.target_level)
        )
        for t in previous.plan_targets.all()
    }
