"""Where a self-assessment stands for the lists that sort and filter many of them: its points and
levels per group, last year's levels, and the flags a reviewer looks for.

One rule for two uses. The review queue shows these for the 50 rows of a page (`standings`, a
fixed number of queries for any number of rows); and, so that a page can be chosen without
scoring every file of the authority first, the services that change what they depend on (a
fact, the evidence, the prefill) store the total and the flags on the assessment (`refresh`),
which the queue sorts and filters on in the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from edudx.assessments import details as item_details
from edudx.assessments.campaigns import previous_school_year
from edudx.assessments.models import Evidence, FactEntry, Participation, SelfAssessment
from edudx.frameworks.models import FrameworkVersion
from edudx.frameworks.scoring import FactsError, score, validate_facts

#: The flags stored on the assessment, in the order a row shows them ("overdue" depends on the
#: day and is computed by the list itself).
STORED_FLAGS = ("mandatory", "evidence", "jump", "registry")


@dataclass
class GroupCell:
    code: str
    points: float | None
    level: int | None
    last_level: int | None
    #: Whether last year's level was recognised by decision (else it is a self-assessment).
    last_recognised: bool = False


@dataclass
class Standing:
    groups: list[GroupCell]
    total: float = 0.0
    flags: dict[str, str] = field(default_factory=dict)  # flag → the detail shown on hover
    answered: bool = False


def _result(fw, facts: dict, awarded: dict):
    if not facts:
        return None
    try:
        return score(fw, validate_facts(fw, facts, awarded=awarded or None))
    except FactsError:
        return None


def _last_year(school_year: str, versions: dict, parts) -> dict[tuple[int, str], dict]:
    """(institution id, framework code) → {"levels": group levels, "recognised": bool} of last
    year: the levels recognised by decision when there is a standing recognition; otherwise the
    institution's own self-assessment, labelled as such (and never used for the flags)."""
    prev = list(
        Participation.objects.filter(
            campaign__school_year=previous_school_year(school_year),
            institution__in={p.institution_id for p in parts},
        ).values("institution_id", "version_id", "assessment__id")
    )
    prev = [p for p in prev if p["assessment__id"]]
    if not prev:
        return {}
    # Recognition sits above assessments; its rows are reached through the assessment's relation.
    recognitions = SelfAssessment._meta.get_field("recognitions").related_model
    recognised = dict(
        recognitions.objects.filter(
            assessment_id__in=[p["assessment__id"] for p in prev], withdrawn_at__isnull=True
        ).values_list("assessment_id", "levels")
    )
    missing = {p["version_id"] for p in prev} - set(versions)
    versions.update({v.pk: v for v in FrameworkVersion.objects.filter(pk__in=missing)})
    facts, awarded = defaultdict(dict), defaultdict(dict)
    own = [p["assessment__id"] for p in prev if p["assessment__id"] not in recognised]
    for aid, code, value, points in FactEntry.objects.filter(assessment_id__in=own).values_list(
        "assessment_id", "code", "value", "awarded"
    ):
        if value is not None:
            facts[aid][code] = value
        if points is not None:
            awarded[aid][code] = float(points)
    out = {}
    for p in prev:
        version = versions[p["version_id"]]
        key = (p["institution_id"], version.code)
        aid = p["assessment__id"]
        if aid in recognised:
            levels = {code: level for code, level in recognised[aid].items()}
            out[key] = {"levels": levels, "recognised": True}
            continue
        result = _result(version.framework(), facts[aid], awarded[aid])
        if result is not None:
            levels = {code: g.level for code, g in result.groups.items()}
            out[key] = {"levels": levels, "recognised": False}
    return out


def _recognised_last_year(school_year: str, parts) -> dict[tuple[int, str], dict]:
    """`_last_year` as far as the stored standing needs it, in one query: the levels recognised
    by decision (a self-assessed last year is only shown, never flagged), without reading and
    scoring last year's own files. Every autosave after a school's first year stores its
    standing: this keeps that to the one query it costs in the first year. The result row names
    its institution and index (copied from the participation when recognised): two joins, not
    four."""
    recognitions = SelfAssessment._meta.get_field("recognitions").related_model
    rows = (
        recognitions.objects.filter(
            decision__campaign__school_year=previous_school_year(school_year),
            institution__in={p.institution_id for p in parts},
            withdrawn_at__isnull=True,
        )
        .order_by()  # unordered: no join on the institution for the default order
        .values_list("institution_id", "framework_code", "levels")
    )
    return {
        (institution, code): {"levels": dict(levels), "recognised": True}
        for institution, code, levels in rows
    }


def _registry_problems(participation, fw, entries: dict) -> list[str]:
    """What the registry (the unit's record) contradicts, and totals that contradict each
    other. The registry holds no figures (teachers, classrooms) to compare counts with."""
    unit = participation.institution
    problems = []
    if not unit.active or unit.merged_into_id:
        problems.append("đơn vị đã ngừng hoạt động hoặc đã sáp nhập theo danh mục")
    if unit.education_levels and not set(unit.education_levels) & set(fw.education_levels):
        problems.append("cấp học theo danh mục không thuộc phạm vi bộ chỉ số")
    for criterion in fw.criteria():
        wholes = {
            item.code: (entries.get(item.code) or {}).get("whole")
            for item in criterion.items
            if item.kind == "percentage"
        }
        given = {code: w for code, w in wholes.items() if w}
        if len(set(given.values())) > 1:
            shown = ", ".join(f"{c}: {w}" for c, w in given.items())
            problems.append(f"tổng số khai ở tiêu chí {criterion.code} không khớp nhau ({shown})")
    return problems


def _versions(parts) -> dict:
    """The indices of these participations: those read with them are not read again."""
    versions = {p.version_id: p.version for p in parts if Participation.version.is_cached(p)}
    missing = {p.version_id for p in parts} - set(versions)
    if missing:
        versions.update({v.pk: v for v in FrameworkVersion.objects.filter(pk__in=missing)})
    return versions


def standings(
    parts: list[Participation], entries=None, *, stored_only: bool = False
) -> dict[int, Standing]:
    """Participation id → its standing, for participations of one school year read with their
    institution, campaign and assessment (a fixed number of queries whatever their number).
    `entries`: the FactEntry rows of these assessments when the caller has read them already.
    `stored_only`: what `refresh` stores (points, flags, answered) is all that is asked, so a
    last year that was only self-assessed is not read (it is shown, never flagged)."""
    if not parts:
        return {}
    versions = _versions(parts)
    aids = [p.assessment.pk for p in parts if getattr(p, "assessment", None)]
    facts, awarded, details = defaultdict(dict), defaultdict(dict), defaultdict(dict)
    answered = set()
    rows = (
        FactEntry.objects.filter(assessment_id__in=aids).values_list(
            "assessment_id", "code", "value", "awarded", "details"
        )
        if entries is None
        else [(e.assessment_id, e.code, e.value, e.awarded, e.details) for e in entries]
    )
    for aid, code, value, points, extra in rows:
        answered.add(aid)
        if value is not None:
            facts[aid][code] = value
        if points is not None:
            awarded[aid][code] = float(points)
        if extra:
            details[aid][code] = extra
    supported = defaultdict(set)
    for aid, criteria in Evidence.objects.filter(assessment_id__in=aids).values_list(
        "assessment_id", "criteria"
    ):
        supported[aid].update(criteria or [])
    year = parts[0].campaign.school_year
    last = _recognised_last_year(year, parts) if stored_only else _last_year(year, versions, parts)
    out = {}
    for p in parts:
        version = versions[p.version_id]
        fw = version.framework()
        assessment = getattr(p, "assessment", None)
        aid = assessment.pk if assessment else None
        result = _result(fw, facts[aid], awarded[aid]) if aid else None
        previous = last.get((p.institution_id, version.code), {})
        groups = [
            GroupCell(
                g.code,
                result.groups[g.code].points if result else None,
                result.groups[g.code].level if result else None,
                (previous.get("levels") or {}).get(g.code),
                bool(previous.get("recognised")),
            )
            for g in fw.groups
        ]
        standing = Standing(groups, sum(c.points or 0 for c in groups), answered=aid in answered)
        out[p.pk] = standing
        if result:
            unmet = [c for g in result.groups.values() for c in g.unmet_mandatory]
            if unmet:
                standing.flags["mandatory"] = ", ".join(unmet)
            lacking = []
            for criterion in fw.criteria():
                codes = criterion.fact_codes()
                if criterion.code not in supported[aid] and any(
                    item_details.is_claimed(facts[aid].get(c)) for c in codes
                ):
                    lacking.append(criterion.code)
            if lacking:
                standing.flags["evidence"] = ", ".join(lacking)
            jumps = [
                f"{c.code}: {c.last_level} → {c.level}"
                for c in groups
                if c.level and c.last_level and c.last_recognised and c.level > c.last_level
            ]
            if jumps:
                standing.flags["jump"] = "; ".join(jumps)
        problems = _registry_problems(p, fw, details[aid]) if aid else []
        if problems:
            standing.flags["registry"] = "; ".join(problems)
    return out


def stored_flags(flags) -> str:
    """The flags as stored: ",mandatory,jump," (a substring test finds one on any database)."""
    kept = [f for f in STORED_FLAGS if f in flags]
    return f",{','.join(kept)}," if kept else ""


BATCH = 500


def refresh(assessment_ids) -> int:
    """Store the total points, the flags and whether anything was answered of these assessments (after a service changed what
    they depend on, or to fill them for existing data); returns how many were written."""
    ids = sorted(set(assessment_ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        by_year = defaultdict(list)
        for p in Participation.objects.filter(assessment__id__in=chunk).select_related(
            "institution", "campaign", "assessment"
        ):
            by_year[p.campaign.school_year].append(p)
        for parts in by_year.values():
            written += _store(parts, standings(parts, stored_only=True))
    return written


def _store(parts, found: dict[int, Standing]) -> int:
    """One UPDATE for all these assessments (not one per row)."""
    if len(parts) == 1:  # the save path: the plain statement, cheaper to build than a CASE
        s = found[parts[0].pk]
        SelfAssessment.objects.filter(pk=parts[0].assessment.pk).update(
            points=s.total, flags=stored_flags(s.flags), answered=s.answered
        )
        return 1
    rows = [
        SelfAssessment(
            pk=p.assessment.pk,
            points=found[p.pk].total,
            flags=stored_flags(found[p.pk].flags),
            answered=found[p.pk].answered,
        )
        for p in parts
    ]
    SelfAssessment.objects.bulk_update(rows, ["points", "flags", "answered"])
    return len(rows)


def refresh_one(assessment: SelfAssessment, entries=None) -> None:
    """`refresh` for one assessment. The save path hands what it holds: the assessment with its
    participation (read with institution, campaign and index) and `entries`, its facts as they
    stand after the change (read in the same transaction); only the evidence and last year are
    then read."""
    if assessment.is_blank:
        return
    if entries is None or not SelfAssessment.participation.is_cached(assessment):
        refresh([assessment.pk])
        return
    part = assessment.participation
    part.assessment = assessment
    _store([part], standings([part], entries, stored_only=True))
