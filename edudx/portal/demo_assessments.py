"""Filled-in self-assessments for the demo: plausible facts for every item of an index, the
details each claim needs and one linked evidence item per claimed criterion — entered through
the same services as the form, so the demo holds nothing the application could not produce."""

from __future__ import annotations

import random

from edudx.assessments import workflow
from edudx.assessments.details import derived_percentage, is_claimed
from edudx.assessments.evidence.changes import add_evidence
from edudx.assessments.facts import save_fact

DETAIL_VALUES = {
    "software_name": "VnEdu LMS",
    "provenance": "rented",
    "link": "https://demo.edudx.vn/minh-chung",
    "document_number": "15/KH-{code}",
    "document_date": "05/09/{year}",
    "members": "Ban giáo viên bộ môn Tin học",
    "channel": "Website nhà trường",
}


def facts_for(fw, rng: random.Random) -> dict[str, tuple[object, dict]]:
    """(value, details) per fact code: mostly yes, counts and percentages in realistic ranges."""
    out = {}
    for group in fw.groups:
        for criterion in group.criteria:
            specs = criterion.fact_specs()
            whole = rng.randint(20, 60)  # one total per criterion: the same teachers, rooms…
            for spec in specs:
                kind = spec.kind
                details: dict = {}
                if kind == "boolean":
                    value = criterion.mandatory or rng.random() < 0.75
                elif kind == "percentage":
                    details = {"part": rng.randint(whole // 3, whole), "whole": whole}
                    value = derived_percentage(details)
                elif kind == "level":
                    value = rng.choice([1, 2, 2, 3])
                elif kind == "count":
                    value = rng.randint(5, 60)
                else:
                    continue
                out[spec.code] = (value, details)
    return out


def fill(assessment, *, by, seed: int, school_code: str, year: int) -> None:
    """Enter a whole self-assessment: facts with their details, then one link per claimed
    criterion as evidence."""
    fw = assessment.participation.version.framework()
    rng = random.Random(seed)
    specs = fw.fact_codes()
    claimed = set()
    for code, (value, details) in facts_for(fw, rng).items():
        if is_claimed(value):
            for name in specs[code].details:
                details[name] = DETAIL_VALUES.get(name, "").format(code=school_code, year=year)
        if not details and not getattr(specs[code], "details", ()):
            details = None
        save_fact(assessment, code, value, revision=0, by=by, details=details)
        if is_claimed(value):
            claimed.add(code if code in _criteria(fw) else code.rsplit(".", 1)[0])
    for criterion in sorted(claimed, key=lambda c: [int(p) for p in c.split(".")]):
        add_evidence(
            assessment,
            by=by,
            title=f"Minh chứng tiêu chí {criterion}",
            criteria=[criterion],
            issuer=school_code,
            url=f"https://demo.edudx.vn/{school_code}/{criterion}",
        )


def _criteria(fw) -> set[str]:
    return {cr.code for group in fw.groups for cr in group.criteria}


def advance(assessment, *, head, to: str) -> None:
    """Move a filled assessment to `to` (approved or submitted) as its head would."""
    workflow.change_state(assessment, "approve", by=head)
    if to == "submitted":
        workflow.change_state(assessment, "submit", by=head)
