"""Why a number is what it is, and what the next band needs — in the words a school reads.

Computed only when shown (a national run never asks). Pure Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from edudx.frameworks.schema import Item, fmt


@dataclass(slots=True)
class NextStep:
    """What the next band needs: 'từ 40 học liệu → tối đa 10 điểm (thêm 5 học liệu)'."""

    cap: float
    needs: str


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
