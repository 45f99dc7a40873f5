"""No two audit records chain to the same predecessor. Separate from 0004 so that PostgreSQL
builds the index after the rows are updated, in a transaction of its own."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0004_chain_existing_records")]

    operations = [
        migrations.AddConstraint(
            model_name="auditrecord",
            constraint=models.UniqueConstraint(
                fields=("prev_hash",), name="core_audit_one_successor"
            ),
        ),
    ]
