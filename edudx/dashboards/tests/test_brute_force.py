"""Every figure of the dashboard recomputed by brute force — a loop over the participations, the
engine run on each file, the recognition rows read one by one, the due date of workflow.py —
and compared with what the aggregate queries over the summary rows give."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest

from edudx.assessments.campaigns import STEP_DONE, previous_school_year
from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import Participation, SelfAssessment
from edudx.assessments.progress import progress_of
from edudx.assessments.workflow import due_date, extend_deadline
from edudx.core.education import EDUCATION_LEVELS
from edudx.dashboards.figures import NO_OWNERSHIP, build
from edudx.dashboards.lines import rebuild
from edudx.dashboards.tests.conftest import HIGH, YEAR, add_schools
from edudx.frameworks.scoring import score, validate_facts
from edudx.organizations.models import OWNERSHIP_LABELS
from edudx.recognition.models import RecognisedResult
from edudx.reviews.models import ReturnRound
from edudx.reviews.results import external_result

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 5)  # past the self-assessment deadline (31/05), before the others
EXTERNAL = (S.EVALUATED, S.RECOGNISED)
#: Written out here rather than imported: a self-assessment is the institution's claim once the
#: head approved it — approved, submitted, accepted, evaluated, recognised — and not while it is a
#: draft (never approved, reopened, withdrawn) or returned for supplement.
APPROVED_OR_LATER = ("approved", "submitted", "under_review", "evaluated", "recognised")


def own_result(assessment):
    fw = assessment.participation.version.framework()
    facts = {f.code: f.value for f in assessment.facts.all() if f.value is not None}
    awarded = {f.code: float(f.awarded) for f in assessment.facts.all() if f.awarded is not None}
    if not facts:
        return None
    return score(fw, validate_facts(fw, facts, awarded=awarded or None))


def standing(assessment):
    """The standing result the dashboard counts: external once evaluated, else the school's own
    once the head approved it; None for a draft or a file returned for supplement."""
    if assessment is None or assessment.state not in APPROVED_OR_LATER:
        return None
    if assessment.state in EXTERNAL:
        return external_result(assessment.evaluation)
    return own_result(assessment)


def brute(unit, year, today):
    out = {
        "states": Counter(),
        "late": [0, 0, 0],
        "self": Counter(),
        "recognised": Counter(),
        "current": Counter(),
        "education": Counter(),
        "ownership": Counter(),
        "criteria": Counter(),
        "points": defaultdict(float),
        "change": Counter(),
        "delta": defaultdict(float),
        "exemplary": 0,
    }
    parts = Participation.objects.filter(
        campaign__school_year=year, campaign__authority__path__startswith=unit.path
    )
    for p in parts:
        a = SelfAssessment.objects.filter(participation=p).first()
        state = progress_of(a)
        out["states"][state] += 1
        dues = (
            due_date(a) if a else p.campaign.self_assessment_due,
            p.campaign.evaluation_due,
            p.campaign.publication_due,
        )
        for i, due in enumerate(dues):
            out["late"][i] += state not in STEP_DONE[i] and due < today
        if a is None:
            continue
        fw = p.version.framework()
        own = own_result(a) if a.state in APPROVED_OR_LATER else None
        if own is not None:
            for g in own.groups.values():
                out["self"][(g.code, g.level)] += 1
        for r in RecognisedResult.objects.current().filter(assessment=a):
            for g, level in r.levels.items():
                out["recognised"][(g, level)] += 1
        current = standing(a)
        if current is None:
            continue
        for g in current.groups.values():
            out["current"][(g.code, g.level)] += 1
            owner = str(OWNERSHIP_LABELS.get(p.institution.ownership, NO_OWNERSHIP))
            out["ownership"][(owner, g.code, g.level)] += 1
            for lv in p.institution.education_levels:
                if lv in fw.education_levels:
                    out["education"][(EDUCATION_LEVELS[lv], g.code, g.level)] += 1
        out["exemplary"] += all(g.level == 3 for g in current.groups.values())
        for c in current.criteria.values():
            if not c.criterion.mandatory:
                out["criteria"][(c.code, c.level)] += 1
                out["points"][c.code] += c.points
        before = Participation.objects.filter(
            campaign__school_year=previous_school_year(year),
            institution=p.institution,
            version__code=p.version.code,
        ).first()
        last = standing(getattr(before, "assessment", None)) if before else None
        if last is not None:
            pairs = [(g.code, g.level, last.groups[g.code].level) for g in current.groups.values()]
            pairs += [
                (c.code, c.level, last.criteria[c.code].level)
                for c in current.criteria.values()
                if not c.criterion.mandatory
            ]
            for code, now, then in pairs:
                change = (
                    "unknown"
                    if now is None or then is None
                    else "improved"
                    if now > then
                    else "unchanged"
                    if now == then
                    else "declined"
                )
                out["change"][(code, change)] += 1
        if a.state in EXTERNAL and own is not None:
            for c in current.criteria.values():
                if not c.criterion.mandatory:
                    out["delta"][c.code] += c.points - own.criteria[c.code].points
    return out


def figures(board):
    fw = board.frameworks[0]
    got = {
        "states": Counter({state: n for state, _label, n in board.funnel if n}),
        "late": [step.late for step in board.steps],
        "self": Counter(),
        "recognised": Counter(),
        "current": Counter(),
        "education": Counter(),
        "ownership": Counter(),
        "criteria": Counter(),
        "points": defaultdict(float),
        "change": Counter(),
        "delta": defaultdict(float),
        "exemplary": board.exemplary_total,
    }
    for g, counts in fw.total.items():
        for kind in ("self", "recognised", "current"):
            for level, n in getattr(counts, kind).by_level.items():
                got[kind][(g, level)] += n
    for dim, rows in (("education", fw.by_education), ("ownership", fw.by_ownership)):
        for row in rows.values():
            for g, counts in row.groups.items():
                for level, n in counts.current.by_level.items():
                    got[dim][(row.label, g, level)] += n
    for c in fw.criterion_rows:
        for level, n in c.counts.by_level.items():
            got["criteria"][(c.code, level)] += n
        if c.counts.total:
            got["points"][c.code] = c.points
        for change, n in c.change.items():
            got["change"][(c.code, change)] += n
        if c.evaluated:
            got["delta"][c.code] = c.delta
    for g, changes in fw.group_change.items():
        for change, n in changes.items():
            got["change"][(g, change)] += n
    return got


def _clean(value):
    if isinstance(value, Counter):
        return Counter({k: n for k, n in value.items() if n})
    if isinstance(value, defaultdict):
        return {k: round(v, 6) for k, v in value.items() if round(v, 6)}
    return value


@pytest.fixture
def busy_area(area, campaign, tree, officer_x):
    """Beside the fixture's files: schools in every state, one late draft given an extension, one
    returned file, a public and a private school."""
    add_schools(campaign, 2, 0, state="not_started")
    add_schools(campaign, 2, 10, state=S.DRAFT)
    add_schools(campaign, 2, 20, state=S.APPROVED)
    add_schools(campaign, 3, 30, state=S.SUBMITTED)
    add_schools(campaign, 1, 40, state=S.UNDER_REVIEW)
    returned = add_schools(campaign, 2, 50, state=S.RETURNED)
    ReturnRound.objects.create(assessment=returned[0], number=1, reason="Bổ sung", due=None)
    ReturnRound.objects.create(
        assessment=returned[1], number=1, reason="Bổ sung", due=dt.date(2026, 6, 3)
    )
    late_draft = add_schools(campaign, 1, 60, state=S.DRAFT, facts=HIGH)[0]
    extend_deadline(late_draft, until=dt.date(2026, 6, 10), by=officer_x, reason="Ốm")
    add_schools(campaign, 2, 70, state=S.EVALUATED)
    rebuild()
    return campaign


@pytest.mark.parametrize("code", ["BGD", "S01", "X01"])
def test_every_figure_agrees_with_a_loop_over_the_rows(busy_area, tree, code):
    unit = tree[code]
    expected = brute(unit, YEAR, TODAY)
    got = figures(build(unit, YEAR, TODAY))
    for key in expected:
        assert _clean(got[key]) == _clean(expected[key]), key
    assert expected["late"][0] > 0 and expected["change"] and expected["delta"]


def test_last_year_figures_agree_too(busy_area, tree):
    expected = brute(tree["S01"], "2024-2025", TODAY)
    got = figures(build(tree["S01"], "2024-2025", TODAY))
    for key in expected:
        assert _clean(got[key]) == _clean(expected[key]), key


def test_counts_agree_with_the_campaign_page_and_the_queue(busy_area, client, officer_x):
    """The funnel of the commune's dashboard is the campaign page's count, state by state."""
    from edudx.reviews.queue import build_queue

    board = build(busy_area.authority, YEAR, TODAY)
    queue = Counter(row.state for row in build_queue(busy_area, TODAY))
    assert Counter({s: n for s, _l, n in board.funnel if n}) == queue
    client.force_login(officer_x)
    page = client.get(f"/dot-danh-gia/{busy_area.pk}/")
    assert page.status_code == 200
    shown = dict(page.context["state_counts"])
    assert shown == {
        str(label): n for _s, label, n in build(busy_area.authority, YEAR, TODAY).funnel if n
    }
