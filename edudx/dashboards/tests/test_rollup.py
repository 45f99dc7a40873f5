"""The per-authority roll-up kept by the transitions equals a fresh recomputation from the
summary rows, after a sequence of transitions through the whole workflow — reopening, a return,
an external evaluation, recognition and its reopening, and a change to last year's file that
moves this year's "since last year" — and the dashboard still agrees with the brute force."""

from __future__ import annotations

import pytest
from django.utils import timezone

from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import Campaign
from edudx.assessments.transitions import transition
from edudx.dashboards import rollups
from edudx.dashboards.figures import build
from edudx.dashboards.models import RollUp
from edudx.dashboards.tests.conftest import HIGH, LAST, LOW, YEAR, add_schools, assess
from edudx.dashboards.tests.test_brute_force import TODAY, _clean, brute, figures
from edudx.reviews.models import Evaluation, EvaluationEntry, EvaluationState

pytestmark = pytest.mark.django_db
FIELDS = [
    f.attname for f in RollUp._meta.concrete_fields if f.attname not in ("id", "authority_id")
]


def as_set(rows) -> list[tuple]:
    return sorted(
        (
            tuple(
                round(v, 6) if isinstance(v, float) else v for v in (getattr(r, f) for f in FIELDS)
            )
            for r in rows
        ),
        key=repr,
    )


def assert_in_step():
    """Every authority's stored rows of every year are what a recomputation gives now."""
    pairs = set(RollUp.objects.values_list("authority_id", "school_year"))
    pairs |= set(Campaign.objects.values_list("authority_id", "school_year"))
    for authority, year in pairs:
        stored = RollUp.objects.filter(authority_id=authority, school_year=year)
        assert as_set(stored) == as_set(rollups.rows_for(authority, year)), (authority, year)


def step(assessment, action, by, **kwargs):
    out = transition(assessment, action, by=by, check=lambda locked: None, **kwargs)
    assert_in_step()
    return out


def test_roll_up_follows_every_transition(area, campaign, tree, head_a, officer_x):
    moving = add_schools(campaign, 1, 300, state=S.DRAFT, facts=HIGH)[0]
    rollups.rebuild()
    assert_in_step()
    rows_before = RollUp.objects.count()

    a = step(moving, "approve", head_a)
    assert RollUp.objects.count() > rows_before
    a = step(a, "reopen", head_a, reason="Sửa số liệu")
    a = step(a, "approve", head_a)
    a = step(a, "submit", head_a)
    a = step(a, "accept", officer_x)
    a = step(a, "return", officer_x, reason="Bổ sung minh chứng")
    a = step(a, "approve", head_a)
    a = step(a, "submit", head_a)
    a = step(a, "accept", officer_x)
    evaluation = Evaluation.objects.create(
        assessment=a, state=EvaluationState.FINAL, finalised_at=timezone.now()
    )
    EvaluationEntry.objects.create(
        evaluation=evaluation, code="1.4.1", value=10, comment="Kiểm tra lại"
    )
    a = step(a, "finalise", officer_x)
    a = step(a, "recognise", officer_x)
    step(a, "reopen_recognition", officer_x, reason="Quyết định sai")

    # Last year's file of T02 handed on: this year's change since last year moves with it.
    last = Campaign.objects.get(authority=campaign.authority, school_year=LAST)
    t02_last = assess(last.participations.get(institution=tree["T02"]), S.DRAFT, LOW)
    step(t02_last, "approve", head_a)

    for code in ("BGD", "S01", "X01"):
        expected = brute(tree[code], YEAR, TODAY)
        got = figures(build(tree[code], YEAR, TODAY))
        for key in expected:
            assert _clean(got[key]) == _clean(expected[key]), (code, key)


def test_the_upgrade_migration_writes_the_rows_of_existing_assessments(area):
    """After the deploy the dashboards show the files already there: no manual rebuild."""
    import importlib

    from django.apps import apps

    from edudx.dashboards.models import ScoreLine

    migration = importlib.import_module("edudx.dashboards.migrations.0003_rebuild_summary_rows")
    lines_before = ScoreLine.objects.count()
    rollup_before = as_set(RollUp.objects.all())
    assert lines_before and rollup_before
    ScoreLine.objects.all().delete()
    RollUp.objects.all().delete()
    migration.rebuild(apps, None)
    assert ScoreLine.objects.count() == lines_before
    assert as_set(RollUp.objects.all()) == rollup_before
    assert_in_step()
