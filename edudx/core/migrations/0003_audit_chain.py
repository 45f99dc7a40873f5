"""The audit chain's columns and one head row per stream; 0004 creates the heads and chains the
rows already there, 0005 adds the constraint and the walk index once every row has its stream
and its own predecessor."""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_exportjob"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "stream",
                    models.PositiveSmallIntegerField(
                        primary_key=True, serialize=False, verbose_name="stream"
                    ),
                ),
                ("hash", models.CharField(blank=True, max_length=64, verbose_name="latest hash")),
            ],
            options={
                "verbose_name": "audit chain head",
                "verbose_name_plural": "audit chain heads",
                "ordering": ["stream"],
            },
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="hash",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="hash"),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="prev_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="previous hash"
            ),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="stream",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="stream"
            ),
        ),
        migrations.AlterField(
            model_name="auditrecord",
            name="at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="time",
            ),
        ),
    ]
