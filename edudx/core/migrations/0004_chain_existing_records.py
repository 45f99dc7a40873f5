"""Create the head row of every stream and chain the audit records written before the chains
existed: each row goes to its object's stream and links to the previous row of that stream, in id
order. One pass over the table in chunks, keeping only the newest hash of each stream, so that a
national database (millions of rows) migrates in constant memory."""

from django.db import migrations

from edudx.core.audit import GENESIS, STREAMS, chain_hash, stream_of

CHUNK = 2000
FIELDS = ["id", "at", "actor_id", "action", "object_type", "object_id", "object_repr"]
FIELDS += ["before", "after", "note"]


def forwards(apps, schema_editor):
    records = apps.get_model("core", "AuditRecord").objects
    newest, last_id = [GENESIS] * STREAMS, 0
    while chunk := list(records.filter(id__gt=last_id).order_by("id").only(*FIELDS)[:CHUNK]):
        for row in chunk:
            row.stream = stream = stream_of(row.object_type, row.object_id)
            row.prev_hash = newest[stream]
            row.hash = newest[stream] = chain_hash(vars(row), row.prev_hash)
        records.bulk_update(chunk, ["stream", "prev_hash", "hash"])
        last_id = chunk[-1].id
    heads = apps.get_model("core", "AuditChainHead").objects
    for stream, head in enumerate(newest):
        heads.update_or_create(stream=stream, defaults={"hash": head})


def backwards(apps, schema_editor):
    """The columns and the head table go with 0003's reversal; nothing to undo here."""


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_chain")]

    operations = [migrations.RunPython(forwards, backwards)]
