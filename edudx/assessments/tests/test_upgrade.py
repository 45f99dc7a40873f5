"""An upgrade from a database made before the review queue's stored standing (assessments 0007)
migrates with the files it holds: 0007 and the dashboards' 0003/0004 fill what they store by
running the application's current code, so a column that code reads must exist by then (a
release that adds one moves those fills into its own migration). Found when a column added by a
later migration made this upgrade fail."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import SelfAssessment

BEFORE = [("assessments", "0006_merge_plan_and_headline"), ("dashboards", "0002_rollup")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_stored_standing_upgrades_with_its_files(participation, head_a):
    a = start_assessment(participation)
    save_fact(a, "1.1", False, revision=0, by=head_a)
    save_fact(a, "1.4.1", 500, revision=0, by=head_a)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate(BEFORE)
        with connection.cursor() as cursor:
            columns = connection.introspection.get_table_description(
                cursor, SelfAssessment._meta.db_table
            )
        assert "points" not in {c.name for c in columns}  # the old schema, with the file in it
        migrate(latest)
    finally:
        migrate(latest)  # never leave the old schema to the tests that follow
    stored = SelfAssessment.objects.get(pk=a.pk)
    assert stored.answered and stored.points > 0 and ",mandatory," in stored.flags
