"""The review queue of a campaign: every institution with its state, self-assessed points and
levels per group, last year's levels and the flags a reviewer looks for.

A fixed number of queries whatever the number of institutions: the participations, the versions,
all facts and evidence of the campaign, last year's participations, facts and corrections, each
read in bulk; the engine scores each institution in memory."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from edudx.assessments import details as item_details
from edudx.assessments.campaigns import previous_school_year
from edudx.assessments.models import (
    AssessmentState,
    Campaign,
    Evidence,
    FactEntry,
    Participation,
    SelfAssessment,
)
from edudx.assessments.progress import NOT_STARTED, PROGRESS_CHOICES, progress_label, progress_of
from edudx.assessments.workflow import due_date
from edudx.frameworks.models import FrameworkVersion
from edudx.frameworks.scoring import FactsError, score, validate_facts
from edudx.organizations.models import fold
from edudx.reviews.models import ReturnRound

FLAGS = {
    "overdue": _("Submission overdue"),
    "mandatory": _("Mandatory condition not met"),
    "evidence": _("Evidence missing for a claimed item"),
    "jump": _("A group rose a level since last year"),
    "registry": _("Inconsistent with the registry"),
}
SORTS = ("name", "state", "submitted", "points")
PAGE_SIZE = 50


@dataclass
class GroupCell:
    code: str
    points: float | None
    level: int | None
    last_level: int | None
    #: Whether last year's level was recognised by decision (else it is a self-assessment).
    last_recognised: bool = False


@dataclass
class Row:
    participation: Participation
    state: str
    groups: list[GroupCell]
    flags: dict[str, str] = field(default_factory=dict)  # flag → the detail shown on hover
    team: str = ""
    total: float = 0.0

    @property
    def institution(self):
        return self.participation.institution

    @property
    def assessment(self):
        return getattr(self.participation, "assessment", None)

    @property
    def state_label(self) -> str:
        return progress_label(self.state)


def _result(fw, facts: dict, awarded: dict):
    if not facts:
        return None
    try:
        return score(fw, validate_facts(fw, facts, awarded=awarded or None))
    except FactsError:
        return None


def _last_year(campaign: Campaign, versions: dict, chosen) -> dict[tuple[int, str], dict]:
    """(institution id, framework code) → {"levels": group levels, "recognised": bool} of last
    year: the levels recognised by decision when there is a standing recognition; otherwise the
    institution's own self-assessment, labelled as such (and never used for the flags)."""
    institutions = chosen.values("institution")
    prev = list(
        Participation.objects.filter(
            campaign__school_year=previous_school_year(campaign.school_year),
            institution__in=institutions,
        ).values("institution_id", "version_id", "assessment__id")
    )
    prev = [p for p in prev if p["assessment__id"]]
    if not prev:
        return {}
    # Recognition sits above reviews; its rows are reached through the assessment's relation.
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


def build_queue(campaign: Campaign, today: dt.date, participations=None) -> list[Row]:
    """The rows of the campaign (or of the given participations of it)."""
    chosen = campaign.participations.all() if participations is None else participations
    parts = list(
        chosen.select_related("institution", "assessment", "team_assignment__team").order_by(
            "institution__name", "pk"
        )
    )
    versions = {
        v.pk: v for v in FrameworkVersion.objects.filter(pk__in={p.version_id for p in parts})
    }
    facts, awarded, details = defaultdict(dict), defaultdict(dict), defaultdict(dict)
    answered = set()
    for aid, code, value, points, extra in FactEntry.objects.filter(
        assessment__participation__in=chosen
    ).values_list("assessment_id", "code", "value", "awarded", "details"):
        answered.add(aid)
        if value is not None:
            facts[aid][code] = value
        if points is not None:
            awarded[aid][code] = float(points)
        if extra:
            details[aid][code] = extra
    supported = defaultdict(set)
    for aid, criteria in Evidence.objects.filter(assessment__participation__in=chosen).values_list(
        "assessment_id", "criteria"
    ):
        supported[aid].update(criteria or [])
    last = _last_year(campaign, versions, chosen)
    supplement_due = dict(
        ReturnRound.objects.filter(assessment__participation__in=chosen)
        .order_by("assessment_id", "number")
        .values_list("assessment_id", "due")
    )
    rows = []
    for p in parts:
        version = versions[p.version_id]
        fw = version.framework()
        assessment = getattr(p, "assessment", None)
        aid = assessment.pk if assessment else None
        state = progress_of(assessment, answered=aid in answered)  # "not started" apart
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
        row = Row(p, state, groups)
        assignment = getattr(p, "team_assignment", None)
        row.team = assignment.team.name if assignment else ""
        row.total = sum(c.points or 0 for c in groups)
        due = (
            due_date(
                assessment,
                supplement_due=(supplement_due[aid] or campaign.evaluation_due)
                if aid in supplement_due
                else None,
            )
            if assessment
            else campaign.self_assessment_due
        )
        if state in (NOT_STARTED, AssessmentState.DRAFT, AssessmentState.APPROVED) and today > due:
            row.flags["overdue"] = f"hạn {due:%d/%m/%Y}"
        if result:
            unmet = [c for g in result.groups.values() for c in g.unmet_mandatory]
            if unmet:
                row.flags["mandatory"] = ", ".join(unmet)
            lacking = []
            for criterion in fw.criteria():
                codes = criterion.fact_codes()
                if criterion.code not in supported[aid] and any(
                    item_details.is_claimed(facts[aid].get(c)) for c in codes
                ):
                    lacking.append(criterion.code)
            if lacking:
                row.flags["evidence"] = ", ".join(lacking)
            jumps = [
                f"{c.code}: {c.last_level} → {c.level}"
                for c in groups
                if c.level and c.last_level and c.last_recognised and c.level > c.last_level
            ]
            if jumps:
                row.flags["jump"] = "; ".join(jumps)
        problems = _registry_problems(p, fw, details[aid]) if aid else []
        if problems:
            row.flags["registry"] = "; ".join(problems)
        rows.append(row)
    return rows


def state_counts(rows: list[Row]) -> list[tuple[str, str, int]]:
    """(state, label, count) for "not started" and every state, in the workflow's order."""
    counts = Counter(r.state for r in rows)
    return [(value, label, counts.get(value, 0)) for value, label in PROGRESS_CHOICES]


def filtered(rows: list[Row], *, state="", flag="", team="", q="", sort="name") -> list[Row]:
    if state:
        rows = [r for r in rows if r.state == state]
    if flag:
        rows = [r for r in rows if flag in r.flags]
    if team == "none":
        rows = [r for r in rows if not r.team]
    elif team:
        rows = [r for r in rows if r.team == team]
    if q.strip():
        needle = fold(q)
        rows = [
            r
            for r in rows
            if needle in r.institution.search_name
            or r.institution.code.lower().startswith(q.strip().lower())
        ]
    order = list(AssessmentState.values)
    if sort == "state":
        rows = sorted(rows, key=lambda r: order.index(r.state))
    elif sort == "submitted":
        far = dt.datetime.max.replace(tzinfo=dt.UTC)
        rows = sorted(
            rows, key=lambda r: (r.assessment.submitted_at if r.assessment else None) or far
        )
    elif sort == "points":
        rows = sorted(rows, key=lambda r: -r.total)
    return rows
