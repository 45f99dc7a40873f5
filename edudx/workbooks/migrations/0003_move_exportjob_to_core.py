"""The background job moved to `core` (it serves documents too): the table is renamed, its rows
kept, and the model leaves this app's state; `core.0002_exportjob` takes it up."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workbooks", "0002_document_jobs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="exportjob", table="core_exportjob"),
            ],
            state_operations=[
                migrations.DeleteModel(name="ExportJob"),
            ],
        ),
    ]
