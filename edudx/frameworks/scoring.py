"""The scoring engine: an institution's facts in, points and levels out, as the decision prescribes.

Pure Python (no Django, no I/O) so the same rules serve the form, the evaluator's screen, the CLI,
the exports and a 53,000-institution benchmark, and are tested in milliseconds.

Two steps, kept apart on purpose:
- `validate_facts` (facts.py) checks raw input at the boundary (types, ranges, unknown codes,
  awarded points above the cap) and raises FactsError with a Vietnamese message per field;
- `score` (here) trusts validated facts and runs the framework's generated function (compiled.py);
  explanations (explain.py) are computed only when asked (`ItemResult.explanation`,
  `Result.to_dict(explain=True)`).
This module is the engine's public face: callers import everything from here.

"Tối đa X điểm" is a ceiling: a fact selects a band whose cap is the *suggested* points; the
institution or an evaluator may award less (never more). Readings of what the decision leaves open
are framework policies (schema.Policies), documented in docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from edudx.frameworks.compiled import band_index, compile_scorer, suggested_cap
from edudx.frameworks.explain import NextStep, explain_item, next_step
from edudx.frameworks.facts import MAX_COUNT, MAX_COUNT_SHOWN, Facts, FactsError, validate_facts
from edudx.frameworks.headline import of_result, total_level, total_points
from edudx.frameworks.schema import (
    Criterion,
    Framework,
    Group,
    Item,
    LevelBand,
    fmt,
    num,
)

__all__ = [
    "MAX_COUNT",
    "MAX_COUNT_SHOWN",
    "Facts",
    "FactsError",
    "NextStep",
    "Result",
    "explain_item",
    "next_step",
    "score",
    "suggest_level",
    "suggested_cap",
    "target_band",
    "target_reached",
    "validate_facts",
]


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class ItemResult:
    item: Item
    fact: object  # None when not declared
    suggested: float  # the cap of the band the fact falls in
    points: float  # awarded: ≤ suggested
    band: int | None

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def declared(self) -> bool:
        return self.fact is not None

    @property
    def explanation(self) -> str:
        return explain_item(self.item, self.fact, self.suggested, self.points, self.band)

    def next_step(self) -> NextStep | None:
        return next_step(self.item, self.fact, self.suggested)


@dataclass(slots=True)
class CriterionResult:
    criterion: Criterion
    points: float  # 0 for a mandatory condition
    items_sum: float
    level: int | None  # None for a mandatory condition, or a total the thresholds do not cover
    met: bool | None  # mandatory conditions only: True/False, None when not declared

    @property
    def code(self) -> str:
        return self.criterion.code

    @property
    def explanation(self) -> str:
        cr = self.criterion
        if cr.mandatory:
            state = {True: "đạt", False: "chưa đạt", None: "chưa khai báo (coi như chưa đạt)"}
            return f"Điều kiện bắt buộc {cr.code}: {state[self.met]}."
        text = f"Tổng điểm thành phần {fmt(self.items_sum)}"
        if self.points < self.items_sum:
            text += f", giới hạn ở điểm tối đa {fmt(cr.max_points)}"
        level = _level_band(cr.levels, self.points)
        if level is None:
            return text + " → không xác định mức độ (ngưỡng của quyết định không bao gồm tổng này)."
        return f"{text} → {level.interval.describe(' điểm')} → mức độ {level.level}."


@dataclass(slots=True)
class GroupResult:
    group: Group
    points: float
    level: int | None
    points_level: int | None  # the level the points alone give
    unmet_mandatory: tuple[str, ...]
    gated: bool  # the mandatory-condition policy lowered (or would lower) the level

    @property
    def code(self) -> str:
        return self.group.code

    @property
    def max_points(self) -> float:
        return self.group.max_points

    @property
    def mandatory_met(self) -> bool:
        return not self.unmet_mandatory

    @property
    def reason(self) -> str:
        g = self.group
        lb = _level_band(g.levels, self.points)
        text = f"Nhóm {g.code}: tổng {fmt(self.points)} điểm"
        text += (
            f" → {lb.interval.describe(' điểm')} → mức độ {lb.level}"
            if lb
            else " → không xác định mức độ"
        )
        if self.unmet_mandatory:
            names = ", ".join(self.unmet_mandatory)
            if self.gated:
                text += f"; điều kiện bắt buộc {names} chưa đạt nên nhóm được xếp mức độ 1"
            else:
                text += (
                    f"; điều kiện bắt buộc {names} chưa đạt (chỉ ghi nhận, không ảnh hưởng mức độ)"
                )
        return text + "."


class Result:
    """Points and levels of one institution. Groups are built at once; the per-item and
    per-criterion objects only when read, because a national run never reads most of them."""

    __slots__ = (
        "_criteria",
        "_criterion_rows",
        "_item_rows",
        "_items",
        "education_level",
        "framework",
        "groups",
        "suggestions",
    )

    def __init__(self, framework, education_level, item_rows, criterion_rows, groups, suggestions):
        self.framework = framework
        self.education_level = education_level
        self._item_rows = item_rows
        self._criterion_rows = criterion_rows
        self.groups: dict[str, GroupResult] = groups
        self.suggestions: dict[str, int | None] = suggestions
        self._items: dict[str, ItemResult] | None = None
        self._criteria: dict[str, CriterionResult] | None = None

    @property
    def items(self) -> dict[str, ItemResult]:
        if self._items is None:
            self._items = {row[0].code: ItemResult(*row) for row in self._item_rows}
        return self._items

    @property
    def criteria(self) -> dict[str, CriterionResult]:
        if self._criteria is None:
            self._criteria = {row[0].code: CriterionResult(*row) for row in self._criterion_rows}
        return self._criteria

    def to_dict(self, explain: bool = True) -> dict:
        """The JSON shape of `manage.py score` (docs/scoring.md)."""
        fw = self.framework
        out: dict = {
            "framework": fw.code,
            "version": fw.version,
            "education_level": self.education_level,
            "groups": {},
            "criteria": {},
            "items": {},
        }
        if fw.total_levels:
            points = total_points(g.points for g in self.groups.values())
            out["total"] = {
                "points": num(points),
                "max_points": num(fw.max_points),
                "level": total_level(fw, points),
            }
        if fw.headline:  # the index's own rule; a campaign's is applied by the caller
            out["headline"] = of_result(self).to_dict()
        for code, g in self.groups.items():
            out["groups"][code] = {
                "points": num(g.points),
                "max_points": num(g.max_points),
                "level": g.level,
                "level_name": fw.level_names.get(g.level) if g.level else None,
                "points_level": g.points_level,
                "mandatory_met": g.mandatory_met,
                "unmet_mandatory": list(g.unmet_mandatory),
            }
            if explain:
                out["groups"][code]["explanation"] = g.reason
        for code, c in self.criteria.items():
            entry: dict = {"points": num(c.points), "level": c.level}
            if c.criterion.mandatory:
                entry = {"mandatory": True, "met": c.met, "points": 0, "level": None}
            else:
                entry["max_points"] = num(c.criterion.max_points)
                entry["items_sum"] = num(c.items_sum)
            if explain and c.criterion.note:
                entry["note"] = c.criterion.note  # e.g. how EduDX reads 1.4's "trên 7"
            if explain:
                entry["explanation"] = c.explanation
            out["criteria"][code] = entry
        for code, r in self.items.items():
            entry = {
                "points": num(r.points),
                "suggested": num(r.suggested),
                "max_points": num(r.item.max_points),
                "declared": r.declared,
            }
            if explain:
                entry["fact"] = r.fact
                entry["explanation"] = r.explanation
                step = r.next_step()
                entry["next"] = {"cap": num(step.cap), "needs": step.needs} if step else None
            if code in self.suggestions:
                entry["suggested_level"] = self.suggestions[code]
            out["items"][code] = entry
        return out


# ---------------------------------------------------------------------------------------------
# Scoring (hot path)
# ---------------------------------------------------------------------------------------------


def score(fw: Framework, facts: Facts) -> Result:
    """Points and levels for validated facts. Never raises on validated input."""
    run = fw.cache.get("scorer")
    if run is None:
        run = fw.cache["scorer"] = compile_scorer(fw)
    item_rows, criterion_rows, group_rows = run(facts.values, facts.awarded)
    gate = fw.policies.mandatory_unmet == "group_level_1"
    groups = {
        row[0].code: GroupResult(row[0], row[1], row[2], row[3], row[4], gate) for row in group_rows
    }
    suggestions = {}
    if facts.details:
        codes = fw.fact_codes()
        for code, entry in facts.details.items():
            suggestions[code] = suggest_level(codes[code], facts.education_level, entry)
    return Result(fw, facts.education_level, item_rows, criterion_rows, groups, suggestions)


def _level_band(levels: tuple[LevelBand, ...], points: float) -> LevelBand | None:
    i = band_index(levels, points)
    return None if i is None else levels[i]


def suggest_level(
    item: Item, education_level: str | None, entry: Mapping[str, float]
) -> int | None:
    """Suggested level for a 'level' item from its two counts, or None when the rule is silent."""
    s = item.suggestion
    if s is None or education_level not in s.bands:
        return None
    numerator, denominator = entry.get(s.numerator), entry.get(s.denominator)
    if numerator is None or not denominator:
        return None
    ratio = numerator / denominator
    lb = _level_band(s.bands[education_level], ratio)
    return lb.level if lb else None


# ---------------------------------------------------------------------------------------------
# Targets of an improvement plan (computed only when a plan is shown)
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Target:
    """What a criterion needs to reach `level`: the band of points, the points still missing,
    and, item by item, what the next band needs (the school picks its actions from these)."""

    criterion: Criterion
    level: int
    band: str  # 'từ 10 điểm đến 15 điểm'
    missing: float  # points still missing (0: already there)
    strict: bool  # the band starts 'trên X': more than `missing` is needed
    steps: tuple[tuple[Item, NextStep], ...]

    @property
    def text(self) -> str:
        needs = f"Mức độ {self.level}: {self.band}"
        if self.missing > 0:
            needs += f" (cần thêm {'trên ' if self.strict else ''}{fmt(self.missing)} điểm)"
        elif self.strict:
            needs += " (cần thêm điểm)"
        return needs


def target_levels(criterion: Criterion, current: int | None) -> list[int]:
    """The levels a plan may aim at: those above the current one (all of them when the
    current total fits no level). Empty for a mandatory condition or at the top level."""
    if criterion.mandatory:
        return []
    return sorted(b.level for b in criterion.levels if current is None or b.level > current)


def target_band(result: Result, code: str, level: int | None = None) -> Target | None:
    """What criterion `code` needs for `level` (default: the next level above its current one),
    or None when there is nothing higher (top level, mandatory condition, unknown level)."""
    c = result.criteria[code]
    possible = target_levels(c.criterion, c.level)
    if not possible:
        return None
    level = possible[0] if level is None else level
    band = next((b for b in c.criterion.levels if b.level == level), None)
    if band is None or level not in possible:
        return None
    low = band.interval.low
    missing = 0.0 if low is None or band.interval.contains(c.points) else max(0.0, low - c.points)
    strict = low is not None and not band.interval.low_inclusive
    steps = []
    for item in c.criterion.items:
        step = result.items[item.code].next_step()
        if step is not None:
            steps.append((item, step))
    return Target(
        c.criterion, level, band.interval.describe(" điểm"), missing, strict, tuple(steps)
    )


@dataclass(slots=True)
class ConditionTarget:
    """What an unmet mandatory condition needs: to be met. Its reason says what the engine holds
    against it now, including the group level it keeps down (the school's most urgent target)."""

    criterion: Criterion
    reason: str
    steps: tuple = ()  # a condition has no items: nothing item by item

    @property
    def text(self) -> str:
        return f"Cần đáp ứng (đạt) điều kiện bắt buộc. {self.reason}"


def condition_target(result: Result, code: str) -> ConditionTarget | None:
    """The target of mandatory condition `code` while it is not met; None once it is met, or
    for a criterion with levels (those take `target_band`)."""
    c = result.criteria.get(code)
    if c is None or not c.criterion.mandatory or c.met is True:
        return None
    reason = c.explanation
    for g in result.groups.values():
        if code in g.unmet_mandatory:
            reason += " " + g.reason
    return ConditionTarget(c.criterion, reason)


def target_reached(result: Result, code: str, level: int | None) -> bool:
    """Whether criterion `code` is now at `level` or above (a plan's target met); for a mandatory
    condition (no level: `level` None) whether it is now met."""
    c = result.criteria.get(code)
    if c is None:
        return False
    if c.criterion.mandatory:
        return c.met is True
    return level is not None and c.level is not None and c.level >= level
