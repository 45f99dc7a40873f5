"""A self-assessed level counts only from the head's approval on (lines.CLAIMED_STATES): the
summary rows of files returned for supplement (counted until now) and of drafts (kept but
unused) are dropped and the roll-up recomputed, by rewriting every row with the release's code
as 0003 does. A new (empty) database skips it."""

from django.db import migrations


def rebuild(apps, schema_editor):
    if not apps.get_model("assessments", "SelfAssessment").objects.exists():
        return
    from edudx.dashboards.lines import rebuild as rebuild_lines

    rebuild_lines()


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0003_rebuild_summary_rows"),
        ("assessments", "0008_answered"),
        ("recognition", "0002_recognised_headline"),
        ("reviews", "0005_evaluation_counts"),
        ("frameworks", "0001_initial"),
        ("organizations", "0002_unit_search_name"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
