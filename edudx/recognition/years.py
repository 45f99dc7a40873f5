"""An institution across years (its own page, behind log-in): per school year its levels and
points per criteria group and per criterion, its recognised decisions and its improvement plan.

The points are the self-assessment's as saved (the engine computes them, nothing is stored); the
recognised levels are the ones frozen in the decision. The public permalink (public.py) shows only
published decisions and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from edudx.accounts.permissions import Action, get_unit_or_404
from edudx.assessments.facts import assessment_result
from edudx.assessments.models import Participation, SelfAssessment
from edudx.assessments.plans import plan_rows
from edudx.organizations.models import UnitKind
from edudx.recognition.models import RecognisedResult


@dataclass
class Year:
    participation: Participation
    assessment: SelfAssessment | None
    groups: list[dict] = field(default_factory=list)
    criteria: dict[str, dict] = field(default_factory=dict)  # criterion code → cell
    recognitions: list[RecognisedResult] = field(default_factory=list)
    plan: list = field(default_factory=list)

    @property
    def school_year(self) -> str:
        return self.participation.campaign.school_year


def years_of(institution) -> list[Year]:
    """Every school year the institution took part in, newest first (a year not started shows
    no figures: reading never writes)."""
    participations = (
        Participation.objects.filter(institution=institution)
        .select_related("campaign__authority", "version")
        .order_by("-campaign__school_year", "version__code")
    )
    assessments = {
        a.participation_id: a
        for a in SelfAssessment.objects.filter(participation__in=participations)
    }
    recognised: dict[int, list[RecognisedResult]] = {}
    for r in (
        RecognisedResult.objects.current()
        .filter(institution=institution)
        .select_related("decision__authority")
        .order_by("decision__date")
    ):
        recognised.setdefault(r.assessment_id, []).append(r)
    years = []
    for p in participations:
        assessment = assessments.get(p.pk)
        year = Year(p, assessment)
        if assessment is not None:
            assessment.participation = p  # already loaded with its campaign and index
            result = assessment_result(assessment)
            fw = p.version.framework()
            year.groups = [
                {
                    "code": g.code,
                    "title": g.title,
                    "points": result.groups[g.code].points,
                    "max_points": g.max_points,
                    "level": result.groups[g.code].level,
                }
                for g in fw.groups
            ]
            for cr in fw.criteria():
                r = result.criteria[cr.code]
                year.criteria[cr.code] = {
                    "mandatory": cr.mandatory,
                    "met": r.met,
                    "points": r.points,
                    "level": r.level,
                }
            year.recognitions = recognised.get(assessment.pk, [])
            year.plan = plan_rows(assessment, result)
        years.append(year)
    return years


def criterion_rows(years: list[Year]) -> list[dict]:
    """One row per criterion of the newest index used, with a cell per year (None: not
    assessed that year or not in that year's index)."""
    if not years:
        return []
    fw = years[0].participation.version.framework()
    return [
        {
            "code": cr.code,
            "title": cr.title,
            "mandatory": cr.mandatory,
            "cells": [(y.school_year, y.criteria.get(cr.code)) for y in years],
        }
        for cr in fw.criteria()
    ]


@login_required
def institution_years(request, code):
    institution = get_unit_or_404(request.user, code, Action.VIEW_UNIT)
    if institution.kind != UnitKind.INSTITUTION:
        raise Http404
    years = years_of(institution)
    return render(
        request,
        "recognition/institution_years.html",
        {"institution": institution, "years": years, "criteria": criterion_rows(years)},
    )
