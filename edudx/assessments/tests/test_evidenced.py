"""The criteria a file's evidence supports are stored with its standing: every change of evidence
stores them (under the assessment's lock), and an autosave — which changes a fact, never the
evidence — flags "evidence missing" from them without reading the evidence rows."""

import importlib

import pytest
from django.apps import apps

from edudx.assessments.evidence.changes import add_evidence, remove_evidence, update_evidence
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import Evidence, SelfAssessment
from edudx.assessments.prefill import prefill_from_previous
from edudx.assessments.standing import evidenced_of

pytestmark = pytest.mark.django_db


def covered(assessment) -> set[str]:
    """What the evidence rows support, read from them."""
    return {c for ev in Evidence.objects.filter(assessment=assessment) for c in ev.criteria}


def stored(assessment) -> set[str]:
    return evidenced_of(SelfAssessment.objects.get(pk=assessment.pk))


def flags(assessment) -> str:
    return SelfAssessment.objects.get(pk=assessment.pk).flags


def test_every_change_of_evidence_stores_what_it_supports_and_saves_flag_from_it(
    participation, head_a
):
    a = start_assessment(participation)
    save_fact(a, "1.2", True, revision=0, by=head_a)
    assert ",evidence," in flags(a) and stored(a) == set()
    ev = add_evidence(a, by=head_a, title="Quyết định", criteria=["1.1"], url="https://a.vn/1")
    assert stored(a) == covered(a) == {"1.1"}
    save_fact(a, "1.2", False, revision=1, by=head_a)
    save_fact(a, "1.2", True, revision=2, by=head_a)
    assert ",evidence," in flags(a)  # 1.2 claimed, only 1.1 supported
    ev = update_evidence(
        ev,
        by=head_a,
        title="Quyết định",
        criteria=["1.1", "1.2"],
        url="https://a.vn/1",
        revision=ev.revision,
    )
    assert stored(a) == covered(a) == {"1.1", "1.2"}
    save_fact(a, "1.2", False, revision=3, by=head_a)
    save_fact(a, "1.2", True, revision=4, by=head_a)
    assert "evidence" not in flags(a)  # from the stored criteria: no evidence row read
    remove_evidence(ev, by=head_a, revision=ev.revision)
    assert stored(a) == covered(a) == set()
    save_fact(a, "1.2", False, revision=5, by=head_a)
    save_fact(a, "1.2", True, revision=6, by=head_a)
    assert ",evidence," in flags(a)


def test_a_copy_from_last_year_stores_what_the_copied_evidence_supports(
    participation, head_a, tree, bundled_frameworks
):
    from edudx.assessments.tests.test_save_cost import last_year

    last_year(tree, bundled_frameworks, {"1.1": True})
    previous = SelfAssessment.objects.get(participation__campaign__school_year="2024-2025")
    add_evidence(previous, by=head_a, title="Kế hoạch", criteria=["1.3"], url="https://a.vn/k")
    a = start_assessment(participation)
    prefill_from_previous(a, by=head_a)
    assert stored(a) == covered(a) == {"1.3"}


def test_the_migration_fills_what_existing_evidence_supports(participation, head_a):
    a = start_assessment(participation)
    add_evidence(a, by=head_a, title="A", criteria=["2.1", "1.1"], url="https://a.vn/a")
    add_evidence(a, by=head_a, title="B", criteria=["1.3"], url="https://a.vn/b")
    SelfAssessment.objects.update(evidenced="")
    migration = importlib.import_module("edudx.assessments.migrations.0010_evidenced_criteria")
    migration.fill(apps, None)
    assert SelfAssessment.objects.get(pk=a.pk).evidenced == ",1.1,1.3,2.1,"
