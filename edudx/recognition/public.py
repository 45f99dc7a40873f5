"""Public pages (no login): the published recognised results of an authority, and the stable
page of one institution that it may link from its own website."""

from __future__ import annotations

from collections import Counter

from django.shortcuts import get_object_or_404, render

from edudx.organizations.models import AUTHORITY_KINDS, Unit, UnitKind
from edudx.recognition.models import RecognisedResult


def _published():
    return RecognisedResult.objects.public().select_related(
        "institution", "decision__campaign", "decision__authority"
    )


def authority_results(request, code):
    authority = get_object_or_404(Unit, code=code, kind__in=AUTHORITY_KINDS)
    results = _published().filter(decision__authority=authority)
    years = list(
        results.order_by("-decision__campaign__school_year")
        .values_list("decision__campaign__school_year", flat=True)
        .distinct()
    )
    asked = request.GET.get("nam-hoc", "")
    year = asked if asked in years else (years[0] if years else None)
    rows = list(results.filter(decision__campaign__school_year=year).order_by("institution__name"))
    by_level: Counter = Counter()
    groups: dict[str, str] = {}
    for r in rows:
        for g in r.rows():
            groups.setdefault(g.code, g.title)
            by_level[(g.code, g.level)] += 1
    return render(
        request,
        "recognition/public_authority.html",
        {
            "authority": authority,
            "years": years,
            "year": year,
            "rows": rows,
            "level_counts": [
                (code_, title, [by_level[(code_, lv)] for lv in (1, 2, 3)])
                for code_, title in groups.items()
            ],
        },
    )


def institution_results(request, code):
    institution = get_object_or_404(Unit, code=code, kind=UnitKind.INSTITUTION)
    results = (
        _published()
        .filter(institution=institution)
        .order_by("-decision__campaign__school_year", "-decision__date")
    )
    return render(
        request,
        "recognition/public_institution.html",
        {
            "institution": institution,
            "results": results,
            "permalink": request.build_absolute_uri(request.path),
        },
    )
