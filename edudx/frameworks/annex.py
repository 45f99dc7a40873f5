"""The index laid out as the decision's annex table, for pages and printouts.

Columns as printed: STT | Tiêu chí | Điểm tối đa | Điểm thành phần | Mức độ | Ghi chú, minh chứng.
The wording of the 'Điểm thành phần' and 'Mức độ' lines is the Excel workbook's (`excel.texts`),
so the page and the workbook say the same thing; the page shows the decision's printed wording of
a line where it has one, and leaves out the option codes the workbook needs to read a choice back.
"""

from __future__ import annotations

from dataclasses import dataclass

from edudx.frameworks.excel.texts import fmt, item_lines, level_line
from edudx.frameworks.schema import Criterion, Framework, Item, LevelBand


@dataclass(frozen=True)
class AnnexRow:
    kind: str  # group | criterion | item
    number: str
    title: str
    max_points: str = ""
    rule: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    evidence: str = ""
    note: str = ""
    mandatory: bool = False


def level_lines(levels: tuple[LevelBand, ...]) -> tuple[str, ...]:
    return tuple(level_line(lb, "điểm").shown for lb in levels)


def rule_lines(item: Item) -> tuple[str, ...]:
    """What the annex prints in 'Điểm thành phần' for an item.

    A percentage is always shown in %, even when its unit was left empty (a workbook typed by hand
    often leaves 'Đơn vị' empty for a 'Tỷ lệ (%)' item); the workbook itself writes the unit as
    given, which reads back the same."""
    unit = "%" if item.kind == "percentage" else item.unit
    return tuple(line.shown for line in item_lines(item, option_codes=False, unit=unit))


def _criterion_row(cr: Criterion) -> AnnexRow:
    return AnnexRow(
        kind="criterion",
        number=cr.code,
        title=cr.title,
        max_points="" if cr.mandatory else fmt(cr.max_points),
        levels=level_lines(cr.levels),
        # A mandatory condition's printed note is the marker itself; the page prints the marker and
        # keeps the column for the hint.
        evidence=cr.evidence_hint if cr.mandatory else (cr.evidence or cr.evidence_hint),
        note=cr.note,
        mandatory=cr.mandatory,
    )


def annex_rows(fw: Framework) -> list[AnnexRow]:
    rows: list[AnnexRow] = []
    for group in fw.groups:
        rows.append(
            AnnexRow(
                kind="group",
                number=group.code,
                title=group.title,
                max_points=fmt(group.max_points),
                levels=level_lines(group.levels),
            )
        )
        for cr in group.criteria:
            rows.append(_criterion_row(cr))
            for item in cr.items:
                rows.append(
                    AnnexRow(
                        kind="item",
                        number=item.code,
                        title=item.title,
                        rule=rule_lines(item),
                        evidence=item.evidence_hint,
                        note=item.note,
                    )
                )
    return rows
