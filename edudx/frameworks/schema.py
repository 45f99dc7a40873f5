"""The typed definition of an index (Bộ chỉ số) and its strict validation.

An index is law issued by decision and revised over time, so it lives in data files, never in code.
Everything that reads an index file goes through `parse_framework`, which turns the raw mapping
into frozen dataclasses or refuses it with every problem named by its place in the file. Problems
that are the decision's own (a criterion whose items do not add up to its maximum, a gap between
printed thresholds) are kept as warnings: we must load the law as printed and say where it is odd.

Pure Python: no Django import, so the scoring engine and its tests stay dependency-free.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from edudx.core.education import EDUCATION_LEVELS

ITEM_KINDS = ("boolean", "count", "percentage", "level", "choice")
LEVELS = (1, 2, 3)
DEFAULT_LEVEL_NAMES = {1: "Chưa đáp ứng", 2: "Đáp ứng cơ bản", 3: "Đáp ứng tốt"}
MANDATORY_EFFECTS = ("group_level_1", "informational")


class FrameworkError(ValueError):
    """An index file that cannot be loaded; `problems` lists every place that is wrong."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: bộ chỉ số không hợp lệ ({len(problems)} lỗi):\n{lines}")


# ---------------------------------------------------------------------------------------------
# Typed definition
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Interval:
    """A range written the way the decision writes it: từ (from) / trên (above), đến (to) / dưới
    (below). A missing side is open."""

    low: float | None = None
    low_inclusive: bool = True
    high: float | None = None
    high_inclusive: bool = True

    def contains(self, x: float) -> bool:
        if self.low is not None and (x < self.low or (x == self.low and not self.low_inclusive)):
            return False
        return not (
            self.high is not None
            and (x > self.high or (x == self.high and not self.high_inclusive))
        )

    def to_dict(self) -> dict:
        out: dict = {}
        if self.low is not None:
            out["from" if self.low_inclusive else "above"] = num(self.low)
        if self.high is not None:
            out["to" if self.high_inclusive else "below"] = num(self.high)
        return out

    def describe(self, unit: str = "") -> str:
        """Vietnamese wording: 'dưới 30%', 'từ 30% đến 60%', 'trên 60%'."""
        u = unit
        lo = None if self.low is None else f"{fmt(self.low)}{u}"
        hi = None if self.high is None else f"{fmt(self.high)}{u}"
        if lo is None and hi is None:
            return "mọi giá trị"
        if lo is None:
            return f"{'đến' if self.high_inclusive else 'dưới'} {hi}"
        if hi is None:
            return f"{'từ' if self.low_inclusive else 'trên'} {lo}"
        if self.low == self.high:
            return f"bằng {lo}"
        start = f"từ {lo}" if self.low_inclusive else f"trên {lo}"
        end = f"đến {hi}" if self.high_inclusive else f"đến dưới {hi}"
        return f"{start} {end}"


@dataclass(frozen=True, slots=True)
class Band:
    """One banded rule of an item: a fact in `interval` earns at most `cap` points."""

    interval: Interval
    cap: float
    text: str = ""


@dataclass(frozen=True, slots=True)
class Option:
    """One answer of a choice item (e.g. sổ điểm điện tử: none / pdf_file / digital_certificate)."""

    value: str
    label: str
    cap: float


@dataclass(frozen=True, slots=True)
class LevelBand:
    level: int
    interval: Interval
    text: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """How a person's choice (1.7.2 Informatics level) can be suggested from two counts.

    `bands[education_level]` maps the ratio numerator/denominator to a level."""

    numerator: str
    denominator: str
    label: str
    bands: Mapping[str, tuple[LevelBand, ...]]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    title: str
    kind: str
    max_points: float
    unit: str = ""
    bands: tuple[Band, ...] = ()
    options: tuple[Option, ...] = ()
    details: tuple[str, ...] = ()
    suggestion: Suggestion | None = None
    evidence_hint: str = ""
    note: str = ""

    def cap_for(self, value) -> tuple[float, int | None]:
        """The band cap for a validated, non-missing fact, and the band index (None: no band)."""
        kind = self.kind
        if kind == "boolean":
            return (self.max_points, 0) if value else (0.0, None)
        if kind == "choice":
            for i, option in enumerate(self.options):
                if option.value == value:
                    return option.cap, i
            return 0.0, None
        for i, band in enumerate(self.bands):
            if band.interval.contains(value):
                return band.cap, i
        return 0.0, None


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    title: str
    mandatory: bool
    max_points: float
    levels: tuple[LevelBand, ...] = ()
    items: tuple[Item, ...] = ()
    details: tuple[str, ...] = ()
    evidence: str = ""
    evidence_hint: str = ""
    note: str = ""

    @property
    def items_max_sum(self) -> float:
        return sum(item.max_points for item in self.items)


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    title: str
    max_points: float
    levels: tuple[LevelBand, ...]
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class Policies:
    """Readings of what the decision leaves open; each is data so an authority can change it."""

    mandatory_unmet: str = "group_level_1"
    zero_fact_scores_zero: bool = True
    cap_criterion_at_max: bool = True

    def to_dict(self) -> dict:
        return {
            "mandatory_unmet": self.mandatory_unmet,
            "zero_fact_scores_zero": self.zero_fact_scores_zero,
            "cap_criterion_at_max": self.cap_criterion_at_max,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    number: str
    date: str
    issuer: str = ""
    signer: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Framework:
    code: str
    version: str
    title: str
    decision: Decision
    education_levels: tuple[str, ...]
    complete: bool
    policies: Policies
    level_names: Mapping[int, str]
    groups: tuple[Group, ...]
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)
    # Derived structures the scoring engine compiles once per framework (scorer, lookups, fact checks).
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    def criteria(self):
        for group in self.groups:
            yield from group.criteria

    def items(self):
        for criterion in self.criteria():
            yield from criterion.items

    def fact_codes(self) -> dict[str, Item | Criterion]:
        """Every code a fact may be given for: mandatory criteria and items."""
        codes: dict[str, Item | Criterion] = {}
        for criterion in self.criteria():
            if criterion.mandatory:
                codes[criterion.code] = criterion
            for item in criterion.items:
                codes[item.code] = item
        return codes


# ---------------------------------------------------------------------------------------------
# Parsing and validation
# ---------------------------------------------------------------------------------------------

_TOP_KEYS = {
    "schema",
    "code",
    "version",
    "title",
    "decision",
    "education_levels",
    "complete",
    "policies",
    "level_names",
    "group_levels",
    "groups",
    "notes",
}
_DECISION_KEYS = {"number", "date", "issuer", "signer", "title"}
_GROUP_KEYS = {"code", "title", "max_points", "levels", "criteria"}
_CRITERION_KEYS = {
    "code",
    "title",
    "mandatory",
    "max_points",
    "levels",
    "items",
    "details",
    "evidence",
    "evidence_hint",
    "note",
}
_ITEM_KEYS = {
    "code",
    "title",
    "kind",
    "max_points",
    "unit",
    "bands",
    "options",
    "details",
    "suggestion",
    "evidence_hint",
    "note",
}
_BAND_KEYS = {"from", "above", "to", "below", "cap", "text"}
_LEVEL_KEYS = {"level", "from", "above", "to", "below", "text"}
_OPTION_KEYS = {"value", "label", "cap"}
_SUGGESTION_KEYS = {"numerator", "denominator", "label", "bands", "note"}
_POLICY_KEYS = {"mandatory_unmet", "zero_fact_scores_zero", "cap_criterion_at_max"}
SCHEMA_VERSION = 1


class _Checker:
    """Collects problems and warnings with their place so one run reports everything."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{where}: {message}")

    def mapping(self, value, where: str, allowed: set[str], required: tuple[str, ...]) -> dict:
        if not isinstance(value, Mapping):
            self.error(where, "phải là một bảng khóa: giá trị")
            return {}
        for key in value:
            if key not in allowed:
                self.error(
                    where, f"khóa không hợp lệ '{key}' (cho phép: {', '.join(sorted(allowed))})"
                )
        for key in required:
            if key not in value or value[key] in (None, ""):
                self.error(where, f"thiếu khóa bắt buộc '{key}'")
        return dict(value)

    def text(self, value, where: str, *, required: bool = False) -> str:
        if value is None:
            if required:
                self.error(where, "không được để trống")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(where, "phải là văn bản")
            return ""
        return str(value).strip()

    def number(self, value, where: str, *, minimum: float = 0.0) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or abs(value) > 1e9
        ):
            self.error(where, f"phải là một số hữu hạn (nhận được {value!r})")
            return 0.0
        if value < minimum:
            self.error(where, f"không được nhỏ hơn {fmt(minimum)}")
        return float(value)

    def flag(self, value, where: str, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(where, "phải là true hoặc false")
            return default
        return value

    def seq(self, value, where: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            self.error(where, "phải là một danh sách")
            return []
        return list(value)


def parse_framework(raw, source: str = "<dữ liệu>") -> Framework:
    """Validate a raw mapping (from YAML or Excel) into a Framework, or raise FrameworkError."""
    c = _Checker()
    top = c.mapping(raw, "gốc", _TOP_KEYS, ("code", "version", "title", "decision", "groups"))
    if top.get("schema", SCHEMA_VERSION) != SCHEMA_VERSION:
        c.error(
            "schema",
            f"phiên bản lược đồ {top.get('schema')!r} không được hỗ trợ (chỉ {SCHEMA_VERSION})",
        )
    code = c.text(top.get("code"), "code", required=True)
    version = c.text(top.get("version"), "version", required=True)
    title = c.text(top.get("title"), "title", required=True)

    d = c.mapping(top.get("decision", {}), "decision", _DECISION_KEYS, ("number", "date"))
    decision = Decision(
        number=c.text(d.get("number"), "decision.number"),
        date=_date(c, d.get("date"), "decision.date"),
        issuer=c.text(d.get("issuer"), "decision.issuer"),
        signer=c.text(d.get("signer"), "decision.signer"),
        title=c.text(d.get("title"), "decision.title"),
    )

    levels_list = c.seq(top.get("education_levels"), "education_levels")
    for i, lv in enumerate(levels_list):
        if lv not in EDUCATION_LEVELS:
            c.error(
                f"education_levels[{i}]",
                f"cấp học không hợp lệ {lv!r} (cho phép: {', '.join(EDUCATION_LEVELS)})",
            )
    if not levels_list:
        c.error("education_levels", "phải nêu ít nhất một cấp học áp dụng")

    p = c.mapping(top.get("policies", {}), "policies", _POLICY_KEYS, ())
    mandatory_unmet = p.get("mandatory_unmet", "group_level_1")
    if mandatory_unmet not in MANDATORY_EFFECTS:
        c.error("policies.mandatory_unmet", f"phải là một trong {', '.join(MANDATORY_EFFECTS)}")
    policies = Policies(
        mandatory_unmet=mandatory_unmet,
        zero_fact_scores_zero=c.flag(
            p.get("zero_fact_scores_zero"), "policies.zero_fact_scores_zero", True
        ),
        cap_criterion_at_max=c.flag(
            p.get("cap_criterion_at_max"), "policies.cap_criterion_at_max", True
        ),
    )

    level_names = dict(DEFAULT_LEVEL_NAMES)
    names_raw = top.get("level_names") or {}
    if not isinstance(names_raw, Mapping):
        c.error("level_names", "phải là một bảng mức độ: tên")
    else:
        for key, name in names_raw.items():
            level = int(key) if str(key) in {"1", "2", "3"} else None  # JSON turns keys into text
            if level is None:
                c.error(f"level_names.{key}", "mức độ phải là 1, 2 hoặc 3")
            else:
                level_names[level] = c.text(name, f"level_names.{key}", required=True)

    complete = c.flag(top.get("complete"), "complete", True)
    default_group_levels = top.get("group_levels")

    groups = []
    seen_codes: set[str] = set()
    raw_groups = c.seq(top.get("groups"), "groups")
    for gi, graw in enumerate(raw_groups):
        groups.append(_group(c, graw, f"groups[{gi}]", default_group_levels, seen_codes))
    if complete and not any(g.criteria for g in groups):
        c.error("groups", "bộ chỉ số đánh dấu 'complete' nhưng không có tiêu chí nào")

    notes = tuple(c.text(n, f"notes[{i}]") for i, n in enumerate(c.seq(top.get("notes"), "notes")))
    if c.problems:
        raise FrameworkError(source, c.problems)
    return Framework(
        code=code,
        version=version,
        title=title,
        decision=decision,
        education_levels=tuple(levels_list),
        complete=complete,
        policies=policies,
        level_names=level_names,
        groups=tuple(groups),
        notes=notes,
        warnings=tuple(c.warnings),
    )


def _group(c: _Checker, raw, where, default_levels, seen: set[str]) -> Group:
    where = _place(raw, "nhóm", where)
    g = c.mapping(raw, where, _GROUP_KEYS, ("code", "title", "max_points"))
    code = c.text(g.get("code"), f"{where}.code", required=True)
    _unique(c, code, seen, where)
    max_points = c.number(g.get("max_points", 0), f"{where}.max_points")
    levels_raw = g.get("levels", default_levels)
    if levels_raw is None:
        c.error(where, "thiếu ngưỡng mức độ (levels) của nhóm, hoặc group_levels chung")
    levels = _levels(c, levels_raw, f"{where}.levels", max_points)
    criteria = tuple(
        _criterion(c, craw, f"{where}.criteria[{ci}]", seen)
        for ci, craw in enumerate(c.seq(g.get("criteria"), f"{where}.criteria"))
    )
    total = sum(cr.max_points for cr in criteria)
    if criteria and not math.isclose(total, max_points):
        c.warn(
            where,
            f"tổng điểm tối đa các tiêu chí là {fmt(total)}, khác điểm tối đa của nhóm {fmt(max_points)}",
        )
    return Group(
        code=code,
        title=c.text(g.get("title"), f"{where}.title"),
        max_points=max_points,
        levels=levels,
        criteria=criteria,
    )


def _criterion(c: _Checker, raw, where, seen: set[str]) -> Criterion:
    where = _place(raw, "tiêu chí", where)
    r = c.mapping(raw, where, _CRITERION_KEYS, ("code", "title"))
    code = c.text(r.get("code"), f"{where}.code", required=True)
    _unique(c, code, seen, where)
    mandatory = c.flag(r.get("mandatory"), f"{where}.mandatory", False)
    max_points = c.number(r.get("max_points", 0), f"{where}.max_points")
    items_raw = c.seq(r.get("items"), f"{where}.items")
    if mandatory:
        if items_raw or r.get("levels") or max_points:
            c.error(where, "điều kiện bắt buộc không có điểm, thành phần hay mức độ")
        levels: tuple[LevelBand, ...] = ()
        items: tuple[Item, ...] = ()
    else:
        if max_points <= 0:
            c.error(f"{where}.max_points", "tiêu chí tính điểm phải có điểm tối đa lớn hơn 0")
        if not items_raw:
            c.error(where, "tiêu chí tính điểm phải có ít nhất một điểm thành phần (items)")
        if not r.get("levels"):
            c.error(where, "tiêu chí tính điểm phải có ngưỡng mức độ (levels)")
        levels = _levels(c, r.get("levels"), f"{where}.levels", max_points)
        items = tuple(
            _item(c, iraw, f"{where}.items[{ii}]", seen, code) for ii, iraw in enumerate(items_raw)
        )
        total = sum(i.max_points for i in items)
        if items and not math.isclose(total, max_points):
            c.warn(
                where,
                f"các điểm thành phần cộng lại {fmt(total)}, khác điểm tối đa in trong quyết định "
                f"{fmt(max_points)}; giữ cả hai con số",
            )
    return Criterion(
        code=code,
        title=c.text(r.get("title"), f"{where}.title", required=True),
        mandatory=mandatory,
        max_points=max_points,
        levels=levels,
        items=items,
        details=_details(c, r.get("details"), f"{where}.details"),
        evidence=c.text(r.get("evidence"), f"{where}.evidence"),
        evidence_hint=c.text(r.get("evidence_hint"), f"{where}.evidence_hint"),
        note=c.text(r.get("note"), f"{where}.note"),
    )


def _item(c: _Checker, raw, where, seen: set[str], criterion_code: str) -> Item:
    where = _place(raw, "thành phần", where)
    r = c.mapping(raw, where, _ITEM_KEYS, ("code", "title", "kind", "max_points"))
    code = c.text(r.get("code"), f"{where}.code", required=True)
    _unique(c, code, seen, where)
    if code and not code.startswith(criterion_code + "."):
        c.error(f"{where}.code", f"mã thành phần phải bắt đầu bằng mã tiêu chí '{criterion_code}.'")
    kind = r.get("kind")
    if kind not in ITEM_KINDS:
        c.error(
            f"{where}.kind",
            f"loại dữ kiện {kind!r} không hợp lệ (cho phép: {', '.join(ITEM_KINDS)})",
        )
    max_points = c.number(r.get("max_points", 0), f"{where}.max_points")
    if max_points <= 0:
        c.error(f"{where}.max_points", "phải lớn hơn 0")
    bands: tuple[Band, ...] = ()
    options: tuple[Option, ...] = ()
    if kind in ("count", "percentage", "level"):
        if "options" in r:
            c.error(where, f"loại '{kind}' không dùng 'options'")
        bands = _bands(c, r.get("bands"), f"{where}.bands", kind, max_points)
    elif kind == "choice":
        if "bands" in r:
            c.error(where, "loại 'choice' dùng 'options', không dùng 'bands'")
        options = _options(c, r.get("options"), f"{where}.options", max_points)
    elif kind == "boolean" and ("bands" in r or "options" in r):
        c.error(where, "loại 'boolean' được tối đa max_points khi 'có'; không dùng bands/options")
    suggestion = None
    if r.get("suggestion") is not None:
        if kind != "level":
            c.error(f"{where}.suggestion", "chỉ loại 'level' mới có gợi ý mức")
        suggestion = _suggestion(c, r.get("suggestion"), f"{where}.suggestion")
    return Item(
        code=code,
        title=c.text(r.get("title"), f"{where}.title", required=True),
        kind=kind if kind in ITEM_KINDS else "boolean",
        max_points=max_points,
        unit=c.text(r.get("unit"), f"{where}.unit"),
        bands=bands,
        options=options,
        details=_details(c, r.get("details"), f"{where}.details"),
        suggestion=suggestion,
        evidence_hint=c.text(r.get("evidence_hint"), f"{where}.evidence_hint"),
        note=c.text(r.get("note"), f"{where}.note"),
    )


def _interval(c: _Checker, r: dict, where: str) -> Interval:
    if "from" in r and "above" in r:
        c.error(where, "chỉ dùng một trong 'from' (từ) hoặc 'above' (trên)")
    if "to" in r and "below" in r:
        c.error(where, "chỉ dùng một trong 'to' (đến) hoặc 'below' (dưới)")
    low_key = "from" if "from" in r else "above" if "above" in r else None
    high_key = "to" if "to" in r else "below" if "below" in r else None
    low = c.number(r[low_key], f"{where}.{low_key}") if low_key else None
    high = c.number(r[high_key], f"{where}.{high_key}") if high_key else None
    interval = Interval(low, low_key != "above", high, high_key != "below")
    if (
        low is not None
        and high is not None
        and (
            low > high or (low == high and not (interval.low_inclusive and interval.high_inclusive))
        )
    ):
        c.error(where, f"khoảng rỗng: {interval.describe()}")
    return interval


def _overlaps(a: Interval, b: Interval) -> bool:
    """Whether two intervals share a point."""

    def below(x: Interval, y: Interval) -> bool:  # x entirely before y
        if x.high is None or y.low is None:
            return False
        return x.high < y.low or (x.high == y.low and not (x.high_inclusive and y.low_inclusive))

    return not (below(a, b) or below(b, a))


def _check_no_overlap(c: _Checker, intervals: list[tuple[str, Interval]], where: str) -> None:
    for i, (name_a, a) in enumerate(intervals):
        for name_b, b in intervals[i + 1 :]:
            if _overlaps(a, b):
                c.error(where, f"{name_a} ({a.describe()}) chồng lấn {name_b} ({b.describe()})")


def _gaps(intervals: list[Interval], low: float, high: float | None) -> list[str]:
    """Describe the parts of [low, high] no interval covers (checked on a fine grid and at every
    boundary, which is exact for the half-open/closed intervals the decisions use)."""
    points = {low}
    for iv in intervals:
        for v in (iv.low, iv.high):
            if v is not None and v >= low and (high is None or v <= high):
                points.add(v)
    if high is not None:
        points.add(high)
    ordered = sorted(points)
    probes = list(ordered)
    probes += [(a + b) / 2 for a, b in itertools.pairwise(ordered)]
    if high is None:
        probes.append(ordered[-1] + 1)
    missing = [p for p in sorted(probes) if not any(iv.contains(p) for iv in intervals)]
    return [fmt(p) for p in missing]


def _levels(c: _Checker, raw, where: str, max_points: float) -> tuple[LevelBand, ...]:
    out = []
    for i, lraw in enumerate(c.seq(raw, where)):
        r = c.mapping(lraw, f"{where}[{i}]", _LEVEL_KEYS, ("level",))
        level = r.get("level")
        if isinstance(level, bool) or level not in LEVELS:
            c.error(f"{where}[{i}].level", "mức độ phải là 1, 2 hoặc 3")
            continue
        out.append(
            LevelBand(
                level, _interval(c, r, f"{where}[{i}]"), c.text(r.get("text"), f"{where}[{i}].text")
            )
        )
    if raw is None:
        return ()
    if sorted(lb.level for lb in out) != list(LEVELS):
        c.error(where, "phải có đúng ba mức độ 1, 2, 3")
        return tuple(out)
    _check_no_overlap(c, [(f"mức độ {lb.level}", lb.interval) for lb in out], where)
    ordered = sorted(out, key=lambda lb: lb.level)
    for lower, upper in itertools.pairwise(ordered):
        if (
            lower.interval.low is not None
            and upper.interval.high is not None
            and (upper.interval.high <= lower.interval.low)
        ):
            c.error(where, f"mức độ {upper.level} phải ứng với điểm cao hơn mức độ {lower.level}")
    gaps = _gaps([lb.interval for lb in out], 0.0, max_points)
    if gaps:
        c.warn(
            where, f"ngưỡng mức độ bỏ sót các tổng điểm như {', '.join(gaps)} (không xác định mức)"
        )
    for lb in ordered:
        if lb.interval.low is not None and (
            lb.interval.low > max_points
            or (lb.interval.low == max_points and not lb.interval.low_inclusive)
        ):
            c.warn(
                where,
                f"mức độ {lb.level} ({lb.interval.describe()}) không thể đạt với điểm tối đa {fmt(max_points)}",
            )
    return tuple(ordered)


def _bands(c: _Checker, raw, where: str, kind: str, max_points: float) -> tuple[Band, ...]:
    items = c.seq(raw, where)
    if not items:
        c.error(where, f"loại '{kind}' phải có ít nhất một mức điểm (bands)")
        return ()
    out = []
    for i, braw in enumerate(items):
        bw = f"{where}[{i}]"
        if kind == "level":
            r = c.mapping(braw, bw, {"level", "cap", "text"}, ("level", "cap"))
            lv = r.get("level")
            if isinstance(lv, bool) or lv not in LEVELS:
                c.error(f"{bw}.level", "mức độ phải là 1, 2 hoặc 3")
                lv = 1
            interval = Interval(float(lv), True, float(lv), True)
        else:
            r = c.mapping(braw, bw, _BAND_KEYS, ("cap",))
            interval = _interval(c, r, bw)
            if kind == "percentage" and any(
                v is not None and not 0 <= v <= 100 for v in (interval.low, interval.high)
            ):
                c.error(bw, "ngưỡng tỷ lệ phải trong khoảng 0–100")
        cap = c.number(r.get("cap", 0), f"{bw}.cap")
        if cap > max_points:
            c.error(
                f"{bw}.cap",
                f"mức tối đa {fmt(cap)} vượt điểm tối đa của thành phần {fmt(max_points)}",
            )
        out.append(Band(interval, cap, c.text(r.get("text"), f"{bw}.text")))
    _check_no_overlap(c, [(f"mức {i + 1}", b.interval) for i, b in enumerate(out)], where)
    if out and max(b.cap for b in out) != max_points:
        c.warn(
            where,
            f"mức cao nhất ({fmt(max(b.cap for b in out))}) khác điểm tối đa {fmt(max_points)}",
        )
    if kind != "level":
        domain_high = 100.0 if kind == "percentage" else None
        gaps = _gaps([b.interval for b in out], 0.0, domain_high)
        if gaps:
            c.warn(where, f"các giá trị như {', '.join(gaps)} không thuộc mức nào (0 điểm)")
    ordered = sorted(out, key=lambda b: (b.interval.low is not None, b.interval.low or 0))
    for lower, higher in itertools.pairwise(ordered):
        if higher.cap < lower.cap:  # more of a fact must never earn less
            c.error(
                where,
                f"mức {higher.interval.describe()} (tối đa {fmt(higher.cap)}) thấp hơn mức "
                f"{lower.interval.describe()} (tối đa {fmt(lower.cap)}): điểm không được giảm "
                "khi dữ kiện tăng",
            )
    return tuple(ordered)


def _options(c: _Checker, raw, where: str, max_points: float) -> tuple[Option, ...]:
    out = []
    seen = set()
    for i, oraw in enumerate(c.seq(raw, where)):
        r = c.mapping(oraw, f"{where}[{i}]", _OPTION_KEYS, ("value", "label"))
        value = c.text(r.get("value"), f"{where}[{i}].value", required=True)
        if value in seen:
            c.error(f"{where}[{i}].value", f"giá trị '{value}' bị trùng")
        seen.add(value)
        cap = c.number(r.get("cap", 0), f"{where}[{i}].cap")
        if cap > max_points:
            c.error(f"{where}[{i}].cap", f"vượt điểm tối đa {fmt(max_points)}")
        out.append(Option(value, c.text(r.get("label"), f"{where}[{i}].label", required=True), cap))
    if len(out) < 2:
        c.error(where, "loại 'choice' phải có ít nhất hai lựa chọn")
    return tuple(out)


def _suggestion(c: _Checker, raw, where: str) -> Suggestion:
    r = c.mapping(raw, where, _SUGGESTION_KEYS, ("numerator", "denominator", "label", "bands"))
    bands_raw = r.get("bands") or {}
    bands: dict[str, tuple[LevelBand, ...]] = {}
    if not isinstance(bands_raw, Mapping):
        c.error(f"{where}.bands", "phải là bảng cấp học: danh sách ngưỡng")
    else:
        for level_code, lst in bands_raw.items():
            if level_code not in EDUCATION_LEVELS:
                c.error(f"{where}.bands", f"cấp học không hợp lệ {level_code!r}")
                continue
            lbs = []
            for i, lraw in enumerate(c.seq(lst, f"{where}.bands.{level_code}")):
                lw = f"{where}.bands.{level_code}[{i}]"
                lr = c.mapping(lraw, lw, _LEVEL_KEYS, ("level",))
                if isinstance(lr.get("level"), bool) or lr.get("level") not in LEVELS:
                    c.error(f"{lw}.level", "mức độ phải là 1, 2 hoặc 3")
                    continue
                lbs.append(
                    LevelBand(
                        lr["level"], _interval(c, lr, lw), c.text(lr.get("text"), f"{lw}.text")
                    )
                )
            _check_no_overlap(
                c,
                [(f"mức độ {lb.level}", lb.interval) for lb in lbs],
                f"{where}.bands.{level_code}",
            )
            bands[level_code] = tuple(lbs)
    return Suggestion(
        numerator=c.text(r.get("numerator"), f"{where}.numerator", required=True),
        denominator=c.text(r.get("denominator"), f"{where}.denominator", required=True),
        label=c.text(r.get("label"), f"{where}.label", required=True),
        bands=bands,
        note=c.text(r.get("note"), f"{where}.note"),
    )


def _details(c: _Checker, raw, where: str) -> tuple[str, ...]:
    return tuple(c.text(d, f"{where}[{i}]", required=True) for i, d in enumerate(c.seq(raw, where)))


def _place(raw, label: str, fallback: str) -> str:
    """Name a place by its code ('tiêu chí 1.4') so messages point where a person would look."""
    code = raw.get("code") if isinstance(raw, Mapping) else None
    return (
        f"{label} {code}" if isinstance(code, str | int | float) and str(code).strip() else fallback
    )


def _unique(c: _Checker, code: str, seen: set[str], where: str) -> None:
    if code in seen:
        c.error(where, f"mã '{code}' bị trùng")
    seen.add(code)


def _date(c: _Checker, value, where: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        c.error(where, f"ngày không hợp lệ {value!r} (dạng YYYY-MM-DD)")
        return ""


# ---------------------------------------------------------------------------------------------
# Serialisation back to the file form (round trip: to_dict → parse_framework gives an equal object)
# ---------------------------------------------------------------------------------------------


def to_dict(fw: Framework) -> dict:
    """The canonical mapping of a framework, in the same shape the YAML files use."""
    out: dict = {
        "schema": SCHEMA_VERSION,
        "code": fw.code,
        "version": fw.version,
        "title": fw.title,
        "decision": _drop_empty(
            {
                "number": fw.decision.number,
                "date": fw.decision.date,
                "issuer": fw.decision.issuer,
                "signer": fw.decision.signer,
                "title": fw.decision.title,
            }
        ),
        "education_levels": list(fw.education_levels),
        "complete": fw.complete,
        "policies": fw.policies.to_dict(),
        "level_names": {str(k): v for k, v in sorted(fw.level_names.items())},
        "groups": [
            {
                "code": g.code,
                "title": g.title,
                "max_points": num(g.max_points),
                "levels": [_level_dict(lb) for lb in g.levels],
                "criteria": [_criterion_dict(cr) for cr in g.criteria],
            }
            for g in fw.groups
        ],
    }
    if fw.notes:
        out["notes"] = list(fw.notes)
    return out


def _level_dict(lb: LevelBand) -> dict:
    return _drop_empty({"level": lb.level, **lb.interval.to_dict(), "text": lb.text})


def _criterion_dict(cr: Criterion) -> dict:
    out = {"code": cr.code, "title": cr.title}
    if cr.mandatory:
        out["mandatory"] = True
    else:
        out["max_points"] = num(cr.max_points)
        out["levels"] = [_level_dict(lb) for lb in cr.levels]
        out["items"] = [_item_dict(it) for it in cr.items]
    out.update(
        _drop_empty(
            {
                "details": list(cr.details),
                "evidence": cr.evidence,
                "evidence_hint": cr.evidence_hint,
                "note": cr.note,
            }
        )
    )
    return out


def _item_dict(it: Item) -> dict:
    out: dict = {
        "code": it.code,
        "title": it.title,
        "kind": it.kind,
        "max_points": num(it.max_points),
    }
    if it.unit:
        out["unit"] = it.unit
    if it.kind == "level":
        out["bands"] = [
            _drop_empty({"level": int(b.interval.low), "cap": num(b.cap), "text": b.text})
            for b in it.bands
        ]
    elif it.bands:
        out["bands"] = [
            _drop_empty({**b.interval.to_dict(), "cap": num(b.cap), "text": b.text})
            for b in it.bands
        ]
    if it.options:
        out["options"] = [
            {"value": o.value, "label": o.label, "cap": num(o.cap)} for o in it.options
        ]
    if it.suggestion:
        s = it.suggestion
        out["suggestion"] = _drop_empty(
            {
                "numerator": s.numerator,
                "denominator": s.denominator,
                "label": s.label,
                "bands": {k: [_level_dict(lb) for lb in v] for k, v in s.bands.items()},
                "note": s.note,
            }
        )
    out.update(
        _drop_empty(
            {"details": list(it.details), "evidence_hint": it.evidence_hint, "note": it.note}
        )
    )
    return out


def _drop_empty(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in ("", None, [], {})}


def num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def fmt(x: float) -> str:
    """Numbers as Vietnamese readers write them: 7, 4,5."""
    return str(num(x)).replace(".", ",")
