"""The criteria each file's evidence supports, stored with its standing (standing.refresh_one),
filled here from the evidence already catalogued."""

from django.db import migrations, models

BATCH = 2000


def fill(apps, schema_editor):
    Evidence = apps.get_model("assessments", "Evidence")
    SelfAssessment = apps.get_model("assessments", "SelfAssessment")
    covered: dict[int, set] = {}
    for aid, criteria in Evidence.objects.values_list("assessment_id", "criteria").iterator():
        covered.setdefault(aid, set()).update(criteria or [])
    rows = [
        SelfAssessment(pk=aid, evidenced=f",{','.join(sorted(codes))}," if codes else "")
        for aid, codes in covered.items()
    ]
    SelfAssessment.objects.bulk_update(rows, ["evidenced"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0009_plan_target_mandatory_condition"),
    ]

    operations = [
        migrations.AddField(
            model_name="selfassessment",
            name="evidenced",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="criteria with evidence"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
