"""Whether a draft has a single fact is stored on the assessment, so that counting a year's
progress ("Chưa bắt đầu" apart from "Bản nháp") reads no facts: the services keep the flag, the
migration fills it for existing files, and the counting rule reads it."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edudx.assessments.evidence.changes import add_evidence
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import FactEntry, SelfAssessment
from edudx.assessments.progress import NOT_STARTED, progress_of, with_progress

pytestmark = pytest.mark.django_db


def progress(participation) -> str:
    return with_progress(type(participation).objects.filter(pk=participation.pk)).get().progress


def test_the_first_saved_fact_marks_the_draft_answered(participation, teacher):
    assessment = start_assessment(participation)
    assert progress(participation) == NOT_STARTED
    save_fact(assessment, "1.4.1", 35, revision=0, by=teacher)
    stored = SelfAssessment.objects.get(pk=assessment.pk)
    assert stored.answered
    assert progress(participation) == "draft" == progress_of(stored)


def test_evidence_alone_leaves_the_draft_not_started(participation, teacher):
    assessment = start_assessment(participation)
    add_evidence(
        assessment, by=teacher, title="Quyết định", criteria=["1.3"], url="https://example.vn/qd"
    )
    assert not SelfAssessment.objects.get(pk=assessment.pk).answered
    assert progress(participation) == NOT_STARTED


def test_an_empty_first_save_writes_nothing_and_starts_nothing(participation, teacher):
    """Saving nothing on a new item changes nothing: no row, no history, still not started."""
    assessment = start_assessment(participation)
    save_fact(assessment, "1.4.1", None, revision=0, by=teacher)
    assert not FactEntry.objects.filter(assessment=assessment).exists()
    assert not SelfAssessment.objects.get(pk=assessment.pk).answered
    assert progress(participation) == NOT_STARTED


def test_counting_progress_reads_no_facts(participation, teacher):
    save_fact(start_assessment(participation), "1.4.1", 35, revision=0, by=teacher)
    with CaptureQueriesContext(connection) as queries:
        assert progress(participation) == "draft"
    assert "assessments_factentry" not in queries.captured_queries[-1]["sql"]


def test_the_migration_marks_existing_files_with_a_fact(participation, teacher):
    assessment = start_assessment(participation)
    save_fact(assessment, "1.4.1", 35, revision=0, by=teacher)
    SelfAssessment.objects.update(answered=False)  # as before the column existed
    migration = importlib.import_module("edudx.assessments.migrations.0008_answered")
    migration.backfill(apps, None)
    assert SelfAssessment.objects.get(pk=assessment.pk).answered
