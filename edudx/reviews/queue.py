"""The review queue of a campaign: every institution with its state, self-assessed points and
levels per group, last year's levels and the flags a reviewer looks for.

A page costs the same whatever the size of the authority: the database filters, sorts and counts
on what is stored (the state, the points and flags the services keep on each assessment,
assessments/standing.py; the deadlines for "overdue"), the page of 50 is chosen, and only its
rows are read and scored (`queue_page`). `build_queue` builds the rows of given participations
(all of a campaign when none are given) in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from edudx.assessments import standing
from edudx.assessments.models import AssessmentState, Campaign, Participation
from edudx.assessments.progress import (
    NOT_STARTED,
    PROGRESS_CHOICES,
    progress_label,
    progress_of,
    with_progress,
)
from edudx.assessments.standing import GroupCell
from edudx.assessments.workflow import due_date
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


def build_queue(campaign: Campaign, today: dt.date, participations=None) -> list[Row]:
    """The rows of the campaign (or of the given participations of it), by name."""
    chosen = campaign.participations.all() if participations is None else participations
    parts = list(
        chosen.select_related(
            "institution", "campaign", "assessment", "team_assignment__team"
        ).order_by("institution__name", "pk")
    )
    found = standing.standings(parts)
    supplement_due = dict(
        ReturnRound.objects.filter(assessment__participation__in=chosen)
        .order_by("assessment_id", "number")
        .values_list("assessment_id", "due")
    )
    rows = []
    for p in parts:
        assessment = getattr(p, "assessment", None)
        aid = assessment.pk if assessment else None
        s = found[p.pk]
        state = progress_of(assessment, answered=s.answered)  # "not started" apart
        row = Row(p, state, s.groups)
        assignment = getattr(p, "team_assignment", None)
        row.team = assignment.team.name if assignment else ""
        row.total = s.total
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
        row.flags.update(s.flags)
        rows.append(row)
    return rows


def _with_due(participations):
    """Participations annotated with `due`: the self-assessment deadline `workflow.due_date`
    gives, computed by the database (the campaign's, an extension, the latest supplement's)."""
    rounds = ReturnRound.objects.filter(assessment=OuterRef("assessment")).order_by("-number")
    campaign_due = F("campaign__self_assessment_due")
    supplement = Case(
        When(
            Exists(rounds),
            then=Coalesce(Subquery(rounds.values("due")[:1]), F("campaign__evaluation_due")),
        ),
        default=campaign_due,
    )
    return participations.annotate(
        due=Greatest(
            campaign_due, Coalesce(F("assessment__extended_until"), campaign_due), supplement
        )
    )


def _flag_filter(flag: str, today: dt.date) -> Q:
    if flag == "overdue":
        late = (NOT_STARTED, AssessmentState.DRAFT, AssessmentState.APPROVED)
        return Q(progress__in=late, due__lt=today)
    stored = Q(assessment__flags__contains=f",{flag},")
    if flag == "registry":  # a unit the registry closed since the assessment was last saved
        stored |= Q(assessment__isnull=False) & (
            Q(institution__active=False) | Q(institution__merged_into__isnull=False)
        )
    return stored


_ORDER = {
    "name": [],
    "state": ["state_order"],
    "submitted": [F("assessment__submitted_at").asc(nulls_last=True)],
    "points": [F("points").desc()],
}


def matching(campaign: Campaign, today: dt.date, *, state="", flag="", team="", q="", sort="name"):
    """The campaign's participations the filters keep, in the order asked (the database does it
    all: nothing is scored)."""
    qs = with_progress(campaign.participations.all()).annotate(
        points=Coalesce(F("assessment__points"), Value(0.0)),
        state_order=Case(
            *[When(progress=value, then=i) for i, (value, _label) in enumerate(PROGRESS_CHOICES)],
            output_field=IntegerField(),
        ),
    )
    if state:
        qs = qs.filter(progress=state)
    if flag in FLAGS:
        if flag == "overdue":
            qs = _with_due(qs)
        qs = qs.filter(_flag_filter(flag, today))
    elif flag:
        qs = qs.none()
    if team == "none":
        qs = qs.filter(team_assignment__isnull=True)
    elif team:
        qs = qs.filter(team_assignment__team__name=team)
    if q.strip():
        qs = qs.filter(
            Q(institution__search_name__contains=fold(q))
            | Q(institution__code__istartswith=q.strip())
        )
    return qs.order_by(*_ORDER.get(sort, []), "institution__name", "pk")


def queue_page(campaign: Campaign, today: dt.date, params: dict, number) -> Page:
    """One page of the queue: chosen by the database, then only its rows built."""
    page = Paginator(matching(campaign, today, **params).values_list("pk", flat=True), PAGE_SIZE)
    page = page.get_page(number)
    ids = list(page.object_list)
    rows = {
        r.participation.pk: r
        for r in build_queue(campaign, today, Participation.objects.filter(pk__in=ids))
    }
    page.object_list = [rows[pk] for pk in ids]
    return page


def progress_counts(campaign: Campaign) -> list[tuple[str, str, int]]:
    """(state, label, count) for "not started" and every state, counted by the database."""
    counts = dict(
        with_progress(campaign.participations.all())
        .order_by()
        .values_list("progress")
        .annotate(n=Count("pk"))
    )
    return [(value, label, counts.get(value, 0)) for value, label in PROGRESS_CHOICES]


def team_names(campaign: Campaign) -> list[str]:
    return sorted(
        set(
            campaign.participations.filter(team_assignment__isnull=False).values_list(
                "team_assignment__team__name", flat=True
            )
        )
    )


def group_codes(campaign: Campaign, rows: list[Row]) -> list[str]:
    """The groups of the first row's index (the columns of the table)."""
    if rows:
        return [c.code for c in rows[0].groups]
    first = campaign.participations.select_related("version").order_by("institution__name", "pk")
    first = first.first()
    return [g.code for g in first.version.framework().groups] if first else []


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
    order = [value for value, _label in PROGRESS_CHOICES]
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
