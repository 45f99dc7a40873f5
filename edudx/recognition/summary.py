"""The upward view (tổng hợp): for a unit, per child unit, how many assessments are in each state
and how many recognised institutions reached each level per criteria group.

A fixed number of queries whatever the number of institutions: counts are aggregated in the
database per managing authority, then summed per child unit in Python (one row per authority)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count

from edudx.assessments.models import Campaign, Participation
from edudx.assessments.progress import PROGRESS_CHOICES, with_progress
from edudx.organizations.models import Unit, UnitKind
from edudx.recognition.models import RecognisedResult, group_sort_key


@dataclass
class Row:
    unit: Unit | None  # None: the institutions the unit manages itself
    states: Counter = field(default_factory=Counter)
    published: int = 0
    levels: dict = field(default_factory=lambda: defaultdict(Counter))  # group → level → n
    state_list: list = field(default_factory=list)  # filled for templates: state_cells()
    level_list: list = field(default_factory=list)  # level_cells(groups)

    @property
    def total(self) -> int:
        return sum(self.states.values())

    def add(self, other: Row) -> None:
        self.states.update(other.states)
        self.published += other.published
        for group, counts in other.levels.items():
            self.levels[group].update(counts)

    def state_cells(self) -> list[tuple[str, int]]:
        """(state label, count) in the order of the workflow."""
        return [(str(label), self.states.get(value, 0)) for value, label in PROGRESS_CHOICES]

    def level_cells(self, groups: list[str]) -> list[tuple[str, list[int]]]:
        """(group code, [level 1, level 2, level 3 counts]) per group."""
        return [(g, [self.levels[g].get(level, 0) for level in (1, 2, 3)]) for g in groups]


@dataclass
class Summary:
    unit: Unit
    school_year: str | None
    years: list[str]
    rows: list[Row]
    total: Row
    groups: list[str]


def school_years(unit: Unit) -> list[str]:
    return list(
        Campaign.objects.filter(authority__path__startswith=unit.path)
        .values_list("school_year", flat=True)
        .distinct()
        .order_by("-school_year")
    )


def summarise(unit: Unit, school_year: str | None = None) -> Summary:
    years = school_years(unit)
    year = school_year if school_year in years else (years[0] if years else None)
    depth = len(unit.path.strip("/").split("/"))
    children = {
        u.pk: Row(u)
        for u in unit.children.filter(active=True)
        .exclude(kind=UnitKind.INSTITUTION)
        .order_by("name")
    }
    direct = Row(None)

    def row_for(path: str) -> Row | None:
        parts = path.strip("/").split("/")
        return direct if len(parts) == depth else children.get(int(parts[depth]))

    states = (
        with_progress(
            Participation.objects.filter(
                campaign__school_year=year, campaign__authority__path__startswith=unit.path
            )
        )
        .values_list("campaign__authority__path", "progress")
        .annotate(n=Count("id"))
    )
    for path, state, n in states:  # the one counting rule: "not started" apart from "draft"
        row = row_for(path)
        if row is not None:
            row.states[state] += n
    recognised = RecognisedResult.objects.current().filter(
        decision__campaign__school_year=year, decision__authority__path__startswith=unit.path
    )
    groups: set[str] = set()
    for path, levels, n in recognised.values_list("decision__authority__path", "levels").annotate(
        n=Count("id")
    ):
        row = row_for(path)
        if row is None:
            continue
        for group, level in (levels or {}).items():
            groups.add(group)
            row.levels[group][level] += n
    for path, n in (
        recognised.filter(decision__published_at__isnull=False)
        .values_list("decision__authority__path")
        .annotate(n=Count("id"))
    ):
        row = row_for(path)
        if row is not None:
            row.published += n
    rows = list(children.values()) + ([direct] if direct.total else [])
    total = Row(unit)
    for row in rows:
        total.add(row)
    ordered = sorted(groups, key=group_sort_key)
    for row in [*rows, total]:
        row.state_list = row.state_cells()
        row.level_list = row.level_cells(ordered)
    return Summary(unit, year, years, rows, total, ordered)


PAGE_SIZE = 50


def institutions(unit: Unit, school_year: str | None, page_number=None) -> Page:
    """One page of the institutions `unit` manages itself in that year's campaign, with their
    state and, once recognised, their levels (four queries, whatever their number)."""
    page = Paginator(
        Participation.objects.filter(campaign__authority=unit, campaign__school_year=school_year)
        .select_related("institution", "assessment", "version")
        .order_by("institution__name", "pk"),
        PAGE_SIZE,
    ).get_page(page_number)
    participations = list(page.object_list)
    results = {
        r.assessment_id: r
        for r in RecognisedResult.objects.current()
        .filter(assessment__participation__in=[p.pk for p in participations])
        .select_related("decision")
    }
    out = []
    for p in participations:
        assessment = getattr(p, "assessment", None)
        out.append((p, assessment, results.get(assessment.pk) if assessment else None))
    page.object_list = out
    return page
