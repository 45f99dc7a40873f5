"""The index laid out as the decision's annex table, for pages and printouts.

Columns as printed: STT | Tiêu chí | Điểm tối đa | Điểm thành phần | Mức độ | Ghi chú, minh chứng.
"""

from __future__ import annotations

from dataclasses import dataclass

from edudx.frameworks.schema import Criterion, Framework, Item, LevelBand, _fmt


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
    return tuple(f"Mức độ {lb.level}: {lb.text or lb.interval.describe(' điểm')}" for lb in levels)


def rule_lines(item: Item) -> tuple[str, ...]:
    """What the annex prints in 'Điểm thành phần' for an item."""
    if item.kind == "boolean":
        return (f"Tối đa {_fmt(item.max_points)} điểm",)
    if item.kind == "choice":
        return tuple(f"{o.label}: tối đa {_fmt(o.cap)} điểm" for o in item.options)
    if item.kind == "level":
        return tuple(
            b.text or f"Mức độ {_fmt(b.interval.low)}: tối đa {_fmt(b.cap)} điểm"
            for b in item.bands
        )
    unit = "%" if item.kind == "percentage" else f" {item.unit}".rstrip()
    return tuple(
        b.text or f"{b.interval.describe(unit).capitalize()}: tối đa {_fmt(b.cap)} điểm"
        for b in item.bands
    )


def _criterion_row(cr: Criterion) -> AnnexRow:
    return AnnexRow(
        kind="criterion",
        number=cr.code,
        title=cr.title,
        max_points="" if cr.mandatory else _fmt(cr.max_points),
        levels=level_lines(cr.levels),
        evidence=cr.evidence or cr.evidence_hint,
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
                max_points=_fmt(group.max_points),
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
