"""Index-wide levels: the level on the total of all groups, and a headline level.

4725 sets a level per group of criteria and nothing for the institution as a whole, yet schools
publish a single "Mức 2". Other indices (3806, by press reports) set the level on the total of all
groups. Both are data: `Framework.total_levels` and `Framework.headline` (the index's own rule), or,
for an index that defines no headline, a campaign setting naming one of `HEADLINE_RULES`; that
headline is then EduDX's reading, not the decision's, and says so.

Pure Python, no Django import: the form, the public page and the workbooks call the same function.
"""

from __future__ import annotations

from dataclasses import dataclass

from edudx.frameworks.compiled import band_index
from edudx.frameworks.schema import HEADLINE_RULES, Framework, fmt

NOT_IN_DECISION = "Quyết định không quy định mức chung; đây là cách đọc do đợt đánh giá chọn."


@dataclass(frozen=True, slots=True)
class Headline:
    """One level for the whole institution and how it was derived."""

    level: int | None  # None when a group (or the total) has no level yet
    rule: str  # a key of HEADLINE_RULES
    by_index: bool  # True: the index defines it; False: a campaign setting
    level_name: str
    explanation: str

    @property
    def label(self) -> str:
        return HEADLINE_RULES[self.rule]

    @property
    def note(self) -> str:
        """What a reader must know about where the level comes from ('' when the law sets it)."""
        return "" if self.by_index else NOT_IN_DECISION

    def to_dict(self) -> dict:
        return {
            "level": self.level,
            "level_name": self.level_name or None,
            "rule": self.rule,
            "by_index": self.by_index,
            "note": self.note,
            "explanation": self.explanation,
        }


def total_points(group_points) -> float:
    """The total of all groups, rounded as group totals are (two decimals)."""
    return round(sum(float(p) for p in group_points), 2)


def total_level(fw: Framework, points: float) -> int | None:
    """The index's level on the total of all groups; None when it sets none or the total falls
    in no band."""
    if not fw.total_levels:
        return None
    i = band_index(fw.total_levels, points)
    return None if i is None else fw.total_levels[i].level


def rule_for(fw: Framework, campaign_rule: str = "") -> tuple[str, bool] | None:
    """The headline rule in force and whether the index itself defines it. The index's own rule
    wins over a campaign's; a campaign rule the index cannot serve ('total' without total levels)
    gives none."""
    if fw.headline:
        return fw.headline, True
    if campaign_rule in HEADLINE_RULES and (campaign_rule != "total" or fw.total_levels):
        return campaign_rule, False
    return None


def headline(fw: Framework, group_levels, group_points, campaign_rule: str = "") -> Headline | None:
    """The headline level from per-group levels and points (a mapping code → value each), or
    None when no rule is in force. Works on a live Result's groups and on a frozen snapshot."""
    chosen = rule_for(fw, campaign_rule)
    if chosen is None:
        return None
    rule, by_index = chosen
    levels = [group_levels.get(g.code) for g in fw.groups]
    if rule == "lowest_group":
        if not levels or any(lv is None for lv in levels):
            level = None
            text = "Chưa xác định: có nhóm tiêu chí chưa có mức độ."
        else:
            level = min(levels)
            shown = ", ".join(
                f"nhóm {g.code}: mức {lv}" for g, lv in zip(fw.groups, levels, strict=True)
            )
            text = f"{shown[:1].upper()}{shown[1:]} → mức độ {level}."
    else:
        points = total_points(group_points.get(g.code) or 0 for g in fw.groups)
        level = total_level(fw, points)
        text = f"Tổng điểm các nhóm {fmt(points)}/{fmt(fw.max_points)} → " + (
            f"mức độ {level}." if level else "không xác định mức độ."
        )
    return Headline(level, rule, by_index, fw.level_names.get(level, "") if level else "", text)


def of_result(result, campaign_rule: str = "") -> Headline | None:
    """The headline of a scoring Result."""
    groups = result.groups
    return headline(
        result.framework,
        {code: g.level for code, g in groups.items()},
        {code: g.points for code, g in groups.items()},
        campaign_rule,
    )
