"""The background job, moved here from `workbooks`: `workbooks.0003` renamed its table to
`core_exportjob` with its rows, so this only takes the model into core's state. The content type
(and so its permissions) follows the model, and tasks already queued by a worker point to the
runner's new path."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import edudx.core.models

OLD_TASK, NEW_TASK = "edudx.workbooks.tasks.run_export", "edudx.core.tasks.run_export"


def forwards(apps, schema_editor):
    _move(apps, "workbooks", "core", OLD_TASK, NEW_TASK)


def backwards(apps, schema_editor):
    _move(apps, "core", "workbooks", NEW_TASK, OLD_TASK)


def _move(apps, old_app, new_app, old_task, new_task):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    if not content_types.filter(app_label=new_app, model="exportjob").exists():
        content_types.filter(app_label=old_app, model="exportjob").update(app_label=new_app)
    tasks = apps.get_model("django_tasks_database", "DBTaskResult").objects
    tasks.filter(task_path=old_task).update(task_path=new_task)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("workbooks", "0003_move_exportjob_to_core"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ExportJob",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("campaign", "Campaign workbook"),
                                    ("department", "Department workbook"),
                                    ("document", "Official document (a large batch)"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        ("params", models.JSONField(default=dict, verbose_name="parameters")),
                        (
                            "title",
                            models.CharField(blank=True, max_length=300, verbose_name="title"),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("running", "Running"),
                                    ("done", "Done"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=10,
                                verbose_name="state",
                            ),
                        ),
                        (
                            "done",
                            models.PositiveIntegerField(default=0, verbose_name="rows written"),
                        ),
                        (
                            "total",
                            models.PositiveIntegerField(default=0, verbose_name="rows in all"),
                        ),
                        (
                            "file",
                            models.FileField(
                                blank=True,
                                max_length=300,
                                upload_to=edudx.core.models.export_path,
                                verbose_name="file",
                            ),
                        ),
                        (
                            "file_name",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="file name"
                            ),
                        ),
                        ("error", models.TextField(blank=True, verbose_name="error")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="requested"),
                        ),
                        (
                            "finished_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="finished"),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "export job",
                        "verbose_name_plural": "export jobs",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
