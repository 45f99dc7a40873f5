"""The audit trail cannot be rewritten quietly: each record is hashed with the hash of the record
before it in its object's stream, `verify_audit` finds the first record changed, removed or
inserted in each stream, no two records of a stream can chain to the same predecessor, and the
digest to publish covers every stream."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from edudx.core.audit import GENESIS, STREAMS, chain_hash, find_break, heads_digest, stream_of
from edudx.core.management.commands import verify_audit
from edudx.core.models import AuditChainHead, AuditRecord, record

pytestmark = pytest.mark.django_db

WHOLE = f"Chuỗi nhật ký toàn vẹn: {{}} bản ghi ({STREAMS} luồng).\n"


def stream(obj) -> int:
    return stream_of(obj._meta.label_lower, str(obj.pk))


def write(obj, i=0):
    return record(
        f"assessment.step{i}",
        obj,
        actor=obj,
        before={"state": "draft", "points": [1, 2.5, None]},
        after={"state": f"bước {i}", "levels": (i, "Mức 2")},
        note="Ghi chú có dấu tiếng Việt",
    )


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    """Read back in small chunks so the walk crosses chunk boundaries as it does on a national
    database."""
    monkeypatch.setattr(verify_audit, "CHUNK", 2)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(username="hieutruong")


@pytest.fixture
def other(django_user_model, user):
    """A second object whose records go to another stream than `user`'s."""
    for n in range(STREAMS + 1):
        candidate = django_user_model.objects.create_user(username=f"giaovien{n}")
        if stream(candidate) != stream(user):
            return candidate
    raise AssertionError("no user in another stream")


@pytest.fixture
def chain(user):
    """Five records of one object, hence of one stream."""
    return [write(user, i) for i in range(5)]


def verify(*args) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def broken(*args) -> str:
    with pytest.raises(CommandError) as exc:
        verify(*args)
    return str(exc.value)


def test_the_stream_of_an_object_never_changes():
    """Any other function (Python's `hash()`, another modulus) would send an object's next record
    to another stream than the records already chained."""
    assert stream_of("assessments.selfassessment", "1") == 28
    assert stream_of("assessments.selfassessment", "2") == 33


def test_a_fresh_chain_verifies(chain, user):
    assert verify() == WHOLE.format(5)
    assert {r.stream for r in chain} == {stream(user)}
    assert [r.prev_hash for r in chain] == [GENESIS] + [r.hash for r in chain[:-1]]


def test_a_record_is_stored_as_hashed_and_its_stream_head_moves_with_it(chain, user):
    """On PostgreSQL the record and its head are written in one statement (`_write`): the row
    stored is the one hashed, under the key `record` returns, and the head names it."""
    newest = chain[-1]
    stored = AuditRecord.objects.get(pk=newest.pk)
    assert stored.hash == newest.hash and stored.after == {
        "state": "bước 4",
        "levels": [4, "Mức 2"],
    }
    assert chain_hash(vars(stored), stored.prev_hash) == stored.hash
    assert AuditChainHead.objects.get(stream=stream(user)).hash == newest.hash
    assert [r.pk for r in chain] == sorted({r.pk for r in chain})


def test_an_empty_trail_verifies(db):
    assert verify() == WHOLE.format(0)


def test_every_stream_has_its_head_row_before_anyone_writes(db):
    assert list(AuditChainHead.objects.values_list("stream", "hash")) == [
        (s, GENESIS) for s in range(STREAMS)
    ]


def test_two_objects_in_different_streams_are_chained_independently(user, other):
    a1, b1, a2, b2 = write(user, 1), write(other, 1), write(user, 2), write(other, 2)
    assert (a1.prev_hash, b1.prev_hash) == (GENESIS, GENESIS)
    assert (a2.prev_hash, b2.prev_hash) == (a1.hash, b1.hash)
    assert (a2.stream, b2.stream) == (stream(user), stream(other))
    assert verify() == WHOLE.format(4)


def test_the_first_break_of_each_stream_is_reported(user, other):
    a, b = [write(user, i) for i in range(3)], [write(other, i) for i in range(3)]
    AuditRecord.objects.filter(pk__in=[a[1].pk, a[2].pk, b[2].pk]).update(note="sửa")
    lines = broken().splitlines()
    assert len(lines) == 2
    first, second = sorted([(stream(user), a[1]), (stream(other), b[2])])
    assert lines[0].startswith(f"Luồng {first[0]}: chuỗi bị đứt tại bản ghi #{first[1].pk} ")
    assert lines[1].startswith(f"Luồng {second[0]}: chuỗi bị đứt tại bản ghi #{second[1].pk} ")


def test_a_record_changed_in_place_is_reported_at_that_record(chain, user):
    AuditRecord.objects.filter(pk=chain[2].pk).update(after={"state": "approved"})
    message = broken()
    assert message.startswith(f"Luồng {stream(user)}: ")
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


def test_removing_the_newest_records_of_a_stream_is_reported(chain, user, other):
    write(other)  # another stream, untouched: only the truncated one is reported
    AuditRecord.objects.filter(pk__in=[chain[3].pk, chain[4].pk]).delete()
    message = broken()
    assert message.startswith(f"Luồng {stream(user)}: ") and "\n" not in message
    assert f"bản ghi #{chain[2].pk} " in message and "các bản ghi sau nó đã bị xóa" in message


def test_records_written_while_the_check_runs_are_not_a_removal(chain):
    """verify_audit reads the heads first; a writer may append to the stream before it is walked."""
    rows = AuditRecord.objects.filter(pk__in=[r.pk for r in chain]).order_by("id").values()
    assert find_break(rows, head_hash=chain[2].hash) == (None, 5, rows[4])


def test_emptying_the_trail_is_reported(chain, user):
    AuditRecord.objects.all().delete()
    assert broken() == f"Luồng {stream(user)}: Luồng không còn bản ghi nào" + (
        " nhưng đầu luồng đã lưu cho thấy đã từng có: nhật ký đã bị xóa."
    )


def test_two_records_cannot_chain_to_the_same_predecessor_in_a_stream(chain):
    fork = AuditRecord.objects.values().get(pk=chain[4].pk)
    del fork["id"]
    fork["note"] = "một nhánh khác"
    fork["hash"] = chain_hash(fork, fork["prev_hash"])
    with pytest.raises(IntegrityError):
        AuditRecord.objects.create(**fork)


def test_head_prints_one_digest_over_every_stream_to_publish(user, other):
    a, b = write(user), write(other)
    out = verify("--head").splitlines()
    heads = [GENESIS] * STREAMS
    heads[a.stream], heads[b.stream] = a.hash, b.hash
    assert out[0] == WHOLE.format(2).strip()
    assert out[1].startswith(f"Mã băm đầu chuỗi để công bố: {heads_digest(heads)} (2 bản ghi, ")
    ids = ["0"] * STREAMS
    ids[a.stream], ids[b.stream] = str(a.pk), str(b.pk)
    assert out[2] == f"Bản ghi đầu của luồng 0 đến {STREAMS - 1} (0: luồng trống): {' '.join(ids)}"
    stored = AuditChainHead.objects.order_by("stream").values_list("hash", flat=True)
    assert heads_digest(list(stored)) == heads_digest(heads)


def test_the_head_digest_changes_when_any_stream_grows(user, other):
    def digest() -> str:
        return verify("--head").splitlines()[1].split()[7]

    write(user)
    seen = [digest()]
    for obj in (other, user, other):
        write(obj)
        seen.append(digest())
    assert len(set(seen)) == 4 and all(len(d) == 64 for d in seen)


def test_head_is_not_printed_for_a_broken_chain(chain):
    AuditRecord.objects.filter(pk=chain[0].pk).update(action="assessment.other")
    assert f"bản ghi #{chain[0].pk} " in broken("--head")


def test_records_written_before_the_chain_are_chained_per_stream_in_id_order(
    user, other, monkeypatch
):
    """What migration 0004 does to a database migrated from before the chain existed."""
    migration = importlib.import_module("edudx.core.migrations.0004_chain_existing_records")
    rows = [write(user, 1), write(other, 1), write(user, 2), write(other, 2), write(user, 3)]
    for row in rows:  # as they were: no stream, no hashes (distinct, for the unique constraint)
        AuditRecord.objects.filter(pk=row.pk).update(stream=0, prev_hash=f"old{row.pk}", hash="")
    AuditChainHead.objects.all().delete()
    monkeypatch.setattr(migration, "CHUNK", 2)
    migration.forwards(apps, None)
    assert verify() == WHOLE.format(5)
    chained = AuditRecord.objects.in_bulk([r.pk for r in rows])
    assert [chained[r.pk].stream for r in rows] == [r.stream for r in rows]
    assert [chained[r.pk].prev_hash for r in rows[:2]] == [GENESIS, GENESIS]
    assert chained[rows[2].pk].prev_hash == chained[rows[0].pk].hash
    assert chained[rows[4].pk].prev_hash == chained[rows[2].pk].hash
    assert AuditChainHead.objects.count() == STREAMS
    assert AuditChainHead.objects.get(stream=rows[4].stream).hash == chained[rows[4].pk].hash
