"""No two audit records of a stream chain to the same predecessor, and verify_audit walks a
stream by id through an index. Separate from 0004 so that PostgreSQL builds the indexes after
the rows are updated, in a transaction of its own."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0004_chain_existing_records")]

    operations = [
        migrations.AddIndex(
            model_name="auditrecord",
            index=models.Index(fields=["stream", "id"], name="core_audit_stream_walk"),
        ),
        migrations.AddConstraint(
            model_name="auditrecord",
            constraint=models.UniqueConstraint(
                fields=("stream", "prev_hash"), name="core_audit_one_successor"
            ),
        ),
    ]
