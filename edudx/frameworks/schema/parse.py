"""Reading an index: a raw mapping (from YAML or Excel) checked into a Framework, or refused with
every problem named by its place. The decision's own inconsistencies are warnings. Pure Python."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Mapping

from edudx.frameworks.schema.types import (
    DEFAULT_LEVEL_NAMES,
    EDUCATION_LEVELS,
    ITEM_KINDS,
    LEVELS,
    MANDATORY_EFFECTS,
    SCHEMA_VERSION,
    Band,
    Criterion,
    Decision,
    Framework,
    FrameworkError,
    Group,
    Interval,
    Item,
    LevelBand,
    Option,
    Policies,
    Suggestion,
    fmt,
)

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
