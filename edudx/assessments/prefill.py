"""Starting a year from the last one: the institution's previous self-assessment against the same
index fills what this year's draft has not answered yet — each copied fact and evidence item
marked "from last year — confirm", so nothing is approved on last year's word alone.

It stays available until approval, whatever is already answered, because it never overwrites:
an item with an answer is kept as it is. What it will copy is said beforehand: `prefill_plan`
computes it without writing, the confirmation shows it, and `prefill_from_previous` copies the
plan recomputed under the row lock — limited to what was announced, so nothing unannounced is
copied even when the form changed in between."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import transaction

from edudx.assessments import standing
from edudx.assessments.campaigns import previous_school_year
from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import lock_editable
from edudx.assessments.models import Evidence, FactEntry, SelfAssessment
from edudx.core.models import record
from edudx.frameworks.scoring import FactsError, validate_facts

LOCKED = "Bản tự đánh giá đã khóa nên không lấy dữ liệu năm trước được."
NO_PREVIOUS = "Không có bản tự đánh giá năm học trước theo cùng bộ chỉ số."


def previous_assessment(assessment: SelfAssessment) -> SelfAssessment | None:
    """The same institution's self-assessment of the school year before, against the same
    index (any version of it)."""
    participation = assessment.participation
    return (
        SelfAssessment.objects.filter(
            participation__institution_id=participation.institution_id,
            participation__campaign__school_year=previous_school_year(
                participation.campaign.school_year
            ),
            participation__version__code=participation.version.code,
        )
        .select_related("participation__version")
        .first()
    )


@dataclass
class PrefillPlan:
    """What a copy from last year would do now: `facts` and `evidence` are last year's rows to
    copy, `kept` the items last year answered that already have an answer this year."""

    previous: SelfAssessment
    facts: list[FactEntry] = field(default_factory=list)
    evidence: list[tuple[Evidence, list[str]]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def fact_codes(self) -> list[str]:
        return [entry.code for entry in self.facts]

    @property
    def evidence_codes(self) -> list[str]:
        return [ev.code for ev, _ in self.evidence]

    def lines(self) -> list[str]:
        """The plan said beforehand, the same on the dialog and on the confirmation page: the
        items to copy by code, the answered items kept, the evidence items to copy."""
        items = ", ".join(self.fact_codes)
        evidence = ", ".join(self.evidence_codes)
        return [
            f"{len(self.facts)} mục sẽ được chép" + (f": {items}" if items else ""),
            f"{len(self.kept)} mục đã có câu trả lời được giữ nguyên",
            f"{len(self.evidence)} minh chứng sẽ được chép" + (f": {evidence}" if evidence else ""),
        ]

    def summary(self) -> str:
        return "; ".join(self.lines()) + "."


def prefill_plan(
    assessment: SelfAssessment,
    *,
    facts: Collection[str] | None = None,
    evidence: Collection[str] | None = None,
    previous: SelfAssessment | object | None = ...,
) -> PrefillPlan | None:
    """What copying last year would change now, without writing anything (a blank assessment
    stays blank: its primary key matches no row); None without a previous year. A fact is copied
    only into an item with nothing saved (see `_started`), and only when the current index still accepts it; an evidence item only when its
    code is still free this year and it supports a criterion of the index that has no evidence
    yet. `facts` / `evidence`, when given, limit the plan to the codes announced before;
    `previous`, when given, is last year's assessment the caller has read already."""
    if previous is ...:  # not read by the caller already
        previous = previous_assessment(assessment)
    if previous is None:
        return None
    plan = PrefillPlan(previous=previous)
    fw = assessment.participation.version.framework()
    codes = fw.fact_codes()
    criteria = {cr.code for group in fw.groups for cr in group.criteria}
    answered = {row.code for row in assessment.facts.all() if _started(row)}
    for entry in previous.facts.order_by("code"):
        if entry.code not in codes or entry.value is None:
            continue
        if entry.code in answered:
            plan.kept.append(entry.code)
            continue
        try:
            validate_facts(fw, {entry.code: entry.value})
        except FactsError:
            continue
        if facts is None or entry.code in facts:
            plan.facts.append(entry)
    rows = assessment.evidence.all()  # read once (or prefetched by the form)
    taken = {row.code for row in rows}
    supported = {code for row in rows for code in row.criteria}
    for ev in previous.evidence.order_by("code"):
        kept = [code for code in ev.criteria if code in criteria]
        if ev.code in taken or not set(kept) - supported:
            continue
        if evidence is None or ev.code in evidence:
            plan.evidence.append((ev, kept))
    return plan


def _started(row: FactEntry) -> bool:
    """An item someone began to answer: a value, awarded points or any detail typed. Only an
    item with none of them is filled, so nothing typed this year is mixed with last year's."""
    typed = any(value not in ("", None) for value in (row.details or {}).values())
    return row.value is not None or row.awarded is not None or typed


@transaction.atomic
def prefill_from_previous(
    assessment: SelfAssessment,
    *,
    by,
    facts: Collection[str] | None = None,
    evidence: Collection[str] | None = None,
) -> PrefillPlan:
    """Copy last year's facts and evidence into the items of this year's draft still empty, as
    `prefill_plan` says (limited to the announced `facts` / `evidence` codes when given); returns
    the plan done. An existing answer is never changed; a row left empty (an answer cleared) is
    filled, its revision moved on so an editor who had it open is told it changed. Evidence files
    are shared, not duplicated."""
    locked = lock_editable(assessment, message=LOCKED)
    plan = prefill_plan(locked, facts=facts, evidence=evidence)
    if plan is None:
        raise AssessmentError(NO_PREVIOUS)
    empty = {e.code: e for e in locked.facts.select_for_update() if e.value is None}
    created, updated = [], []
    for entry in plan.facts:
        row = empty.get(entry.code)
        if row is None:
            row = FactEntry(assessment=locked, code=entry.code)
            created.append(row)
        else:
            row.revision += 1
            updated.append(row)
        row.value, row.details, row.carried, row.updated_by = entry.value, entry.details, True, by
    FactEntry.objects.bulk_create(created)
    FactEntry.objects.bulk_update(
        updated, ["value", "details", "carried", "revision", "updated_by"]
    )
    Evidence.objects.bulk_create(
        Evidence(
            assessment=locked,
            institution_id=ev.institution_id,
            code=ev.code,
            criteria=kept,
            title=ev.title,
            number=ev.number,
            issued_on=ev.issued_on,
            issuer=ev.issuer,
            note=ev.note,
            file=ev.file.name,
            file_name=ev.file_name,
            content_type=ev.content_type,
            size=ev.size,
            url=ev.url,
            carried=True,
            created_by=by,
        )
        for ev, kept in plan.evidence
    )
    if not plan.facts and not plan.evidence:
        return plan  # nothing was empty: no change, no record
    standing.refresh_one(locked)
    record(
        "assessment.prefill",
        locked,
        actor=by,
        after={
            "from": plan.previous.pk,
            "facts": len(plan.facts),
            "evidence": len(plan.evidence),
            "items": plan.fact_codes,
            "evidence_codes": plan.evidence_codes,
            "kept": plan.kept,
        },
    )
    return plan
