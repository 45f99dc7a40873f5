"""Starting a year from the last one: the institution's previous self-assessment against the same
index gives this year's first draft — every fact and evidence item copied and marked "from last
year — confirm", so nothing is approved on last year's word alone."""

from __future__ import annotations

from django.db import transaction

from edudx.assessments.campaigns import previous_school_year
from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import lock_editable
from edudx.assessments.models import Evidence, FactEntry, SelfAssessment
from edudx.core.models import record
from edudx.frameworks.scoring import FactsError, validate_facts


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


@transaction.atomic
def prefill_from_previous(assessment: SelfAssessment, *, by) -> tuple[int, int]:
    """Copy last year's facts and evidence into an empty draft; returns (facts, evidence)
    copied. Facts the current index no longer accepts (a code removed, a value out of range)
    are left out rather than carried wrong. Evidence files are shared, not duplicated."""
    locked = lock_editable(
        assessment, message="Bản tự đánh giá đã khóa nên không lấy dữ liệu năm trước được."
    )
    if locked.facts.exists() or locked.evidence.exists():
        raise AssessmentError("Chỉ lấy dữ liệu năm trước khi bản tự đánh giá năm nay còn trống.")
    previous = previous_assessment(locked)
    if previous is None:
        raise AssessmentError("Không có bản tự đánh giá năm học trước theo cùng bộ chỉ số.")
    fw = locked.participation.version.framework()
    codes = fw.fact_codes()
    criteria = {cr.code for group in fw.groups for cr in group.criteria}
    facts = []
    for entry in previous.facts.all():
        if entry.code not in codes or entry.value is None:
            continue
        try:
            validate_facts(fw, {entry.code: entry.value})
        except FactsError:
            continue
        facts.append(
            FactEntry(
                assessment=locked,
                code=entry.code,
                value=entry.value,
                details=entry.details,
                carried=True,
                updated_by=by,
            )
        )
    FactEntry.objects.bulk_create(facts)
    evidence = []
    for ev in previous.evidence.all():
        kept = [code for code in ev.criteria if code in criteria]
        if not kept:
            continue
        evidence.append(
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
        )
    Evidence.objects.bulk_create(evidence)
    record(
        "assessment.prefill",
        locked,
        actor=by,
        after={"from": previous.pk, "facts": len(facts), "evidence": len(evidence)},
    )
    return len(facts), len(evidence)
