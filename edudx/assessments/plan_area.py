"""The improvement plans of an area, as its authority reads them: which criteria its institutions
target most, which actions repeat, and which institutions have a plan — grouped in the database
(one query per list, paged), scoped to the unit's subtree, which the page takes from the one access
module."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.http import Http404
from django.shortcuts import render

from edudx.accounts.permissions import Action, get_unit_or_404
from edudx.assessments.models import Campaign, PlanAction, PlanTarget
from edudx.frameworks.models import FrameworkVersion
from edudx.organizations.models import UnitKind

PAGE_SIZE = 20


def plan_years(unit) -> list[str]:
    """School years in which an institution of the unit's subtree wrote a plan, newest first."""
    return list(
        Campaign.objects.filter(
            participations__institution__path__startswith=unit.path,
            participations__assessment__plan_targets__isnull=False,
        )
        .order_by("-school_year")
        .values_list("school_year", flat=True)
        .distinct()
    )


def targets_of(unit, school_year: str):
    return PlanTarget.objects.filter(
        assessment__participation__institution__path__startswith=unit.path,
        assessment__participation__campaign__school_year=school_year,
    )


def criteria_targeted(unit, school_year: str):
    """(index, criterion) → how many institutions target it, and at which level (a mandatory
    condition's target, to be met, has no level: counted as `conditions`)."""
    return (
        targets_of(unit, school_year)
        .values("assessment__participation__version__code", "criterion")
        .annotate(
            institutions=Count("assessment__participation__institution", distinct=True),
            level2=Count("id", filter=Q(target_level=2)),
            level3=Count("id", filter=Q(target_level=3)),
            conditions=Count("id", filter=Q(target_level__isnull=True)),
        )
        .order_by("-institutions", "criterion")
    )


def actions_repeated(unit, school_year: str):
    """The actions written alike (case and spacing aside) by several institutions, most first: an
    action one institution wrote is its own, not a repetition."""
    return (
        PlanAction.objects.filter(
            target__assessment__participation__institution__path__startswith=unit.path,
            target__assessment__participation__campaign__school_year=school_year,
        )
        .values("key")
        .annotate(
            text=Min("text"),
            institutions=Count("target__assessment__participation__institution", distinct=True),
            criteria=Count("target__criterion", distinct=True),
        )
        .filter(institutions__gte=2)
        .order_by("-institutions", "key")
    )


def institutions_with_plans(unit, school_year: str):
    return (
        targets_of(unit, school_year)
        .values(
            "assessment__participation_id",
            "assessment__participation__institution__name",
            "assessment__participation__institution__code",
        )
        .annotate(targets=Count("id"))
        .order_by("assessment__participation__institution__name")
    )


def criterion_titles(codes) -> dict[tuple[str, str], str]:
    """(index code, criterion) → title, from the newest version of each index."""
    titles = {}
    for code in set(codes):
        version = FrameworkVersion.objects.filter(code=code).order_by("-decision_date").first()
        if version is not None:
            for cr in version.framework().criteria():
                titles[(code, cr.code)] = cr.title
    return titles


def chosen_year(years: list[str], asked: str) -> str | None:
    """The year asked for when it has plans, else the newest (the page and its .xlsx agree)."""
    return asked if asked in years else (years[0] if years else None)


def plan_rows(unit, school_year: str):
    """Every plan row of the area's institutions for the year, by institution and criterion."""
    return (
        targets_of(unit, school_year)
        .order_by("assessment__participation__institution__name", "assessment", "criterion")
        .values(
            "assessment__participation__institution__code",
            "assessment__participation__institution__name",
            "assessment__participation__version__code",
            "criterion",
            "target_level",
            "actions",
            "owner",
            "due",
            "resources",
        )
    )


@login_required
def area_plans(request, code):
    unit = get_unit_or_404(request.user, code, Action.VIEW_UNIT)
    if unit.kind == UnitKind.INSTITUTION:  # a school reads its own plan on its file
        raise Http404
    years = plan_years(unit)
    year = chosen_year(years, request.GET.get("nam-hoc", ""))
    criteria = Paginator(criteria_targeted(unit, year), PAGE_SIZE).get_page(request.GET.get("tc"))
    titles = criterion_titles(r["assessment__participation__version__code"] for r in criteria)
    for row in criteria:
        key = (row["assessment__participation__version__code"], row["criterion"])
        row["title"] = titles.get(key, "")
    actions = Paginator(actions_repeated(unit, year), PAGE_SIZE).get_page(request.GET.get("nv"))
    schools = Paginator(institutions_with_plans(unit, year), PAGE_SIZE).get_page(
        request.GET.get("cs")
    )
    return render(
        request,
        "assessments/area_plans.html",
        {
            "unit": unit,
            "years": years,
            "year": year,
            "criteria": criteria,
            "actions": actions,
            "schools": schools,
        },
    )
