"""Keeping the per-authority roll-up (RollUp) in step with the summary rows (ScoreLine).

An authority's rows of a school year are recomputed from its ScoreLines whenever one of its
assessments changes state (`lines.refresh` calls `recompute_for` in the transition's
transaction), and the next year's rows of the same institutions too, since their change "since
last year" compares with this year. Recomputing the authority (a commune: tens of institutions)
rather than adding and subtracting keeps one rule — the roll-up is a function of the ScoreLines
— and the test compares it with a fresh recomputation after a sequence of transitions.

Two transitions in the same authority are serialised by locking the authority's Unit row (in
id order, so two transactions never wait on each other); the second then reads the first's
committed ScoreLines."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from edudx.assessments.campaigns import parse_school_year, previous_school_year
from edudx.assessments.models import AssessmentState, Participation
from edudx.dashboards.models import RollUp, RollUpKind, ScoreLine, Side
from edudx.organizations.models import Unit

COUNTS = ("self_n", "recognised_n", "current_n", "improved", "unchanged", "declined", "unknown")


def next_school_year(school_year: str) -> str:
    """'2024-2025' → '2025-2026'."""
    first, _ = parse_school_year(school_year)
    return f"{first + 1}-{first + 2}"


def _change(now, then) -> str:
    if now is None or then is None:
        return "unknown"
    return "improved" if now > then else "unchanged" if now == then else "declined"


def rows_for(authority_id: int, year: str) -> list[RollUp]:
    """The roll-up rows an authority's campaigns of `year` should have now (two reads)."""
    lines = list(
        ScoreLine.objects.filter(
            school_year=year,
            assessment__participation__campaign__school_year=year,
            assessment__participation__campaign__authority_id=authority_id,
        ).values_list(
            "assessment_id",
            "assessment__state",
            "institution_id",
            "institution__ownership",
            "institution__levels",
            "framework",
            "side",
            "group",
            "criterion",
            "points",
            "maximum",
            "level",
            "current",
        )
    )
    previous = {
        (i, fw, g, c): level
        for i, fw, g, c, level in ScoreLine.objects.filter(
            school_year=previous_school_year(year),
            current=True,
            institution_id__in={line[2] for line in lines},
        ).values_list("institution_id", "framework", "group", "criterion", "level")
    }
    own = {(a, g, c): p for a, _s, _i, _o, _l, _f, side, g, c, p, *_ in lines if side == Side.SELF}
    out: dict[tuple, RollUp] = {}
    top: dict[tuple, list] = defaultdict(list)  # (assessment, framework, side) → group levels

    def row(kind, fw, group, criterion, level, ownership="", levels="") -> RollUp:
        key = (kind, fw, group, criterion, level, ownership, levels)
        if key not in out:
            out[key] = RollUp(
                authority_id=authority_id,
                school_year=year,
                kind=kind,
                framework=fw,
                group=group,
                criterion=criterion,
                level=level,
                ownership=ownership,
                education_levels=levels,
            )
        return out[key]

    for a, state, inst, ownership, levels, fw, side, g, c, points, maximum, level, cur in lines:
        if c == "":
            target = row(RollUpKind.GROUP, fw, g, "", level, ownership, levels)
            target.self_n += side == Side.SELF  # written only from the head's approval on
            target.recognised_n += side == Side.EXTERNAL and state == AssessmentState.RECOGNISED
            if cur:
                top[(a, fw, side, inst)].append(level)
        elif cur:
            target = row(RollUpKind.CRITERION, fw, g, c, level)
        if not cur:
            continue
        target.current_n += 1
        target.points += points
        target.maximum = max(target.maximum, maximum)
        then = previous.get((inst, fw, g, c), "none")
        if then != "none":
            name = _change(level, then)
            setattr(target, name, getattr(target, name) + 1)
        mine = own.get((a, g, c)) if side == Side.EXTERNAL else None
        if mine is not None:
            target.evaluated += 1
            target.changed += points != mine
            target.delta += points - mine
            target.size += abs(points - mine)
    rows = list(out.values())
    for (a, fw, side, inst), levels in top.items():
        if min(level or 0 for level in levels) == 3:
            rows.append(
                RollUp(
                    authority_id=authority_id,
                    school_year=year,
                    kind=RollUpKind.EXEMPLARY,
                    framework=fw,
                    level=3,
                    current_n=1,
                    institution_id=inst,
                    assessment_id=a,
                    side=side,
                )
            )
    return rows


def recompute(pairs) -> int:
    """Rewrite the roll-up of each (authority id, school year); returns rows written."""
    pairs = sorted(set(pairs))
    written = 0
    with transaction.atomic():
        ids = sorted({authority for authority, _y in pairs})
        list(Unit.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        for authority, year in pairs:
            rows = rows_for(authority, year)
            RollUp.objects.filter(authority_id=authority, school_year=year).delete()
            RollUp.objects.bulk_create(rows, batch_size=2000)
            written += len(rows)
    return written


def pairs_for(participation: Participation) -> list[tuple[int, str]]:
    """The (authority, year) roll-ups a change of the participation's rows touches: its own,
    and the next year's of the same institution (their change since last year compares with
    it)."""
    campaign = participation.campaign
    following = Participation.objects.filter(
        institution_id=participation.institution_id,
        campaign__school_year=next_school_year(campaign.school_year),
    ).values_list("campaign__authority_id", "campaign__school_year")
    return [(campaign.authority_id, campaign.school_year), *following]


def recompute_for(participation: Participation) -> int:
    return recompute(pairs_for(participation))


def rebuild() -> int:
    """Rewrite the roll-up of every authority and year (after `lines.rebuild`)."""
    from edudx.assessments.models import Campaign

    RollUp.objects.all().delete()
    pairs = set(Campaign.objects.values_list("authority_id", "school_year"))
    return recompute(pairs)
