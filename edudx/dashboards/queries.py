"""The aggregate queries behind an area's dashboard: each one GROUP BY in the database, returning
a handful of rows per child unit or per criterion, never a row per institution. The number of
queries is fixed whatever the size of the area (tests/test_queries.py pins it at two sizes).

Every query is scoped the same way as the upward view and the home page: the participations of the
year's campaigns whose managing authority lies in the unit's subtree. Child units are told apart
by the next step of the institution's path below the unit ("/1/7/812/900/" under "/1/7/" → 812)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Concat, StrIndex, Substr
from django.db.models.lookups import LessThan

from edudx.assessments.campaigns import STEP_DONE
from edudx.assessments.models import AssessmentState, Campaign, Participation
from edudx.assessments.progress import with_progress
from edudx.dashboards.models import RollUp, RollUpKind, ScoreLine, Side
from edudx.organizations.models import Unit, UnitKind
from edudx.reviews.models import ReturnRound

S = AssessmentState


#: Memory each sort or hash of the dashboard's queries may take before spilling to disk. The
#: ministry's progress groups 51,000 participations: with PostgreSQL's default (4 MB) it sorts
#: them on disk (150 ms), with this it hashes them in memory (130 ms, EXPLAIN ANALYZE).
WORK_MEM = "16MB"


@contextmanager
def planned_for_aggregates():
    """PostgreSQL compiles a query whose estimated cost passes `jit_above_cost` to machine code
    first; at national scale that takes longer (0.5 s measured) than the dashboard's aggregates
    themselves run. Inside this block the server plans them without it, and with WORK_MEM for
    their sorts and hashes (SET LOCAL: this transaction only, so nothing else is affected).
    Elsewhere a no-op."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL jit = off; SET LOCAL work_mem = '{WORK_MEM}'")
        yield


def child_key(unit: Unit, path_field: str):
    """The id (as text) of the child of `unit` a row's path lies under; "" for the unit itself."""
    rest = Substr(F(path_field), len(unit.path) + 1)
    return Substr(rest, 1, StrIndex(rest, Value("/")) - 1, output_field=CharField())


def participations(unit: Unit, year: str):
    return Participation.objects.filter(
        campaign__school_year=year, campaign__authority__path__startswith=unit.path
    )


def lines(unit: Unit, year: str):
    return ScoreLine.objects.filter(
        school_year=year,
        assessment__participation__campaign__school_year=year,
        assessment__participation__campaign__authority__path__startswith=unit.path,
    )


def deadlines(unit: Unit, year: str) -> dict:
    """Earliest and latest of each deadline over the area's campaigns (one query)."""
    return Campaign.objects.filter(
        school_year=year, authority__path__startswith=unit.path
    ).aggregate(
        campaigns=Count("pk"),
        **{
            f"{edge}_{name}": fn(name)
            for name in ("self_assessment_due", "evaluation_due", "publication_due")
            for edge, fn in (("first", Min), ("last", Max))
        },
    )


def _self_assessment_due():
    """The institution's own due date in SQL, as workflow.due_date computes it for one: the
    campaign's, a later extension, and after a return the supplement deadline (or, when none was
    set, the external evaluation's)."""
    rounds = ReturnRound.objects.filter(assessment=OuterRef("assessment")).order_by("-number")
    campaign_due = F("campaign__self_assessment_due")
    extended = Case(
        When(assessment__extended_until__gt=campaign_due, then=F("assessment__extended_until")),
        default=campaign_due,
    )
    supplement = Case(
        When(
            Exists(rounds),
            then=Coalesce(Subquery(rounds.values("due")[:1]), F("campaign__evaluation_due")),
        ),
        default=None,
    )
    return extended, supplement


def progress(unit: Unit, year: str, today: dt.date, *, by_institution: bool) -> list[tuple]:
    """(child key, progress, late for self-assessment, late for evaluation, late for
    publication, count): one query over the participations, the counting rule of progress.py.
    The child is the institution (`by_institution`: a commune's table) or, as in the roll-up,
    the child unit the campaign's authority lies under — no join to the institutions then."""
    base, supplement = _self_assessment_due()
    key = (
        child_key(unit, "institution__path")
        if by_institution
        else authority_key(unit, "campaign__authority__path")
    )
    qs = with_progress(participations(unit, year)).annotate(
        key=key, due1=base, due_supplement=supplement
    )
    due = Case(
        When(due_supplement__gt=F("due1"), then=F("due_supplement")),
        default=F("due1"),
    )
    # Whether each deadline has passed is grouped on in SQL; whether the step is done follows
    # from the progress in Python, so the counting rule (an EXISTS over the facts) is evaluated
    # once per participation rather than once per flag.
    flags = {
        f"overdue{i}": Case(
            When(LessThan(due_field, Value(today)), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for i, due_field in enumerate(
            (due, F("campaign__evaluation_due"), F("campaign__publication_due"))
        )
    }
    rows = (
        qs.annotate(**flags)
        .values_list("key", "progress", "overdue0", "overdue1", "overdue2")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        (key, state, *(int(bool(o) and state not in STEP_DONE[i]) for i, o in enumerate(due)), n)
        for key, state, *due, n in rows
    ]


#: Which group lines count where: self-assessed (a `self` row exists only from the head's
#: approval on: lines.CLAIMED_STATES), recognised, the standing result.
SELF_Q = Q(side=Side.SELF)
RECOGNISED_Q = Q(side=Side.EXTERNAL, assessment__state=S.RECOGNISED)
CURRENT_Q = Q(current=True)


def group_levels(unit: Unit, year: str, dimension: str) -> list[dict]:
    """Counts of group lines per (dimension, framework, group, level) for self-assessed,
    recognised and standing results. dimension: "key" (child unit), "institution__levels",
    "institution__ownership"."""
    qs = lines(unit, year).filter(criterion="").filter(SELF_Q | RECOGNISED_Q | CURRENT_Q)
    if dimension == "key":
        qs = qs.annotate(key=child_key(unit, "institution__path"))
    return list(
        qs.values(dimension, "framework", "group", "level")
        .annotate(
            self_n=Count("pk", filter=SELF_Q),
            recognised_n=Count("pk", filter=RECOGNISED_Q),
            current_n=Count("pk", filter=CURRENT_Q),
        )
        .order_by()
    )


EXEMPLARY_CAP = 100


NOT_APPLICABLE_CAP = 100


def not_applicable(unit: Unit, levels: list[str]) -> tuple[dict[str, int], list[dict]]:
    """Active institutions of the area with an education level no usable index covers: how many
    per level, and the first NOT_APPLICABLE_CAP by name (one query; none when every level has
    an index)."""
    if not levels:
        return {}, []
    # The counts ride along the first rows as window aggregates over every matching school (a
    # school counted under a level is always among those named), so it is one query.
    counts = {
        f"n_{level}": Window(Count("pk", filter=Q(levels__contains=f";{level};")))
        for level in levels
    }
    named = list(_not_applicable_named(unit, levels).annotate(**counts)[:NOT_APPLICABLE_CAP])
    first = named[0] if named else {}
    return {level: first.get(f"n_{level}", 0) for level in levels}, named


def _not_applicable_named(unit: Unit, levels: list[str]):
    return (
        Unit.objects.filter(path__startswith=unit.path, kind=UnitKind.INSTITUTION, active=True)
        .filter(_any(Q(levels__contains=f";{level};") for level in levels))
        .order_by("name")
        .values("code", "name", "levels", "parent__name")
    )


def not_applicable_all(unit: Unit, levels: list[str]):
    """Every institution `not_applicable` names, without its cap (the .xlsx), read in chunks."""
    if not levels:
        return iter(())
    return _not_applicable_named(unit, levels).iterator(chunk_size=2000)


def _any(qs) -> Q:
    out = Q()
    for q in qs:
        out |= q
    return out


# The figures of a whole area come from the per-authority roll-up (models.RollUp): a few rows per
# authority, told apart by the next step of the authority's path below the unit.
SUMMED = (
    "self_n",
    "recognised_n",
    "current_n",
    "points",
    "improved",
    "unchanged",
    "declined",
    "unknown",
    "evaluated",
    "changed",
    "delta",
    "size",
)


def authority_key(unit: Unit, path_field: str = "authority__path"):
    """The id (as text) of the child of `unit` an authority lies under; "" for the unit itself."""
    rest = Substr(F(path_field), len(unit.path) + 1)
    step = StrIndex(Concat(rest, Value("/")), Value("/")) - 1
    return Substr(rest, 1, step, output_field=CharField())


def area_authorities(unit: Unit):
    """The units of the area that can manage a campaign (any but an institution), as a subquery.

    Joined on the path instead, PostgreSQL estimates a thousand units under a department (the
    institutions share the prefix) and reads every authority's roll-up rows of the year; as a
    subquery it expects tens and reads each one's rows by index (a department: 29 → 2 ms)."""
    return (
        Unit.objects.filter(path__startswith=unit.path)
        .exclude(kind=UnitKind.INSTITUTION)
        .values("pk")
    )


def rolled_up(unit: Unit, year: str, kind: str):
    return RollUp.objects.filter(
        school_year=year, kind=kind, authority__in=area_authorities(unit)
    ).order_by()


def group_figures(unit: Unit, year: str) -> list[dict]:
    """Per (child unit, index, group, level, ownership, education levels): the sums of the
    roll-up's group rows (one query, a few rows per child unit)."""
    return list(
        rolled_up(unit, year, RollUpKind.GROUP)
        .annotate(key=authority_key(unit))
        .values("key", "framework", "group", "level", "ownership", "education_levels")
        .annotate(**{name: Sum(name) for name in SUMMED})
    )


def criterion_figures(unit: Unit, year: str) -> list[dict]:
    """Per (index, criterion, level) of the standing results: the sums of the roll-up."""
    return list(
        rolled_up(unit, year, RollUpKind.CRITERION)
        .values("framework", "group", "criterion", "level")
        .annotate(maximum=Max("maximum"), **{name: Sum(name) for name in SUMMED})
    )


def exemplary_rolled_up(unit: Unit, year: str) -> tuple[int, list[dict]]:
    """Institutions (per index) at level 3 in every group: how many, and the first
    EXEMPLARY_CAP by name (one query over the roll-up's exemplary rows)."""
    qs = _exemplary(unit, year).annotate(total=Window(Count("pk")))  # on each of the rows
    rows = list(qs[:EXEMPLARY_CAP])
    return (rows[0]["total"] if rows else 0), rows


def _exemplary(unit: Unit, year: str):
    return (
        rolled_up(unit, year, RollUpKind.EXEMPLARY)
        .values(
            "assessment",
            "framework",
            "side",
            "institution__name",
            "institution__code",
            "assessment__state",
        )
        .order_by("institution__name", "assessment")
    )


def exemplary_all(unit: Unit, year: str):
    """Every exemplary row, without the page's cap (the .xlsx), read in chunks."""
    return _exemplary(unit, year).iterator(chunk_size=2000)
