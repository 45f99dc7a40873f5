"""Reading the ranges of an index: intervals, level thresholds, item bands, choice options and
level suggestions, each checked for overlaps, gaps and caps as the decision prints them. Pure
Python."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from edudx.frameworks.schema.checker import Checker
from edudx.frameworks.schema.types import (
    EDUCATION_LEVELS,
    LEVELS,
    Band,
    Interval,
    LevelBand,
    Option,
    Suggestion,
    fmt,
)

_BAND_KEYS = {"from", "above", "to", "below", "cap", "text"}
_LEVEL_KEYS = {"level", "from", "above", "to", "below", "text"}
_OPTION_KEYS = {"value", "label", "cap"}
_SUGGESTION_KEYS = {"numerator", "denominator", "label", "bands", "note"}


def parse_interval(c: Checker, r: dict, where: str) -> Interval:
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


def _check_no_overlap(c: Checker, intervals: list[tuple[str, Interval]], where: str) -> None:
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


def parse_levels(c: Checker, raw, where: str, max_points: float) -> tuple[LevelBand, ...]:
    out = []
    for i, lraw in enumerate(c.seq(raw, where)):
        r = c.mapping(lraw, f"{where}[{i}]", _LEVEL_KEYS, ("level",))
        level = r.get("level")
        if isinstance(level, bool) or level not in LEVELS:
            c.error(f"{where}[{i}].level", "mức độ phải là 1, 2 hoặc 3")
            continue
        out.append(
            LevelBand(
                level,
                parse_interval(c, r, f"{where}[{i}]"),
                c.text(r.get("text"), f"{where}[{i}].text"),
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


def parse_bands(c: Checker, raw, where: str, kind: str, max_points: float) -> tuple[Band, ...]:
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
            interval = parse_interval(c, r, bw)
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


def parse_options(c: Checker, raw, where: str, max_points: float) -> tuple[Option, ...]:
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


def parse_suggestion(c: Checker, raw, where: str) -> Suggestion:
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
                        lr["level"], parse_interval(c, lr, lw), c.text(lr.get("text"), f"{lw}.text")
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
