"""Publishing an authority's guidance (import of its sheet), and reading the guidance a school sees.

A commune inherits its department's guidance and may add to it: `guidance_for` returns, per
criterion, the blocks of every authority from the department down to the campaign's authority,
each with the letter it comes from. Reading never writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from edudx.core.errors import DomainError
from edudx.core.files import label_key
from edudx.core.models import record
from edudx.core.revisions import expect
from edudx.frameworks.models import FrameworkVersion
from edudx.guidance.models import Guidance, GuidanceEntry
from edudx.guidance.sheet import read_sheet
from edudx.organizations.models import AUTHORITY_KINDS, Unit


class GuidanceError(DomainError):
    """Guidance that cannot be published."""


def criteria_of(framework_code: str) -> dict[str, str]:
    """Criterion code → title of the newest usable version of an index ({} when none)."""
    version = (
        FrameworkVersion.objects.usable()
        .filter(code=framework_code)
        .order_by("-decision_date", "-pk")
        .first()
    )
    if version is None:
        return {}
    return {cr.code: cr.title for cr in version.framework().criteria()}


def current(authority: Unit, school_year: str, framework_code: str) -> Guidance | None:
    return Guidance.objects.filter(
        authority=authority, school_year=school_year, framework_code=framework_code
    ).first()


@transaction.atomic
def publish(
    authority: Unit,
    *,
    school_year: str,
    framework_code: str,
    letter_number: str,
    letter_date: dt.date,
    letter_title: str = "",
    data: bytes,
    revision,
    by,
) -> Guidance:
    """Publish (or replace) the authority's guidance for a school year from its sheet: all rows or
    none; the revision the page was loaded with guards a colleague's newer publication."""
    if authority.kind not in AUTHORITY_KINDS:
        raise GuidanceError("Chỉ Sở GDĐT, Phòng GDĐT hoặc UBND cấp xã ban hành hướng dẫn.")
    letter_number = (letter_number or "").strip()
    if not letter_number:
        raise GuidanceError("Hãy nhập số/ký hiệu công văn hướng dẫn.", "letter_number")
    criteria = criteria_of(framework_code)
    if not criteria:
        raise GuidanceError(
            f"Bộ chỉ số {framework_code} chưa được nạp đầy đủ nên chưa có tiêu chí để hướng dẫn.",
            "framework_code",
        )
    rows = read_sheet(data, criteria)  # SheetProblems (a ValueError) names every bad row
    guidance, created = Guidance.objects.select_for_update().get_or_create(
        authority=authority,
        school_year=school_year,
        framework_code=framework_code,
        defaults={"letter_number": letter_number, "letter_date": letter_date},
    )
    before = None if created else snapshot(guidance)
    expect(
        guidance,
        0 if created else revision,
        what=f"Hướng dẫn năm học {school_year}",
        stored=f"công văn {guidance.letter_number}",
    )
    guidance.letter_number, guidance.letter_date = letter_number, letter_date
    guidance.letter_title = (letter_title or "").strip()
    guidance.updated_by = by
    guidance.save()
    guidance.entries.all().delete()
    GuidanceEntry.objects.bulk_create(
        GuidanceEntry(
            guidance=guidance,
            criterion=row.criterion,
            meaning=row.meaning,
            evidence=list(row.evidence),
            examples=row.examples,
            position=i,
        )
        for i, row in enumerate(rows)
    )
    record("guidance.publish", guidance, actor=by, before=before, after=snapshot(guidance))
    return guidance


def snapshot(guidance: Guidance) -> dict:
    return {
        "school_year": guidance.school_year,
        "framework": guidance.framework_code,
        "letter": f"{guidance.letter_number} ngày {guidance.letter_date:%d/%m/%Y}",
        "criteria": {
            e.criterion: {"meaning": e.meaning, "evidence": e.evidence, "examples": e.examples}
            for e in guidance.entries.all()
        },
    }


# -- what a school sees ---------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One authority's guidance on one criterion."""

    authority: str
    letter: str
    meaning: str
    evidence: tuple[str, ...]
    examples: str


@dataclass
class CriterionGuidance:
    blocks: list[Block] = field(default_factory=list)

    @property
    def evidence(self) -> list[str]:
        """Every suggested evidence, department's first, each once."""
        seen, out = set(), []
        for block in self.blocks:
            for item in block.evidence:
                if label_key(item) not in seen:
                    seen.add(label_key(item))
                    out.append(item)
        return out

    def checklist(self, titles) -> list[tuple[str, bool]]:
        """(suggestion, already covered) against the titles of the criterion's evidence."""
        keys = [label_key(t) for t in titles]
        return [(s, any(label_key(s) in k for k in keys)) for s in self.evidence]


def chain(authority: Unit) -> list[Unit]:
    """The authority and the authorities above it, the department first: its ancestors read in
    one query by its path (every school's form asks, not a query per level)."""
    ancestors = authority.ancestor_ids()[:-1]  # the path ends with the authority itself
    above = Unit.objects.in_bulk(ancestors) if ancestors else {}
    out = []
    for unit in [authority, *(above.get(pk) for pk in reversed(ancestors))]:
        if unit is None or unit.kind not in AUTHORITY_KINDS:
            break
        out.append(unit)
    return list(reversed(out))


def letters(authority: Unit, school_year: str, framework_code: str) -> list[Guidance]:
    """The guidance in force for a campaign, department first (the Căn cứ of its documents)."""
    units = chain(authority)
    found = {
        g.authority_id: g
        for g in Guidance.objects.filter(
            authority__in=units, school_year=school_year, framework_code=framework_code
        ).select_related("authority")
    }
    return [found[u.pk] for u in units if u.pk in found]


def guidance_for(authority: Unit, school_year: str, framework_code: str) -> dict:
    """Criterion code → CriterionGuidance for the schools of a campaign's authority."""
    out: dict[str, CriterionGuidance] = {}
    for guidance in letters(authority, school_year, framework_code):
        letter = f"{guidance.letter_number} ngày {guidance.letter_date:%d/%m/%Y}"
        for e in guidance.entries.all():
            out.setdefault(e.criterion, CriterionGuidance()).blocks.append(
                Block(guidance.authority.name, letter, e.meaning, tuple(e.evidence), e.examples)
            )
    return out
