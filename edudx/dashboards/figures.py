"""An area's dashboard for one school year, assembled from the aggregate queries of queries.py:
the year's progress against its deadlines, the levels, the criteria, the change since last year,
the external evaluation against the self-assessment, the child units ranked, the exemplary
institutions and those the index does not reach yet. Nothing here reads a row per institution."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from edudx.assessments.campaigns import STEP_DONE, previous_school_year
from edudx.assessments.models import Campaign
from edudx.assessments.progress import PROGRESS_CHOICES
from edudx.core.education import EDUCATION_LEVELS
from edudx.dashboards import queries
from edudx.dashboards.lines import CLAIMED_STATES
from edudx.frameworks.models import FrameworkVersion
from edudx.organizations.models import OWNERSHIP_LABELS, Unit, UnitKind
from edudx.recognition.models import group_sort_key

LEVELS = (1, 2, 3)
STEP_TITLES = (
    _("Self-assessment submitted"),
    _("External evaluation done"),
    _("Results recognised"),
)
DIRECT_LABEL = _("Institutions managed directly")
NO_OWNERSHIP = _("Not recorded")
WEAKEST = 5


@dataclass
class Step:
    title: str
    first: dt.date | None
    last: dt.date | None
    days_left: int | None  # to the latest deadline of the area; negative once passed
    done: int
    late: int

    @property
    def days_passed(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


@dataclass
class Counts:
    """Level counts (1, 2, 3, unknown) of one kind of result."""

    by_level: Counter = field(default_factory=Counter)

    def add(self, level, n: int) -> None:
        self.by_level[level] += n

    @property
    def cells(self) -> list[int]:
        return [self.by_level.get(level, 0) for level in LEVELS]

    @property
    def unknown(self) -> int:
        return self.by_level.get(None, 0)

    @property
    def total(self) -> int:
        return sum(self.by_level.values())

    def share(self, level: int) -> float | None:
        return self.by_level.get(level, 0) / self.total if self.total else None


@dataclass
class GroupCounts:
    self: Counts = field(default_factory=Counts)
    recognised: Counts = field(default_factory=Counts)
    current: Counts = field(default_factory=Counts)


@dataclass
class DimensionRow:
    label: str
    groups: dict[str, GroupCounts] = field(default_factory=lambda: defaultdict(GroupCounts))


@dataclass
class CriterionRow:
    framework: str
    group: str
    code: str
    title: str
    maximum: float
    counts: Counts = field(default_factory=Counts)
    points: float = 0.0
    change: Counter = field(default_factory=Counter)  # improved / unchanged / declined / unknown
    evaluated: int = 0
    changed: int = 0
    delta: float = 0.0
    size: float = 0.0

    @property
    def shares(self) -> list[float | None]:
        return [self.counts.share(level) for level in LEVELS]

    @property
    def average(self) -> float | None:
        return self.points / self.counts.total if self.counts.total else None

    @property
    def ratio(self) -> float | None:
        avg = self.average
        return avg / self.maximum if avg is not None and self.maximum else None

    @property
    def mean_delta(self) -> float | None:
        return self.delta / self.evaluated if self.evaluated else None

    @property
    def mean_size(self) -> float | None:
        return self.size / self.evaluated if self.evaluated else None


@dataclass
class FrameworkFigures:
    code: str
    title: str
    education_levels: tuple[str, ...]
    groups: list[tuple[str, str]]  # (code, title)
    level_names: dict[int, str]
    total: dict[str, GroupCounts] = field(default_factory=lambda: defaultdict(GroupCounts))
    by_education: dict[str, DimensionRow] = field(default_factory=dict)
    by_ownership: dict[str, DimensionRow] = field(default_factory=dict)
    criteria: dict[str, CriterionRow] = field(default_factory=dict)
    group_change: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def criterion_rows(self) -> list[CriterionRow]:
        return list(self.criteria.values())

    @property
    def compared(self) -> int:
        """Institutions with a result of the index in both years (of the best-covered group):
        the rows the change since last year stands on; 0 says why that table is all zeros."""
        return max((sum(c.values()) for c in self.group_change.values()), default=0)

    @property
    def weakest(self) -> list[CriterionRow]:
        scored = [c for c in self.criteria.values() if c.ratio is not None]
        return sorted(scored, key=lambda c: (c.ratio, c.code))[:WEAKEST]

    @property
    def most_changed(self) -> list[CriterionRow]:
        moved = [c for c in self.criteria.values() if c.evaluated and c.size]
        return sorted(moved, key=lambda c: (-(c.mean_size or 0), c.code))[:WEAKEST]


@dataclass
class Child:
    unit: Unit | None  # None: the institutions the unit manages itself
    label: str
    states: Counter = field(default_factory=Counter)
    late: int = 0
    levels: dict[tuple[str, str], GroupCounts] = field(
        default_factory=lambda: defaultdict(GroupCounts)
    )
    evaluated: int = 0
    delta: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.states.values())

    @property
    def handed_on(self) -> int:
        return sum(n for state, n in self.states.items() if state in STEP_DONE[0])

    @property
    def progress(self) -> float | None:
        return self.handed_on / self.total if self.total else None

    @property
    def level3(self) -> float | None:
        """Share of the standing group results at level 3 (all groups of all indices)."""
        n = sum(g.current.total for g in self.levels.values())
        top = sum(g.current.by_level.get(3, 0) for g in self.levels.values())
        return top / n if n else None

    @property
    def mean_delta(self) -> float | None:
        return self.delta / self.evaluated if self.evaluated else None

    @property
    def state_cells(self) -> list[int]:
        return [self.states.get(value, 0) for value, _label in PROGRESS_CHOICES]


@dataclass
class Dashboard:
    unit: Unit
    school_year: str | None
    years: list[str]
    previous: str | None
    today: dt.date
    funnel: list[tuple[str, str, int]] = field(default_factory=list)  # (state, label, n)
    steps: list[Step] = field(default_factory=list)
    campaigns: int = 0
    children: list[Child] = field(default_factory=list)
    children_are_institutions: bool = False
    frameworks: list[FrameworkFigures] = field(default_factory=list)
    exemplary_total: int = 0
    exemplary: list[dict] = field(default_factory=list)
    not_applicable: dict[str, int] = field(default_factory=dict)  # level label → n
    not_applicable_list: list[dict] = field(default_factory=list)
    not_applicable_levels: list[str] = field(default_factory=list)  # codes no index covers

    @property
    def total(self) -> int:
        return sum(n for _s, _l, n in self.funnel)

    @property
    def claimed(self) -> int:
        """Files the self-side figures count (lines.CLAIMED_STATES), read off the funnel: each
        has `self` rows, the rest (drafts, returned, not started) none."""
        return sum(n for state, _l, n in self.funnel if state in CLAIMED_STATES)

    @property
    def unclaimed(self) -> int:
        return self.total - self.claimed

    @property
    def evaluated(self) -> int:
        """Files evaluated externally (the funnel's second step): 0 says why every "external
        minus self" figure is blank."""
        return self.steps[1].done if len(self.steps) > 1 else 0

    @property
    def not_applicable_total(self) -> int:
        return sum(self.not_applicable.values())

    @cached_property
    def leading(self) -> list[Child]:
        """Ranked once: the chart, the table and the .xlsx read the same list."""
        ranked = [c for c in self.children if c.total]
        return sorted(ranked, key=lambda c: (-(c.progress or 0), -(c.level3 or 0), c.label))

    @property
    def by_level3(self) -> list[Child]:
        ranked = [c for c in self.children if c.level3 is not None]
        return sorted(ranked, key=lambda c: (-(c.level3 or 0), c.label))


def school_years(unit: Unit) -> list[str]:
    return list(
        Campaign.objects.filter(authority__path__startswith=unit.path)
        .values_list("school_year", flat=True)
        .distinct()
        .order_by("-school_year")
    )


def _children(unit: Unit) -> tuple[dict[str, Child], Child, bool]:
    """The rows of the child units: the authorities under the unit, and the institutions it
    manages itself folded into one row — or, for a unit that manages only institutions (a
    commune), one row per institution."""
    units = list(unit.children.filter(active=True).order_by("name"))
    authorities = [u for u in units if u.kind != UnitKind.INSTITUTION]
    direct = Child(None, str(DIRECT_LABEL))
    if authorities:
        return {str(u.pk): Child(u, u.name) for u in authorities}, direct, False
    return {str(u.pk): Child(u, u.name) for u in units}, direct, True


def build(unit: Unit, school_year: str | None, today: dt.date) -> Dashboard:
    with queries.planned_for_aggregates():
        return _build(unit, school_year, today)


def _build(unit: Unit, school_year: str | None, today: dt.date) -> Dashboard:
    years = school_years(unit)
    year = school_year if school_year in years else (years[0] if years else None)
    previous = previous_school_year(year) if year else None
    board = Dashboard(unit, year, years, previous if previous in years else None, today)
    if year is None:
        _not_applicable(board)
        return board
    children, direct, board.children_are_institutions = _children(unit)

    def child(key: str | None) -> Child:
        return children.get(key or "", direct)

    _progress(board, child, today)
    frameworks = _frameworks(unit, year)
    board.frameworks = list(frameworks.values())
    _levels(board, frameworks, child)
    _criteria(board, frameworks, child)
    board.children = [*children.values(), *([direct] if direct.total else [])]
    board.exemplary_total, board.exemplary = queries.exemplary_rolled_up(unit, year)
    _not_applicable(board)
    return board


def _progress(board: Dashboard, child, today: dt.date) -> None:
    unit, year = board.unit, board.school_year
    states: Counter = Counter()
    late = [0, 0, 0]
    rows = queries.progress(unit, year, today, by_institution=board.children_are_institutions)
    for key, state, late0, late1, late2, n in rows:
        states[state] += n
        row = child(key)
        row.states[state] += n
        row.late += n * late0
        for i, flag in enumerate((late0, late1, late2)):
            late[i] += n * flag
    board.funnel = [(value, str(label), states.get(value, 0)) for value, label in PROGRESS_CHOICES]
    due = queries.deadlines(unit, year)
    board.campaigns = due["campaigns"]
    for i, name in enumerate(("self_assessment_due", "evaluation_due", "publication_due")):
        last = due[f"last_{name}"]
        board.steps.append(
            Step(
                str(STEP_TITLES[i]),
                due[f"first_{name}"],
                last,
                (last - today).days if last else None,
                sum(n for state, n in states.items() if state in STEP_DONE[i]),
                late[i],
            )
        )


def _frameworks(unit: Unit, year: str) -> dict[str, FrameworkFigures]:
    """The indices used in the area this year, newest version of each (one query)."""
    versions = FrameworkVersion.objects.filter(
        pk__in=queries.participations(unit, year).values("version")
    ).order_by("code", "decision_date", "published_at")
    out = {}
    for version in versions:
        fw = version.framework()
        figures = FrameworkFigures(
            fw.code,
            version.title,
            tuple(fw.education_levels),
            [(g.code, g.title) for g in fw.groups],
            dict(fw.level_names),
        )
        for group in fw.groups:
            for cr in group.criteria:
                if not cr.mandatory:
                    figures.criteria[cr.code] = CriterionRow(
                        fw.code, group.code, cr.code, cr.title, float(cr.max_points)
                    )
        out[fw.code] = figures
    return out


CHANGES = ("improved", "unchanged", "declined", "unknown")


def _add(target: GroupCounts, row: dict) -> None:
    target.self.add(row["level"], row["self_n"])
    target.recognised.add(row["level"], row["recognised_n"])
    target.current.add(row["level"], row["current_n"])


def _levels(board: Dashboard, frameworks: dict[str, FrameworkFigures], child) -> None:
    """Totals, by ownership, by education level and by child unit from the roll-up's group
    rows; a commune's institutions (its child units) from their own summary rows."""
    unit, year = board.unit, board.school_year
    for row in queries.group_figures(unit, year):
        fw = frameworks.get(row["framework"])
        target = child(row["key"])
        target.evaluated += row["evaluated"]
        target.delta += row["delta"] or 0.0
        if fw is None:
            continue
        group = row["group"]
        _add(fw.total[group], row)
        label = str(OWNERSHIP_LABELS.get(row["ownership"], NO_OWNERSHIP))
        _add(fw.by_ownership.setdefault(label, DimensionRow(label)).groups[group], row)
        # A multi-level school counts under each of its levels the index covers.
        for level in [lv for lv in row["education_levels"].split(";") if lv]:
            if level in fw.education_levels:
                dim = fw.by_education.setdefault(level, DimensionRow(EDUCATION_LEVELS[level]))
                _add(dim.groups[group], row)
        if board.previous:
            for change in CHANGES:
                if row[change]:
                    fw.group_change[group][change] += row[change]
        if not board.children_are_institutions:
            _add(target.levels[(row["framework"], group)], row)
    if board.children_are_institutions:
        for row in queries.group_levels(unit, year, "key"):
            _add(child(row["key"]).levels[(row["framework"], row["group"])], row)
    for fw in frameworks.values():
        fw.by_education = {
            lv: fw.by_education[lv] for lv in EDUCATION_LEVELS if lv in fw.by_education
        }
        fw.groups.sort(key=lambda g: group_sort_key(g[0]))


def _criteria(board: Dashboard, frameworks: dict[str, FrameworkFigures], child) -> None:
    unit, year = board.unit, board.school_year
    for row in queries.criterion_figures(unit, year):
        target = _criterion(frameworks, row["framework"], row["group"], row["criterion"], row)
        if target is None:
            continue
        if row["current_n"]:
            target.counts.add(row["level"], row["current_n"])
        target.points += row["points"] or 0.0
        if board.previous:
            for change in CHANGES:
                if row[change]:
                    target.change[change] += row[change]
        target.evaluated += row["evaluated"]
        target.changed += row["changed"]
        target.delta += row["delta"] or 0.0
        target.size += row["size"] or 0.0


def _criterion(frameworks, framework: str, group: str, code: str, row: dict):
    fw = frameworks.get(framework)
    if fw is None:
        return None
    if code not in fw.criteria:  # a criterion of an older version of the index
        fw.criteria[code] = CriterionRow(framework, group, code, code, row.get("maximum") or 0.0)
    return fw.criteria[code]


def _not_applicable(board: Dashboard) -> None:
    """Education levels no usable (complete) index covers yet: their institutions are counted
    and named as "chưa áp dụng", never dropped silently."""
    covered = set()
    for levels in FrameworkVersion.objects.usable().values_list("education_levels", flat=True):
        covered.update(levels or [])
    missing = [lv for lv in EDUCATION_LEVELS if lv not in covered]
    counts, named = queries.not_applicable(board.unit, missing)
    board.not_applicable = {EDUCATION_LEVELS[lv]: n for lv, n in counts.items() if n}
    board.not_applicable_levels = missing
    board.not_applicable_list = [labelled(row, missing) for row in named]


def labelled(row: dict, missing: list[str]) -> dict:
    """A "chưa áp dụng" row with the names of its levels no index covers."""
    row["levels_label"] = ", ".join(
        EDUCATION_LEVELS[lv] for lv in row["levels"].split(";") if lv in missing
    )
    return row
