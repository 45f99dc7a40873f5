"""Changing the report's narrative: the only data the documents app owns."""

from __future__ import annotations

from django.db import transaction

from edudx.assessments.facts import lock_editable
from edudx.assessments.models import SelfAssessment
from edudx.core.errors import DomainError
from edudx.core.models import record
from edudx.core.revisions import expect, left_as_loaded
from edudx.documents.models import SECTIONS, ReportNarrative

LOCKED = (
    "Bản tự đánh giá đã được phê duyệt hoặc đã nộp nên không sửa được báo cáo nữa; thủ trưởng "
    "cần mở lại (hoặc hủy nộp) trước khi sửa."
)


class NarrativeError(DomainError):
    """The report's narrative cannot be changed now."""


@transaction.atomic
def save_narrative(
    assessment: SelfAssessment, texts: dict[str, str], *, revisions: dict[str, object], by
) -> ReportNarrative:
    """Store the school's own sections of the report (only while the self-assessment may be
    edited), with one audit record of the sections that changed. Only the sections this person
    changed are written, each only if nobody saved it since their page was loaded
    (`revisions`: the section → the token of the text the page showed)."""
    locked = lock_editable(assessment, error=NarrativeError, message=LOCKED)
    narrative, _ = ReportNarrative.objects.select_for_update().get_or_create(assessment=locked)
    before, after = {}, {}
    for name, label in SECTIONS:
        new = (texts.get(name) or "").strip()
        old = getattr(narrative, name)
        if new != old and not left_as_loaded(new, revisions.get(name)):
            expect(
                narrative,
                revisions.get(name),
                section=name,
                what=f"Mục “{label}”",
                stored=f"“{_clip(old)}”" if old else "(trống)",
            )
            before[name], after[name] = old, new
            setattr(narrative, name, new)
    if after:
        narrative.updated_by = by
        narrative.save()
        record(
            "assessment.report_narrative",
            locked,
            actor=by,
            before=before,
            after=after,
            note=", ".join(after),
        )
    return narrative


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
