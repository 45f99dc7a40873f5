"""The scoring engine: an institution's facts in, points and levels out, as the decision prescribes.

Pure Python (no Django, no I/O) so the same rules serve the form, the evaluator's screen, the CLI,
the exports and a 53,000-institution benchmark, and are tested in milliseconds.

Two steps, kept apart on purpose:
- `validate_facts` checks raw input at the boundary (types, ranges, unknown codes, awarded points
  above the cap) and raises FactsError with a Vietnamese message per field;
- `score` trusts validated facts and is the hot path; explanations are computed only when asked
  (`ItemResult.explanation`, `Result.to_dict(explain=True)`).

"Tối đa X điểm" is a ceiling: a fact selects a band whose cap is the *suggested* points; the
institution or an evaluator may award less (never more). Readings of what the decision leaves open
are framework policies (schema.Policies), documented in docs/scoring.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from edudx.frameworks.compiled import compile_scorer
from edudx.frameworks.schema import (
    Criterion,
    Framework,
    Group,
    Item,
    LevelBand,
    fmt,
    num,
)

NOT_DECLARED = "not_declared"


class FactsError(ValueError):
    """Facts that cannot be scored; `errors` maps a field to its Vietnamese message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass(frozen=True, slots=True)
class Facts:
    """Validated input: `values[code]` per declared fact, optional awarded points and details."""

    values: Mapping[str, object]
    awarded: Mapping[str, float]
    education_level: str | None = None
    details: Mapping[str, Mapping[str, float]] | None = None


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class NextStep:
    """What the next band needs: 'từ 40 học liệu → tối đa 10 điểm (thêm 5 học liệu)'."""

    cap: float
    needs: str


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
# Validation at the boundary
# ---------------------------------------------------------------------------------------------


def validate_facts(
    fw: Framework,
    raw_facts: Mapping,
    *,
    awarded: Mapping | None = None,
    education_level: str | None = None,
    details: Mapping | None = None,
) -> Facts:
    """Check raw facts against the framework; every problem is reported, none is guessed."""
    if not fw.complete:
        raise FactsError(
            {
                "framework": f"bộ chỉ số {fw.code} phiên bản {fw.version} chưa đầy đủ nên chưa dùng được để đánh giá"
            }
        )
    errors: dict[str, str] = {}
    codes = _codes(fw)
    checks = fw.cache["fact_checks"]
    if education_level is not None and (
        not isinstance(education_level, str) or education_level not in fw.education_levels
    ):
        allowed = ", ".join(fw.education_levels)
        errors["education_level"] = (
            f"cấp học {education_level!r} không thuộc phạm vi bộ chỉ số {fw.code} (một trong: {allowed})"
        )
    for name, value in (("facts", raw_facts), ("awarded", awarded), ("details", details)):
        if value is not None and type(value) is not dict and not isinstance(value, Mapping):
            raise FactsError({name: "phải là một bảng mã: giá trị"})
    values: dict[str, object] = {}
    yes_no = fw.cache["yes_no_codes"]
    for code, value in raw_facts.items():
        if (value is True or value is False) and code in yes_no:  # most facts: no call needed
            values[code] = value
            continue
        check = checks.get(code)
        if check is None:
            errors[str(code)] = f"mã '{code}' không có trong bộ chỉ số {fw.code}"
        elif value is not None:  # None: explicitly "not declared"
            ok, normalised = check(value)
            if ok:
                values[code] = normalised
            else:
                errors[code] = normalised
    points = _check_awarded(fw, codes, values, errors, awarded) if awarded else {}
    clean_details = _check_details(codes, errors, details) if details else {}
    if errors:
        raise FactsError(errors)
    return Facts(values, points, education_level, clean_details)


def _finite(value) -> bool:
    """A real number of a sane size. Exact types on purpose: a bool is not a number here, and
    NaN, infinities and 400-digit integers (all valid JSON) fail the range comparison."""
    t = type(value)
    return (t is int or t is float) and -1e12 < value < 1e12


def _whole(value) -> bool:
    return _finite(value) and value >= 0 and value == int(value)


def _check_awarded(fw, codes, values, errors, awarded) -> dict[str, float]:
    points: dict[str, float] = {}
    lookups = _lookups(fw)
    for code, value in awarded.items():
        target = codes.get(code)
        if type(target) is not Item:
            errors[f"awarded.{code}"] = (
                f"mã '{code}' không phải điểm thành phần của bộ chỉ số {fw.code}"
            )
        elif code in errors:
            continue  # the fact itself is wrong; a second message about its cap would mislead
        elif code not in values:
            errors[f"awarded.{code}"] = (
                "chưa khai báo dữ kiện của thành phần này nên chưa thể chấm điểm"
            )
        elif not _finite(value):
            errors[f"awarded.{code}"] = f"điểm chấm phải là một số (nhận được {str(value)[:20]!r})"
        elif value < 0:
            errors[f"awarded.{code}"] = "điểm chấm không được âm"
        elif value > (cap := lookups[code](values[code])[0]):
            errors[f"awarded.{code}"] = (
                f"điểm chấm {fmt(value)} vượt mức tối đa {fmt(cap)} theo dữ kiện đã khai"
            )
        elif abs(value * 100 - round(value * 100)) > 1e-6:
            errors[f"awarded.{code}"] = "điểm chấm có tối đa hai chữ số thập phân"
        else:
            points[code] = float(value)
    return points


def _check_details(codes, errors, details) -> dict[str, dict[str, float]]:
    clean_details: dict[str, dict[str, float]] = {}
    for code, entry in details.items():
        item = codes.get(code)
        if type(item) is not Item or item.suggestion is None:
            errors[f"details.{code}"] = f"thành phần '{code}' không có dữ kiện chi tiết để gợi ý"
            continue
        s = item.suggestion
        if type(entry) is not dict and not isinstance(entry, Mapping):
            entry = {}
        clean: dict[str, float] = {}
        for key in (s.numerator, s.denominator):
            v = entry.get(key)
            if _whole(v):
                clean[key] = float(v)
            else:
                errors[f"details.{code}.{key}"] = "phải là số nguyên không âm"
        clean_details[code] = clean
    return clean_details


def _codes(fw: Framework) -> dict[str, Item | Criterion]:
    """Fact codes and their compiled checks, built once per framework."""
    codes = fw.cache.get("fact_codes")
    if codes is None:
        codes = fw.fact_codes()
        fw.cache["fact_checks"] = {code: _fact_check(target) for code, target in codes.items()}
        fw.cache["yes_no_codes"] = frozenset(
            code for code, t in codes.items() if isinstance(t, Criterion) or t.kind == "boolean"
        )
        fw.cache["fact_codes"] = codes
    return codes


def _fact_check(target: Item | Criterion):
    """A function value → (True, normalised value) or (False, Vietnamese message)."""
    kind = "boolean" if isinstance(target, Criterion) else target.kind
    if kind == "boolean":

        def check(value):
            if value is True or value is False:
                return True, value
            return False, f"phải là true/false (có/không), nhận được {value!r}"

        return check
    if kind == "choice":
        allowed = tuple(o.value for o in target.options)

        def check_choice(value):
            if isinstance(value, str) and value in allowed:
                return True, value
            return False, f"phải là một trong: {', '.join(allowed)} (nhận được {value!r})"

        return check_choice

    not_a_number = "phải là một số, nhận được {!r}"

    if kind == "count":

        def check_number(value):
            t = type(value)  # exact types: bool is not a number here, NaN fails every comparison
            if (t is int or t is float) and 0 <= value < 1e12 and value == int(value):
                return True, int(value)
            if (t is int or t is float) and -1e12 < value < 1e12:
                return False, f"số lượng phải là số nguyên không âm, nhận được {fmt(value)}"
            return False, not_a_number.format(str(value)[:20])

    elif kind == "percentage":

        def check_number(value):
            t = type(value)
            if (t is int or t is float) and 0 <= value <= 100:
                return True, float(value)
            if (t is int or t is float) and -1e12 < value < 1e12:
                return False, f"tỷ lệ phải trong khoảng 0–100%, nhận được {fmt(value)}"
            return False, not_a_number.format(str(value)[:20])

    else:  # level

        def check_number(value):
            t = type(value)
            if (t is int or t is float) and value in (1, 2, 3):
                return True, int(value)
            if (t is int or t is float) and -1e12 < value < 1e12:
                return False, f"mức độ phải là 1, 2 hoặc 3, nhận được {fmt(value)}"
            return False, not_a_number.format(str(value)[:20])

    return check_number


def suggested_cap(fw: Framework, item: Item, fact) -> tuple[float, int | None]:
    """The cap a declared fact earns and its band index, after the zero-fact policy."""
    return _lookups(fw)[item.code](fact)


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
        codes = _codes(fw)
        for code, entry in facts.details.items():
            suggestions[code] = suggest_level(codes[code], facts.education_level, entry)
    return Result(fw, facts.education_level, item_rows, criterion_rows, groups, suggestions)


def _lookups(fw: Framework) -> dict:
    """Per item, a function fact → (suggested cap, band index), built once per framework."""
    lookups = fw.cache.get("lookups")
    if lookups is None:
        lookups = fw.cache["lookups"] = {item.code: _lookup(fw, item) for item in fw.items()}
    return lookups


def _lookup(fw: Framework, item: Item):
    """A function fact → (suggested cap, band index) equivalent to `suggested_cap`."""
    kind = item.kind
    if kind == "boolean":
        hit, miss = (item.max_points, 0), (0.0, None)
        return lambda fact: hit if fact else miss
    if kind == "choice":
        table = {o.value: (o.cap, i) for i, o in enumerate(item.options)}
        return lambda fact: table.get(fact, (0.0, None))
    if kind == "level":
        table = {int(b.interval.low): (b.cap, i) for i, b in enumerate(item.bands)}
        return lambda fact: table.get(fact, (0.0, None))
    bands = tuple(
        (
            b.interval.low,
            b.interval.low_inclusive,
            b.interval.high,
            b.interval.high_inclusive,
            b.cap,
            i,
        )
        for i, b in enumerate(item.bands)
    )
    zero_scores_zero = fw.policies.zero_fact_scores_zero

    def banded(x):
        if x == 0 and zero_scores_zero:
            return 0.0, None
        for low, low_inc, high, high_inc, cap, i in bands:
            if low is not None and (x < low or (x == low and not low_inc)):
                continue
            if high is not None and (x > high or (x == high and not high_inc)):
                continue
            return cap, i
        return 0.0, None

    return banded


def _level_band(levels: tuple[LevelBand, ...], points: float) -> LevelBand | None:
    for lb in levels:
        if lb.interval.contains(points):
            return lb
    return None


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
# Explanations (computed on demand)
# ---------------------------------------------------------------------------------------------


def _fact_text(item: Item, fact) -> str:
    if item.kind == "boolean":
        return "Có" if fact else "Không"
    if item.kind == "choice":
        return next((o.label for o in item.options if o.value == fact), str(fact))
    if item.kind == "level":
        return f"Mức độ {fact}"
    if item.kind == "percentage":
        return f"{fmt(fact)}%"
    return f"{fmt(fact)} {item.unit}".strip()


def _band_text(item: Item, band: int) -> str:
    if item.kind == "level":
        return f"mức độ {fmt(item.bands[band].interval.low)}"
    b = item.bands[band]
    unit = "%" if item.kind == "percentage" else ""
    return f"nhóm {b.interval.describe(unit)}"


def explain_item(item: Item, fact, suggested: float, points: float, band: int | None) -> str:
    """'35 học liệu → nhóm từ 20 đến dưới 40 → tối đa 6 điểm' — why a number is what it is."""
    if fact is None:
        return "Chưa khai báo → 0 điểm."
    parts = [_fact_text(item, fact)]
    if item.kind in ("count", "percentage") and band is not None:
        parts.append(_band_text(item, band))
    elif item.kind in ("count", "percentage") and fact == 0:
        parts.append("giá trị 0 không được điểm")
    elif band is None and item.kind not in ("boolean", "choice"):
        parts.append("không thuộc mức nào")
    parts.append(f"tối đa {fmt(suggested)} điểm")
    text = " → ".join(parts)
    if points < suggested:
        text += f"; chấm {fmt(points)} điểm"
    return text + "."


def next_step(item: Item, fact, suggested: float) -> NextStep | None:
    """The nearest higher cap and what reaching it takes, or None at the top."""
    if suggested >= item.max_points:
        return None
    kind = item.kind
    if kind == "boolean":
        return NextStep(item.max_points, "Triển khai và khai báo “Có” kèm minh chứng")
    if kind == "choice":
        better = sorted((o for o in item.options if o.cap > suggested), key=lambda o: o.cap)
        return NextStep(better[0].cap, f"Chuyển sang “{better[0].label}”") if better else None
    if kind == "level":
        higher = [b for b in item.bands if b.cap > suggested]
        if not higher:
            return None
        b = min(higher, key=lambda b: b.cap)
        return NextStep(b.cap, f"Đạt mức độ {fmt(b.interval.low)}")
    candidates = [b for b in item.bands if b.cap > suggested]
    if not candidates:
        return None
    b = min(candidates, key=lambda b: b.cap)
    low = b.interval.low
    unit = "%" if kind == "percentage" else (f" {item.unit}" if item.unit else "")
    if not fact and b.interval.contains(0):
        # Zero already lies in the lowest band but earns nothing (zero-fact policy): any positive
        # value is what reaching the band takes.
        first = "Có ít nhất 1" if kind == "count" else "Đạt trên 0"
        return NextStep(b.cap, f"{first}{unit if kind == 'count' else '%'}")
    needs = f"Đạt {b.interval.describe(unit)}"
    if low is not None and fact is not None:
        if kind == "count":
            target = low if b.interval.low_inclusive else math.floor(low) + 1
            missing = int(target - fact)
            if missing > 0:
                needs += f" (thêm {missing}{unit})"
        elif kind == "percentage":
            gap = low - fact
            if gap > 0 or not b.interval.low_inclusive:
                needs += f" (hiện {fmt(fact)}%)"
    return NextStep(b.cap, needs)
