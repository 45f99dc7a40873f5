"""The typed definition of an index: frozen dataclasses, and how numbers are written in Vietnamese.

Pure Python: no Django import."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from edudx.core.education import EDUCATION_LEVELS  # noqa: F401  (part of the schema's vocabulary)

SCHEMA_VERSION = 1
ITEM_KINDS = ("boolean", "count", "percentage", "level", "choice")
LEVELS = (1, 2, 3)
DEFAULT_LEVEL_NAMES = {1: "Chưa đáp ứng", 2: "Đáp ứng cơ bản", 3: "Đáp ứng tốt"}
MANDATORY_EFFECTS = ("group_level_1", "informational")
# How a headline level (one level for the whole institution) is derived, when one is defined at all:
# by the index itself (`headline:` in its file) or, for an index that defines none (4725), by a
# campaign setting. Labels are the Vietnamese wording shown beside the level.
HEADLINE_RULES = {
    "lowest_group": "Mức thấp nhất trong các nhóm tiêu chí",
    "total": "Mức theo tổng điểm các nhóm",
}


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
    def kind(self) -> str:
        """A mandatory condition is answered yes/no, so every fact spec has a kind."""
        return "boolean"

    @property
    def items_max_sum(self) -> float:
        return sum(item.max_points for item in self.items)

    def fact_specs(self) -> tuple[Criterion | Item, ...]:
        """What facts are entered for: the criterion itself when it is a mandatory condition
        (one yes/no), its items otherwise."""
        return (self,) if self.mandatory else self.items

    def fact_codes(self) -> list[str]:
        return [spec.code for spec in self.fact_specs()]


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
    # Levels set on the total of all groups (Decision 3806 reportedly does so); empty for 4725.
    total_levels: tuple[LevelBand, ...] = ()
    # The index's own headline rule (a key of HEADLINE_RULES), "" when the decision defines none.
    headline: str = ""
    warnings: tuple[str, ...] = field(default=(), compare=False)
    # Derived structures the scoring engine compiles once per framework (scorer, lookups, fact checks).
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def max_points(self) -> float:
        """The most the total of all groups can reach (the scale of `total_levels`)."""
        return sum(g.max_points for g in self.groups)

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


def num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def fmt(x: float) -> str:
    """Numbers as Vietnamese readers write them: 7, 4,5."""
    return str(num(x)).replace(".", ",")
