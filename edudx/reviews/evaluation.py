"""The external evaluation: the team starts from the institution's own facts, corrects facts and
awards points (never above the cap) with a comment on every change; the team head finalises it
with the visit record, and from then on it is locked."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from edudx.accounts.permissions import can_evaluate, team_role
from edudx.assessments.details import COUNT_FIELDS, clean_details, derived_percentage
from edudx.assessments.models import FactEntry, SelfAssessment
from edudx.assessments.transitions import transition
from edudx.core.models import AuditRecord, record
from edudx.core.revisions import expect, left_as_loaded
from edudx.frameworks.schema import fmt
from edudx.frameworks.scoring import FactsError, suggested_cap, validate_facts
from edudx.reviews.changes import shown_value
from edudx.reviews.errors import ReviewError
from edudx.reviews.models import (
    Evaluation,
    EvaluationEntry,
    EvaluationState,
    TeamAssignment,
    TeamRole,
)

LOCKED = "Kết quả đánh giá ngoài đã được trưởng đoàn hoàn thành nên không sửa được nữa."
NOT_MEMBER = (
    "Chỉ thành viên của đoàn được phân công đánh giá cơ sở giáo dục này mới nhập được kết quả, "
    "và chỉ khi hồ sơ đang được đánh giá ngoài."
)


def evaluation_for(assessment: SelfAssessment) -> Evaluation:
    """The assessment's evaluation, begun (with its assigned team) on first use."""
    team_id = (
        TeamAssignment.objects.filter(participation_id=assessment.participation_id)
        .values_list("team_id", flat=True)
        .first()
    )
    evaluation, _ = Evaluation.objects.get_or_create(
        assessment=assessment, defaults={"team_id": team_id}
    )
    if evaluation.team_id is None and team_id is not None:
        evaluation.team_id = team_id
        evaluation.save(update_fields=["team"])
    evaluation.assessment = assessment  # the row asked by: not read again
    return evaluation


def _f(value):
    return None if value is None else float(value)


@transaction.atomic
def save_entry(
    evaluation: Evaluation,
    code: str,
    value,
    *,
    awarded: float | None,
    comment: str,
    revision: int,
    by,
    counts: dict | None = None,
) -> EvaluationEntry | None:
    """The evaluator's fact and points for one item, with the comment every change needs. Equal
    to the institution's own, the correction is removed (nothing to justify). A percentage is
    counted as the school counts it (`counts`: part and whole) and derived from the counts, which
    are kept beside it. Returns the entry (None when removed)."""
    # the evaluation locked, its assessment read fresh with it (its state decides) but not locked
    locked = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("assessment")
        .get(pk=evaluation.pk)
    )
    assessment = locked.assessment
    if Evaluation.assessment.is_cached(evaluation) and SelfAssessment.participation.is_cached(
        evaluation.assessment
    ):  # the participation the caller read (campaign, institution, index): not read again
        assessment.participation = evaluation.assessment.participation
    participation = assessment.participation
    if locked.state == EvaluationState.FINAL:
        raise ReviewError(LOCKED)
    if not can_evaluate(by, participation):
        raise ReviewError(NOT_MEMBER)
    fw = participation.version.framework()
    spec = fw.fact_codes().get(code)
    if spec is None:
        raise ReviewError(f"Mã {code} không có trong bộ chỉ số.", field=code)
    if spec.kind == "percentage" and counts is not None:
        counts = clean_details(code, spec.kind, (), counts)
        value = derived_percentage(counts)
    counts = counts or {}
    try:
        checked = validate_facts(
            fw,
            {code: value} if value is not None else {},
            awarded={code: awarded} if awarded is not None else None,
        )
    except FactsError as exc:
        raise ReviewError(
            f"Mục {code}: {'; '.join(exc.errors.values())}", field="awarded"
        ) from None
    mine = FactEntry.objects.filter(assessment=assessment, code=code).first()
    own_value = mine.value if mine else None
    own_awarded = _f(mine.awarded) if mine else None
    own_counts = _counts(mine.details) if mine else {}
    entry = EvaluationEntry.objects.select_for_update().filter(evaluation=locked, code=code).first()
    current = entry or EvaluationEntry(evaluation=locked, code=code)
    expect(
        current,
        revision,
        what=f"Mục {code}",
        stored=(
            f"“{shown_fact(spec, entry.value, entry.details)}”, nhận xét “{entry.comment}”"
            if entry
            else f"như tự đánh giá (“{shown_fact(spec, own_value, own_counts)}”)"
        ),
        field=code,
    )
    before = (
        {"value": entry.value, "awarded": _f(entry.awarded), "comment": entry.comment}
        if entry
        else {"value": own_value, "awarded": own_awarded, "comment": ""}
    )
    same_as_own = (
        value == own_value
        and (awarded is None or awarded == own_awarded)
        and (not counts or not own_counts or counts == own_counts)
    )
    if same_as_own:
        if entry is not None:
            entry.delete()
            record("evaluation.entry", locked, actor=by, before=before, after=None, note=code)
        return None
    comment = (comment or "").strip()
    if not comment:
        raise ReviewError(
            f"Mục {code}: hãy ghi nhận xét cho thay đổi so với tự đánh giá.", field="comment"
        )
    entry = current
    entry.value = value
    entry.awarded = awarded
    entry.comment = comment
    entry.details = counts
    entry.updated_by = by
    entry.save()
    after = {"value": value, "awarded": awarded, "comment": comment, "details": counts}
    note = f"{code}: {shown_fact(spec, own_value, own_counts)} → {shown_fact(spec, value, counts)}"
    if awarded is not None and value is not None:
        cap = suggested_cap(fw, spec, checked.values[code])[0]
        note += f" ({fmt(awarded)}/{fmt(cap)} điểm)"
    record("evaluation.entry", locked, actor=by, before=before, after=after, note=note)
    return entry


def _counts(details) -> dict:
    return {k: v for k, v in (details or {}).items() if k in COUNT_FIELDS}


def shown_fact(spec, value, details) -> str:
    """A fact as read, with the counts a percentage came from: “30% (12/40)”."""
    counts = _counts(details)
    text = shown_value(spec, value)
    if len(counts) == 2:
        text += f" ({counts['part']}/{counts['whole']})"
    return text


class UnfinishedItems(ReviewError):
    """Items the team left with an error or a change without its comment; `items` lists them as
    (code, what is wrong) so that the page links to each."""

    def __init__(self, items: list[tuple[str, str]]):
        listed = "; ".join(f"{code}: {problem}" for code, problem in items)
        super().__init__(
            f"Chưa hoàn thành được: {len(items)} mục còn lỗi hoặc thay đổi chưa có nhận xét "
            f"({listed}). Hãy sửa các mục này rồi hoàn thành lại.",
            field="items",
        )
        self.items = items


def unfinished_items(evaluation: Evaluation) -> list[tuple[str, str]]:
    """What stands in the way of finalising, item by item: a correction the engine refuses, a
    percentage whose counts give another number, a change without its comment."""
    fw = evaluation.assessment.participation.version.framework()
    specs = fw.fact_codes()
    own = {e.code: e for e in evaluation.assessment.facts.all()}
    problems = []
    for entry in evaluation.entries.order_by("code"):
        spec = specs.get(entry.code)
        if spec is None:
            problems.append((entry.code, "không có trong bộ chỉ số"))
            continue
        awarded = _f(entry.awarded)
        try:
            validate_facts(
                fw,
                {entry.code: entry.value} if entry.value is not None else {},
                awarded={entry.code: awarded} if awarded is not None else None,
            )
        except FactsError as exc:
            problems.append((entry.code, "; ".join(exc.errors.values())))
            continue
        counts = _counts(entry.details)
        if counts and derived_percentage(counts) != entry.value:
            problems.append((entry.code, "số lượng không khớp với tỉ lệ"))
            continue
        mine = own.get(entry.code)
        own_awarded = _f(mine.awarded) if mine else None
        changed = entry.value != (mine.value if mine else None) or (
            awarded is not None and awarded != own_awarded
        )
        if changed and not (entry.comment or "").strip():
            problems.append((entry.code, "thay đổi chưa có nhận xét"))
    return problems


VISIT_FIELDS = ("visit_date", "members_present", "findings", "conclusions")
VISIT_TITLES = {
    "visit_date": "Ngày kiểm tra",
    "members_present": "Thành phần đoàn có mặt",
    "findings": "Kết quả kiểm tra",
    "conclusions": "Kết luận",
}


@transaction.atomic
def save_visit(
    evaluation: Evaluation,
    *,
    by,
    visit_date: dt.date | None,
    members_present: str,
    findings: str,
    conclusions: str,
    revisions: dict[str, object],
) -> Evaluation:
    """The record of the visit (biên bản): date, members present, findings, conclusions. Team
    members write it together: only the sections this person changed are written, each only if
    nobody saved it since their page was loaded (`revisions`: section → token of the page)."""
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if locked.state == EvaluationState.FINAL:
        raise ReviewError(LOCKED)
    if not can_evaluate(by, locked.assessment.participation):
        raise ReviewError(NOT_MEMBER)
    before = _visit(locked)
    if visit_date is not None and visit_date != locked.visit_date:
        check_visit_date(locked.assessment, visit_date)
    new = {
        "visit_date": visit_date,
        "members_present": (members_present or "").strip(),
        "findings": (findings or "").strip(),
        "conclusions": (conclusions or "").strip(),
    }
    for name in VISIT_FIELDS:
        shown = f"{new[name]:%d/%m/%Y}" if name == "visit_date" and new[name] else new[name]
        stored = locked.section_text(name)
        if (shown or "") == stored or left_as_loaded(shown, revisions.get(name)):
            continue
        expect(
            locked,
            revisions.get(name),
            section=name,
            what=f"Mục “{VISIT_TITLES[name]}” của biên bản",
            stored=f"“{stored}”" if stored else "(trống)",
            field="visit",
        )
        setattr(locked, name, new[name])
    locked.save(update_fields=[*VISIT_FIELDS, "section_revisions"])
    record("evaluation.visit", locked, actor=by, before=before, after=_visit(locked))
    for name in VISIT_FIELDS:
        setattr(evaluation, name, getattr(locked, name))
    return locked


def accepted_on(assessment: SelfAssessment) -> dt.date | None:
    """The day the authority last accepted the submission for evaluation: its audit record (the
    assessment keeps no timestamp of its own, and after a withdrawn acceptance the latest counts)."""
    at = (
        AuditRecord.objects.filter(
            object_type=assessment._meta.label_lower,
            object_id=str(assessment.pk),
            action="assessment.accept",
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localdate(at) if at else None


def check_visit_date(assessment: SelfAssessment, day: dt.date) -> None:
    """A visit happens after the file is accepted for evaluation and not in the future."""
    today = timezone.localdate()
    if day > today:
        raise ReviewError(
            f"Ngày kiểm tra {day:%d/%m/%Y} chưa đến (hôm nay là {today:%d/%m/%Y}).",
            field="visit_date",
        )
    accepted = accepted_on(assessment)
    if accepted is not None and day < accepted:
        raise ReviewError(
            f"Ngày kiểm tra {day:%d/%m/%Y} trước ngày hồ sơ được tiếp nhận để đánh giá "
            f"({accepted:%d/%m/%Y}).",
            field="visit_date",
        )


def _visit(ev: Evaluation) -> dict:
    return {
        "visit_date": ev.visit_date.isoformat() if ev.visit_date else None,
        "members_present": ev.members_present,
        "findings": ev.findings,
        "conclusions": ev.conclusions,
    }


VISIT_LABELS = {
    "visit_date": "ngày kiểm tra",
    "members_present": "thành phần có mặt",
    "findings": "nội dung kiểm tra, phát hiện",
    "conclusions": "kết luận",
}


@transaction.atomic
def finalise(evaluation: Evaluation, *, by) -> Evaluation:
    """The team head finalises the evaluation: the submission becomes "evaluated" and the
    evaluation is locked. Needs the complete visit record and every item finished (no error, a
    comment on every change)."""
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    participation = locked.assessment.participation

    def check(_assessment) -> None:
        if locked.state == EvaluationState.FINAL:
            raise ReviewError(LOCKED)
        if team_role(by, participation) != TeamRole.HEAD:
            raise ReviewError(
                "Chỉ trưởng đoàn được phân công đánh giá cơ sở giáo dục này mới hoàn thành được "
                "kết quả đánh giá ngoài."
            )
        missing = [VISIT_LABELS[n] for n in VISIT_FIELDS if not getattr(locked, n)]
        if missing:
            raise ReviewError(f"Biên bản kiểm tra còn thiếu: {', '.join(missing)}.", field="visit")
        unfinished = unfinished_items(locked)
        if unfinished:
            raise UnfinishedItems(unfinished)

    transition(locked.assessment, "finalise", by=by, check=check)
    locked.state = EvaluationState.FINAL
    locked.finalised_by = by
    locked.finalised_at = timezone.now()
    locked.save(update_fields=["state", "finalised_by", "finalised_at"])
    record(
        "evaluation.finalise",
        locked,
        actor=by,
        before={"state": EvaluationState.OPEN},
        after={"state": EvaluationState.FINAL, **_visit(locked)},
    )
    evaluation.state = locked.state
    evaluation.finalised_by = by
    evaluation.finalised_at = locked.finalised_at
    return locked
