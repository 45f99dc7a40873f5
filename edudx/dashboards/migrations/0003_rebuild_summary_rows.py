"""Existing assessments appear on the dashboards right after the upgrade: the summary rows and
the per-authority roll-up are written here from the facts and evaluations already stored, so
`rebuild_score_lines` is no manual step after a deploy. A new (empty) database skips it.

It scores with the engine of the release being deployed (the rows are the engine's output), so
it imports the app's code rather than historical models; it depends on the latest migration of
every app that code reads."""

from django.db import migrations


def rebuild(apps, schema_editor):
    if not apps.get_model("assessments", "SelfAssessment").objects.exists():
        return
    from edudx.dashboards.lines import rebuild as rebuild_lines

    rebuild_lines()


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0002_rollup"),
        ("assessments", "0007_standing"),
        ("recognition", "0002_recognised_headline"),
        ("reviews", "0005_evaluation_counts"),
        ("frameworks", "0001_initial"),
        ("organizations", "0002_unit_search_name"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
