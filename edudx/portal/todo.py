"""What each person has to do next (Việc cần làm): one function per role block, each returning
plain data for the home page.

A block reads only what its holder works on: their school's file, their authority's campaigns,
their team's institutions, the area they oversee. Counts are aggregated in the database and lists
are capped at `LIST_CAP` rows, so a home page costs the same number of queries for ten
institutions or ten thousand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edudx.accounts.models import Role, RoleAssignment
from edudx.accounts.permissions import ROLE_ACTIONS, Action, can, team_access_stands
from edudx.assessments import council
from edudx.assessments.campaign_settings import pending_preschool_count
from edudx.assessments.campaigns import current_school_year, previous_school_year, timeline
from edudx.assessments.models import (
    EDITABLE_STATES,
    AssessmentState,
    Campaign,
    FactEntry,
    Participation,
)
from edudx.assessments.progress import NOT_STARTED, PROGRESS_CHOICES, progress_label, with_progress
from edudx.assessments.workflow import approval_problems, due_date
from edudx.frameworks.models import FrameworkVersion
from edudx.organizations.models import AUTHORITY_KINDS, Unit, UnitKind
from edudx.recognition.models import RecognisedResult
from edudx.reviews.models import EvaluationState, TeamMember
from edudx.reviews.rounds import latest_round, open_comments
from edudx.reviews.teams import Load, workload

LIST_CAP = 10
PROBLEMS_SHOWN = 3

#: The authority's queue as its officer reads it: (state, what it means for them), in the
#: order work arrives. Each links to the queue filtered by that state.
QUEUE_STATES = [
    (AssessmentState.SUBMITTED, _("Waiting to be accepted")),
    (AssessmentState.RETURNED, _("Returned, not yet resubmitted")),
    (AssessmentState.UNDER_REVIEW, _("Being evaluated")),
    (AssessmentState.EVALUATED, _("Ready for recognition")),
]

INSTITUTION_ROLES = (Role.INSTITUTION_HEAD, Role.INSTITUTION_STAFF)
REVIEW_ROLES = tuple(r for r, acts in ROLE_ACTIONS.items() if Action.REVIEW_ASSESSMENTS in acts)
AREA_ROLES = (Role.SYSTEM_ADMIN, Role.DEPARTMENT_ADMIN, Role.VIEWER)
ADMIN_ROLES = (Role.SYSTEM_ADMIN, Role.DEPARTMENT_ADMIN)


@dataclass
class Capped:
    """The first rows of a list and how many there are in all."""

    items: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _capped(queryset, cap: int = LIST_CAP) -> Capped:
    items = list(queryset[: cap + 1])
    if len(items) <= cap:
        return Capped(items, len(items))
    return Capped(items[:cap], queryset.count())


def _under(paths, field_name: str) -> Q:
    return reduce(or_, (Q(**{f"{field_name}__startswith": p}) for p in paths))


def _outermost(assignments) -> list[Unit]:
    """The units of the assignments, without those inside another of them."""
    units: list[Unit] = []
    for unit in sorted({a.unit for a in assignments}, key=lambda u: (u.depth, u.name)):
        if not any(unit.path.startswith(u.path) for u in units):
            units.append(unit)
    return units


def _assignments(user, roles):
    return RoleAssignment.objects.filter(user=user, role__in=roles, unit__active=True)


# -- staff and head of an institution -------------------------------------------------------------


@dataclass
class SchoolWork:
    participation: Participation
    progress: str
    progress_label: str
    due: dt.date
    days_left: int
    answered: int
    items: int
    url: str
    is_head: bool = False
    problems: list = field(default_factory=list)  # workflow.ApprovalProblem, the first few
    problem_count: int = 0
    return_reason: str = ""
    supplement_due: dt.date | None = None  # the deadline the officer set with the latest return
    comments: list = field(default_factory=list)  # ReviewComment of the latest return
    my_criteria: list[str] = field(default_factory=list)
    my_criteria_url: str = ""
    last_year: list = field(default_factory=list)  # GroupLevel of last year's recognition

    @property
    def days_late(self) -> int:
        return -self.days_left

    @property
    def unanswered_before_approval(self) -> int:
        """Items still empty while the head can approve: approving as is counts them 0 points,
        which the head should know before the confirmation, not after the recognition."""
        if not self.is_head or self.progress not in EDITABLE_STATES:
            return 0
        return self.items - self.answered

    @property
    def next_step(self) -> str:
        """The head's next action on the file ("approve", "submit") when nothing blocks it: the
        home names it and its link lands on the head's actions."""
        if not self.is_head or self.problem_count:
            return ""
        if (self.progress == "draft" and self.answered) or self.progress == "returned":
            return "approve"
        return "submit" if self.progress == "approved" else ""


def institution_work(user, today: dt.date) -> list[SchoolWork]:
    """The school's file for each index of this year's campaigns it takes part in."""
    paths = list(_assignments(user, INSTITUTION_ROLES).values_list("unit__path", flat=True))
    if not paths:
        return []
    year = current_school_year(today)
    parts = list(
        with_progress(
            Participation.objects.filter(
                _under(paths, "institution__path"), campaign__school_year=year
            )
        )
        .select_related("campaign__authority", "institution", "version", "assessment")
        .order_by("institution__name", "pk")
    )
    if not parts:
        return []
    saved: dict[int, set[str]] = {}
    for aid, code in FactEntry.objects.filter(
        assessment__participation__in=parts, value__isnull=False
    ).values_list("assessment_id", "code"):
        saved.setdefault(aid, set()).add(code)
    last_year = {
        (r.institution_id, r.framework_code): r.rows()
        for r in RecognisedResult.objects.current().filter(
            institution__in={p.institution_id for p in parts},
            decision__campaign__school_year=previous_school_year(year),
        )
    }
    return [_school_work(user, p, today, saved, last_year) for p in parts]


def _school_work(user, p: Participation, today, saved, last_year) -> SchoolWork:
    assessment = getattr(p, "assessment", None)
    codes = {
        spec.code
        for group in p.version.framework().groups
        for criterion in group.criteria
        for spec in criterion.fact_specs()
    }
    due = due_date(assessment) if assessment else p.campaign.self_assessment_due
    work = SchoolWork(
        participation=p,
        progress=p.progress,
        progress_label=progress_label(p.progress),
        due=due,
        days_left=(due - today).days,
        answered=len(codes & saved.get(assessment.pk if assessment else None, set())),
        items=len(codes),
        url=reverse("assessments:form", args=[p.pk]),
        is_head=can(user, Action.APPROVE_ASSESSMENT, p.institution),
        last_year=last_year.get((p.institution_id, p.version.code), []),
    )
    if assessment is None:
        return work
    if work.is_head and p.progress in EDITABLE_STATES:
        problems = approval_problems(assessment)
        work.problems, work.problem_count = problems[:PROBLEMS_SHOWN], len(problems)
    comments = open_comments(assessment)
    if comments:
        latest = latest_round(assessment)
        work.return_reason, work.supplement_due = latest.reason, latest.due
        work.comments = [c for found in comments.values() for c in found]
    work.my_criteria = council.my_criteria(assessment, user)
    work.my_criteria_url = reverse("assessments:council_mine", args=[p.pk])
    return work


# -- authority officer ----------------------------------------------------------------------------


@dataclass
class Tally:
    key: str
    label: str
    n: int
    url: str = ""


@dataclass
class CampaignWork:
    campaign: Campaign
    total: int
    queue: list[Tally]
    with_institutions: list[Tally]  # not started, draft, approved: still the schools' work
    not_started: Capped
    teams: list[Load]
    next_step: object | None  # services.Step
    url: str
    queue_url: str
    teams_url: str
    preschools_pending: int = 0  # preschools waiting for the 3276 annex (or to be taken in)


def authority_work(user, today: dt.date) -> list[CampaignWork]:
    """Each of this year's campaigns of an authority the user reviews for."""
    units = _assignments(user, REVIEW_ROLES).values("unit_id")
    campaigns = list(
        Campaign.objects.filter(authority_id__in=units, school_year=current_school_year(today))
        .select_related("authority")
        .order_by("authority__path")
    )
    if not campaigns:
        return []
    counts: dict[int, dict[str, int]] = {c.pk: {} for c in campaigns}
    for campaign_id, progress, n in (
        with_progress(Participation.objects.filter(campaign__in=campaigns))
        .values_list("campaign_id", "progress")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[campaign_id][progress] = n
    return [_campaign_work(c, counts[c.pk], today) for c in campaigns]


def _campaign_work(campaign: Campaign, counts: dict[str, int], today) -> CampaignWork:
    queue_url = reverse("reviews:queue", args=[campaign.pk])
    url = reverse("assessments:campaign_detail", args=[campaign.pk])
    not_started = (
        with_progress(campaign.participations.all())
        .filter(progress=NOT_STARTED)
        .select_related("institution")
        .order_by("institution__name", "pk")
    )
    shown = list(not_started[:LIST_CAP])
    return CampaignWork(
        campaign=campaign,
        total=sum(counts.values()),
        queue=[
            Tally(state, str(label), counts.get(state, 0), f"{queue_url}?state={state}")
            for state, label in QUEUE_STATES
        ],
        with_institutions=[
            Tally(key, progress_label(key), counts.get(key, 0), url if key == NOT_STARTED else "")
            for key in (NOT_STARTED, AssessmentState.DRAFT, AssessmentState.APPROVED)
        ],
        not_started=Capped(shown, counts.get(NOT_STARTED, 0)),
        teams=workload(campaign, today),
        next_step=next((s for s in timeline(campaign, today) if s.state == "next"), None),
        url=url,
        queue_url=queue_url,
        teams_url=reverse("reviews:teams", args=[campaign.pk]),
        preschools_pending=pending_preschool_count(campaign),
    )


# -- evaluation-team member -----------------------------------------------------------------------


@dataclass
class TeamWork:
    total: int
    left: Capped
    roles: dict = field(default_factory=dict)  # team id → role


def team_work(user, today: dt.date) -> TeamWork | None:
    """This year's institutions assigned to the user's teams that still open to them
    (`team_role`: access ends with the role), those not finalised first."""
    parts = list(
        Participation.objects.filter(
            team_assignment__team__members__user=user,
            campaign__school_year=current_school_year(today),
        )
        .select_related(
            "campaign__authority", "institution", "assessment__evaluation", "team_assignment__team"
        )
        .order_by("institution__name", "pk")
        .distinct()
    )
    parts = [p for p in parts if team_access_stands(user, p)]
    if not parts:
        return None
    roles = dict(TeamMember.objects.filter(user=user).values_list("team_id", "role"))
    left = []
    for p in parts:
        assessment = getattr(p, "assessment", None)
        evaluation = getattr(assessment, "evaluation", None) if assessment else None
        if evaluation is None or evaluation.state != EvaluationState.FINAL:
            p.team_role = roles.get(p.team_assignment.team_id)
            p.state_label = assessment.get_state_display() if assessment else ""
            p.url = reverse("reviews:evaluation", args=[p.pk])
            left.append(p)
    return TeamWork(len(parts), Capped(left[:LIST_CAP], len(left)), roles)


# -- viewers and administrators of an area --------------------------------------------------------


@dataclass
class AreaSummary:
    unit: Unit
    school_year: str
    counts: list[Tally]
    total: int
    url: str


def area_summaries(user, today: dt.date) -> list[AreaSummary]:
    """For each area the user oversees, this year's institutions counted by progress: one
    aggregate query per area, never a row per institution."""
    units = _outermost(
        _assignments(user, AREA_ROLES)
        .exclude(unit__kind=UnitKind.INSTITUTION)
        .select_related("unit")
    )
    year = current_school_year(today)
    out = []
    for unit in units:
        found = dict(
            with_progress(
                Participation.objects.filter(
                    campaign__school_year=year, campaign__authority__path__startswith=unit.path
                )
            )
            .values_list("progress")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts = [Tally(key, str(label), found.get(key, 0)) for key, label in PROGRESS_CHOICES]
        out.append(
            AreaSummary(
                unit,
                year,
                counts,
                sum(found.values()),
                reverse("dashboards:area", args=[unit.code]),
            )
        )
    return out


@dataclass
class SetupGaps:
    no_campaign: Capped  # authorities managing institutions with no campaign this year
    no_account: Capped  # units where nobody holds a role
    incomplete: list[FrameworkVersion]
    school_year: str

    @property
    def empty(self) -> bool:
        return not (self.no_campaign.total or self.no_account.total or self.incomplete)


def setup_gaps(user, today: dt.date) -> SetupGaps | None:
    """For administrators: what is not set up yet in their area."""
    units = _outermost(_assignments(user, ADMIN_ROLES).select_related("unit"))
    if not units:
        return None
    year = current_school_year(today)
    area = _under([u.path for u in units], "path")
    manages = Unit.objects.filter(parent=OuterRef("pk"), kind=UnitKind.INSTITUTION, active=True)
    no_campaign = (
        Unit.objects.filter(area, active=True, kind__in=AUTHORITY_KINDS)
        .filter(Exists(manages))
        .exclude(campaigns__school_year=year)
        .order_by("depth", "name")
    )
    no_account = (
        Unit.objects.filter(area, active=True)
        .exclude(Exists(RoleAssignment.objects.filter(unit=OuterRef("pk"))))
        .order_by("depth", "name")
    )
    return SetupGaps(
        _capped(no_campaign),
        _capped(no_account),
        list(FrameworkVersion.objects.filter(complete=False).order_by("code", "version")),
        year,
    )
