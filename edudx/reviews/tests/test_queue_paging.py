"""The queue pages before it scores: the database filters and sorts on what the services store,
a page costs the same number of queries at any size, and the rows shown, in their order, are
those of scoring every file and filtering in memory (the behaviour before paging)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edudx.assessments import standing
from edudx.assessments.evidence.changes import add_evidence
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import Evidence, FactEntry, SelfAssessment
from edudx.assessments.progress import PROGRESS_CHOICES
from edudx.organizations.models import Unit
from edudx.reviews import queue
from edudx.reviews.models import ReturnRound, Team, TeamAssignment
from edudx.reviews.tests.test_queue import STRONG, facts_for, open_year, recognise

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


def varied_year(tree, v, n, prefix="TX", first=2024):
    """n schools, last year recognised for half; this year every state, weak and strong files,
    evidence, a closed unit, a team, an extension and a return for supplement."""
    units = named_schools(tree, n, prefix)
    prev = open_year(tree, v, f"{first}-{first + 1}", units)
    facts_for(prev, {"1.1": True})
    recognise(prev, {"1": 1, "2": 1}, [u.code for u in units[::2]])
    campaign = open_year(tree, v, f"{first + 1}-{first + 2}", units)
    parts = list(campaign.participations.order_by("institution__code"))
    team = Team.objects.create(campaign=campaign, name="Đoàn 1")
    states = [S.DRAFT, S.APPROVED, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.EVALUATED]
    for i, p in enumerate(parts):
        if i % 7 == 6:
            continue  # never started
        a = start_assessment(p)
        facts = STRONG if i % 3 else {"1.1": False, "1.2": True, "1.4.1": 10 + i}
        if i % 5 != 4:  # a draft without a single answer is "not started" too
            FactEntry.objects.bulk_create(
                FactEntry(assessment=a, code=c, value=val) for c, val in facts.items()
            )
        if i % 4 == 0:
            Evidence.objects.create(
                assessment=a,
                institution=p.institution,
                code="[1.3-01]",
                criteria=["1.3"],
                title="x",
            )
        SelfAssessment.objects.filter(pk=a.pk).update(
            state=states[i % len(states)],
            submitted_at=dt.datetime(2026, 1, 1 + i % 20, tzinfo=dt.UTC) if i % 2 else None,
            extended_until=dt.date(2026, 7, 1) if i % 9 == 1 else None,
        )
        if i % 6 == 4:
            ReturnRound.objects.create(assessment=a, number=1, reason="bổ sung", due=None)
        if i % 3 == 2:
            TeamAssignment.objects.create(team=team, participation=p)
    Unit.objects.filter(pk=parts[2].institution_id).update(active=False)
    standing.refresh(SelfAssessment.objects.values_list("pk", flat=True))
    return campaign


FILTERS = (
    [{}]
    + [{"state": value} for value, _label in PROGRESS_CHOICES]
    + [{"flag": flag} for flag in queue.FLAGS]
    + [{"team": "none"}, {"team": "Đoàn 1"}, {"q": "so 1"}, {"q": "TX00"}, {"q": "tx01"}]
)


@pytest.mark.parametrize("sort", queue.SORTS)
def test_pages_show_what_scoring_everything_showed(tree, bundled_frameworks, sort):
    campaign = varied_year(tree, bundled_frameworks["4725"], 30)
    everything = queue.build_queue(campaign, TODAY)
    for params in FILTERS:
        params = {**params, "sort": sort}
        before = [r.participation.pk for r in queue.filtered(everything, **params)]
        after = list(queue.matching(campaign, TODAY, **params).values_list("pk", flat=True))
        assert after == before, params
        page = queue.queue_page(campaign, TODAY, params, 1)
        assert [r.participation.pk for r in page.object_list] == before[: queue.PAGE_SIZE]


def test_flags_and_totals_are_the_shown_ones(tree, bundled_frameworks):
    campaign = varied_year(tree, bundled_frameworks["4725"], 12)
    for row in queue.build_queue(campaign, TODAY):
        if row.assessment:
            stored = SelfAssessment.objects.get(pk=row.assessment.pk)
            shown = {f for f in row.flags if f != "overdue"}
            assert stored.flags == standing.stored_flags(shown)
            assert stored.points == row.total
    counts = {value: n for value, _label, n in queue.progress_counts(campaign)}
    assert counts == {
        value: n for value, _label, n in queue.state_counts(queue.build_queue(campaign, TODAY))
    }


def test_a_page_costs_the_same_queries_for_a_small_and_a_large_authority(tree, bundled_frameworks):
    v = bundled_frameworks["4725"]
    counts = []
    for n, prefix, first in ((8, "TA", 2020), (130, "TB", 2022)):
        campaign = varied_year(tree, v, n, prefix, first)
        for params in ({"sort": "points"}, {"sort": "name", "flag": "overdue"}):
            with CaptureQueriesContext(connection) as ctx:
                page = queue.queue_page(campaign, TODAY, params, 1)
            counts.append((str(params), len(ctx.captured_queries)))
        assert len(page.object_list) == min(n, queue.PAGE_SIZE) or params.get("flag")
    assert counts[:2] == counts[2:]


def named_schools(tree, n, prefix):
    from edudx.organizations.models import UnitKind
    from edudx.organizations.services import create_unit

    return [
        create_unit(
            code=f"{prefix}{i:03}",
            name=f"Trường Tiểu học số {i}",
            kind=UnitKind.INSTITUTION,
            parent=tree["X01"],
            education_levels=["primary"],
        )
        for i in range(n)
    ]


def test_a_saved_fact_and_evidence_update_what_the_queue_sorts_on(tree, bundled_frameworks, head_a):
    campaign = open_year(tree, bundled_frameworks["4725"], "2025-2026", [tree["T01"]])
    a = start_assessment(campaign.participations.get())
    save_fact(a, "1.1", False, revision=0, by=head_a)
    a.refresh_from_db()
    assert ",mandatory," in a.flags and a.points == 0
    save_fact(a, "1.1", True, revision=1, by=head_a)
    save_fact(a, "1.2", True, revision=0, by=head_a)
    a.refresh_from_db()
    assert ",evidence," in a.flags
    add_evidence(a, by=head_a, title="Quyết định", criteria=["1.1", "1.2"], url="https://a.vn/qd")
    a.refresh_from_db()
    assert "evidence" not in a.flags
