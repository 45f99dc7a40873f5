"""The audit trail cannot be rewritten quietly: each record is hashed with its predecessor's
hash, `verify_audit` finds the first record changed, removed or inserted, and no two records
can chain to the same predecessor."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from edudx.core.audit import chain_hash
from edudx.core.management.commands import verify_audit
from edudx.core.models import AuditChainHead, AuditRecord, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(django_user_model, monkeypatch):
    """Five records by a signed-in user, read back in small chunks so the walk crosses chunk
    boundaries as it does on a national database."""
    monkeypatch.setattr(verify_audit, "CHUNK", 2)
    user = django_user_model.objects.create_user(username="hieutruong")
    return [
        record(
            f"assessment.step{i}",
            user,
            actor=user,
            before={"state": "draft", "points": [1, 2.5, None]},
            after={"state": f"bước {i}", "levels": (i, "Mức 2")},
            note="Ghi chú có dấu tiếng Việt",
        )
        for i in range(5)
    ]


def verify(*args) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def broken(*args) -> str:
    with pytest.raises(CommandError) as exc:
        verify(*args)
    return str(exc.value)


def test_a_fresh_chain_verifies(chain):
    assert verify() == "Chuỗi nhật ký toàn vẹn: 5 bản ghi.\n"
    assert [r.prev_hash for r in chain[1:]] == [r.hash for r in chain[:-1]]


def test_an_empty_trail_verifies(db):
    assert verify() == "Chuỗi nhật ký toàn vẹn: 0 bản ghi.\n"


def test_a_record_changed_in_place_is_reported_at_that_record(chain):
    AuditRecord.objects.filter(pk=chain[2].pk).update(after={"state": "approved"})
    message = broken()
    assert f"bản ghi #{chain[2].pk} " in message and "assessment.step2" in message
    assert "Nội dung bản ghi đã bị thay đổi" in message and "sau 2 bản ghi nguyên vẹn" in message


def test_a_removed_middle_record_is_reported_at_the_next_one(chain):
    AuditRecord.objects.filter(pk=chain[2].pk).delete()
    message = broken()
    assert f"bản ghi #{chain[3].pk} " in message and "assessment.step3" in message
    assert "một bản ghi trước nó đã bị xóa" in message


def test_a_record_rehashed_after_its_change_breaks_the_next_link(chain):
    row = AuditRecord.objects.filter(pk=chain[1].pk).values().get()
    row["note"] = "sửa lại"
    AuditRecord.objects.filter(pk=row["id"]).update(
        note=row["note"], hash=chain_hash(row, row["prev_hash"])
    )
    assert f"bản ghi #{chain[2].pk} " in broken()


def test_removing_the_newest_records_is_reported(chain):
    AuditRecord.objects.filter(pk__in=[chain[3].pk, chain[4].pk]).delete()
    message = broken()
    assert f"bản ghi #{chain[2].pk} " in message and "các bản ghi sau nó đã bị xóa" in message


def test_emptying_the_trail_is_reported(chain):
    AuditRecord.objects.all().delete()
    assert "nhật ký đã bị xóa" in broken()


def test_two_records_cannot_chain_to_the_same_predecessor(chain):
    fork = AuditRecord.objects.values().get(pk=chain[4].pk)
    del fork["id"]
    with pytest.raises(IntegrityError):
        AuditRecord.objects.create(**fork)


def test_head_prints_the_newest_hash_to_publish(chain):
    out = verify("--head")
    assert out.startswith("Chuỗi nhật ký toàn vẹn: 5 bản ghi.\n")
    assert f"Mã băm mới nhất: {chain[4].hash} (bản ghi #{chain[4].pk}, " in out
    assert AuditChainHead.objects.get().hash == chain[4].hash


def test_head_is_not_printed_for_a_broken_chain(chain):
    AuditRecord.objects.filter(pk=chain[0].pk).update(action="assessment.other")
    assert f"bản ghi #{chain[0].pk} " in broken("--head")


def test_records_written_before_the_chain_are_chained_in_id_order(chain, monkeypatch):
    """What migration 0004 does to a database migrated from before the chain existed."""
    migration = importlib.import_module("edudx.core.migrations.0004_chain_existing_records")
    for row in chain:  # rows as they were: no hashes yet (distinct, for the unique constraint)
        AuditRecord.objects.filter(pk=row.pk).update(prev_hash=f"old{row.pk}", hash="")
    AuditChainHead.objects.all().delete()
    monkeypatch.setattr(migration, "CHUNK", 2)
    migration.forwards(apps, None)
    assert verify() == "Chuỗi nhật ký toàn vẹn: 5 bản ghi.\n"
    assert AuditRecord.objects.order_by("id").first().prev_hash == ""
