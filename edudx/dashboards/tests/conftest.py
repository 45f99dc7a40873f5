"""An area with a year in progress and a year before it, built with the services where the state
matters to the summary rows (a transition refreshes them) and directly elsewhere, then the rows
rebuilt (`lines.rebuild`) the way an upgrade would.

S01 (Sở Hải Phòng): X01 (UBND phường Lê Chân) with T01 recognised, T02 evaluated with corrected
points, and any extra schools; S01 itself manages T10 (not started). S02/X02: T03 is a preschool
(3276 is incomplete: "chưa áp dụng"). Last year X01 had T01 recognised at lower levels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from edudx.assessments.campaigns import default_deadlines, open_campaign
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import Participation, SelfAssessment
from edudx.dashboards.lines import rebuild
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit
from edudx.recognition.services import issue_decision
from edudx.reviews.models import Evaluation, EvaluationEntry, EvaluationState

YEAR, LAST = "2025-2026", "2024-2025"
LOW = {"1.1": True, "1.2": True, "1.4.1": 45, "1.5.1": True, "1.5.2": True}
HIGH = {
    **LOW,
    **{f"1.3.{i}": True for i in range(1, 6)},
    "1.4.1": 60,
    "2.1": True,
    "2.2": True,
    **{f"2.3.{i}": True for i in (1, 2, 4, 5, 6, 7, 8)},
    **{f"2.4.{i}": True for i in (1, 2, 3)},
}


def assess(participation, state, facts, corrections=None):
    """An assessment in `state` with its facts (and, once evaluated, a final evaluation)."""
    assessment = start_assessment(participation)
    for code, value in facts.items():
        save_fact(assessment, code, value, revision=0, by=None)
    SelfAssessment.objects.filter(pk=assessment.pk).update(state=state)
    if state in (S.EVALUATED, S.RECOGNISED):
        evaluation = Evaluation.objects.create(
            assessment=assessment, state=EvaluationState.FINAL, finalised_at=timezone.now()
        )
        for code, value in (corrections or {}).items():
            EvaluationEntry.objects.create(
                evaluation=evaluation, code=code, value=value, comment="Kiểm tra lại"
            )
    assessment.refresh_from_db()
    return assessment


def add_schools(campaign, n, start, *, state=S.SUBMITTED, facts=None):
    """n more primary schools under the campaign's authority, each in `state`."""
    version = campaign.frameworks.first().version
    out = []
    for i in range(start, start + n):
        unit = create_unit(
            code=f"TX{i}",
            name=f"Trường Tiểu học số {i}",
            kind=UnitKind.INSTITUTION,
            parent=campaign.authority,
            education_levels=["primary"],
            ownership="private" if i % 2 else "public",
        )
        p = Participation.objects.create(campaign=campaign, institution=unit, version=version)
        if state != "not_started":
            out.append(assess(p, state, facts or (HIGH if i % 3 == 0 else LOW)))
    return out


@pytest.fixture
def area(campaign, tree, bundled_frameworks, officer_x):
    v = bundled_frameworks["4725"]
    last = open_campaign(
        authority=tree["X01"],
        school_year=LAST,
        versions={"primary": v, "lower_secondary": v},
        deadlines=default_deadlines(LAST),
    ).campaign
    before = assess(last.participations.get(institution=tree["T01"]), S.EVALUATED, LOW)
    issue_decision(
        last,
        [before],
        number="90/QĐ-UBND",
        date=dt.date(2025, 6, 1),
        signer_name="Nguyễn Văn Bình",
        signer_title="Chủ tịch",
        by=officer_x,
    )
    t01 = assess(campaign.participations.get(institution=tree["T01"]), S.EVALUATED, HIGH)
    issue_decision(
        campaign,
        [t01],
        number="125/QĐ-UBND",
        date=dt.date(2026, 6, 1),
        signer_name="Nguyễn Văn Bình",
        signer_title="Chủ tịch",
        by=officer_x,
    )
    assess(
        campaign.participations.get(institution=tree["T02"]),
        S.EVALUATED,
        HIGH,
        corrections={"1.4.1": 10, "2.3.5": False},
    )
    open_campaign(
        authority=tree["S01"],
        school_year=YEAR,
        versions={"upper_secondary": v},
        deadlines=default_deadlines(YEAR),
        institutions=[tree["T10"]],
    )
    rebuild()
    return campaign
