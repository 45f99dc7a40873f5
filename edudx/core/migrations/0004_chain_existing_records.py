"""Chain the audit records written before the chain existed, oldest id first, in chunks so that
a national database (millions of rows) migrates in constant memory, and store the newest hash in
the head row the writers lock."""

from django.db import migrations

from edudx.core.audit import GENESIS, chain_hash

CHUNK = 2000
FIELDS = ["id", "at", "actor_id", "action", "object_type", "object_id", "object_repr"]
FIELDS += ["before", "after", "note"]


def forwards(apps, schema_editor):
    records = apps.get_model("core", "AuditRecord").objects
    prev_hash, last_id = GENESIS, 0
    while chunk := list(records.filter(id__gt=last_id).order_by("id").only(*FIELDS)[:CHUNK]):
        for row in chunk:
            row.prev_hash = prev_hash
            row.hash = prev_hash = chain_hash(vars(row), prev_hash)
        records.bulk_update(chunk, ["prev_hash", "hash"])
        last_id = chunk[-1].id
    heads = apps.get_model("core", "AuditChainHead").objects
    heads.update_or_create(pk=1, defaults={"hash": prev_hash})


def backwards(apps, schema_editor):
    """The columns go with 0003's reversal; nothing to undo here."""


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_chain")]

    operations = [migrations.RunPython(forwards, backwards)]
