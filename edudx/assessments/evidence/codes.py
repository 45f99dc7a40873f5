"""The codes of evidence items (`[1.3-01]`, prefixed by EVIDENCE_CODE_PREFIX) and the catalogue
order they give. An item has one code, taken from its main criterion, whatever the number of
criteria it supports (`Evidence.criteria`, main criterion first)."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction

from edudx.assessments.models import Evidence, SelfAssessment

_ORDINAL = re.compile(r"-(\d+)\]$")


@transaction.atomic
def next_code(assessment: SelfAssessment, criterion: str) -> str:
    """The next free code of `criterion` in this assessment: `[H1.3-02]` after `[H1.3-01]`.
    The assessment row is locked until the surrounding transaction ends, so call this inside
    the transaction that stores the item: two people adding at once get different codes."""
    list(SelfAssessment.objects.select_for_update().filter(pk=assessment.pk).values("pk"))
    stem = f"[{settings.EVIDENCE_CODE_PREFIX}{criterion}-"
    used = [
        int(m[1])
        for code in Evidence.objects.filter(
            assessment_id=assessment.pk, code__startswith=stem
        ).values_list("code", flat=True)
        if (m := _ORDINAL.search(code)) and code == f"{stem}{m[1]}]"
    ]
    return f"{stem}{max(used, default=0) + 1:02d}]"


def _natural(code: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-]", code))


def _order(ev: Evidence) -> tuple:
    """Catalogue order: by main criterion as the index numbers it (1.3 before 1.10), then by
    ordinal."""
    m = _ORDINAL.search(ev.code)
    return (_natural(ev.criteria[0]) if ev.criteria else (), int(m[1]) if m else 0, ev.code)


def ordered(assessment: SelfAssessment) -> list[Evidence]:
    return sorted(assessment.evidence.all(), key=_order)
