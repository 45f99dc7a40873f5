"""The hash chains of the audit trail, kept free of Django so that the writer, the data migration
that chains rows written before the chains existed, and `verify_audit` all compute the very same
bytes. The format below is frozen: changing any detail of it makes every stored hash wrong.

The trail is not one chain but `STREAMS` independent ones, so that writers on different objects
lock different head rows and do not wait for each other (one head serialised every audited write
of the country). An object's records all go to one stream, `stream_of(object_type, object_id)`,
so each object's history stays in order within one chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

GENESIS = ""  # the `prev_hash` of the first record of each stream

# NEVER change STREAMS once a record exists: stream_of() would send an object's next record to
# another stream than its earlier ones, and migration 0004 would chain old rows differently. More
# streams would need a new migration that re-streams and re-chains every row (and new published
# heads), not an edit here. 64 head rows: far more than the writers that can run at once on the
# database's connections, so two unrelated writers rarely meet on one head.
STREAMS = 64


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical_at(at: dt.datetime) -> str:
    """UTC with microseconds, so the text does not depend on the server's time zone or on how the
    database hands the value back."""
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def stream_of(object_type: str, object_id: str) -> int:
    """The stream an object's records go to: SHA-256, not `hash()`, which changes between Python
    processes, so every app server and every later `verify_audit` agree."""
    digest = hashlib.sha256(_json([object_type, object_id]).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % STREAMS


def heads_digest(heads: Sequence[str]) -> str:
    """One value for all streams at once, to publish: SHA-256 over the newest hash of each stream
    in stream order ("" for a stream without records). A rewrite of any stream changes it."""
    return hashlib.sha256(_json(list(heads)).encode("utf-8")).hexdigest()


def chain_hash(row: Mapping, prev_hash: str) -> str:
    """SHA-256 over a canonical JSON of the record's content and its predecessor's hash."""
    content = {
        "at": canonical_at(row["at"]),
        "actor": row["actor_id"],
        "action": row["action"],
        "object_type": row["object_type"],
        "object_id": row["object_id"],
        "object_repr": row["object_repr"],
        "before": row["before"],
        "after": row["after"],
        "note": row["note"],
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(_json(content).encode("utf-8")).hexdigest()


def as_stored(value):
    """The JSON value as the database will hand it back (tuples become lists, keys strings), so
    that the hash computed before the insert matches the one recomputed from the row."""
    return None if value is None else json.loads(_json(value))


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold: the record at which it shows and why."""

    record: Mapping
    reason: str


CHANGED = "Nội dung bản ghi đã bị thay đổi sau khi ghi (mã băm không khớp nội dung)."
RELINKED = (
    "Bản ghi không nối vào bản ghi liền trước: một bản ghi trước nó đã bị xóa, một bản ghi đã bị "
    "chèn vào, hoặc mã băm của bản ghi trước đã bị sửa."
)
TRUNCATED = (
    "Đây là bản ghi cuối của luồng nhưng không bản ghi nào mang mã băm của đầu luồng đã lưu: các "
    "bản ghi sau nó đã bị xóa, hoặc đầu luồng đã bị sửa."
)
EMPTIED = (
    "Luồng không còn bản ghi nào nhưng đầu luồng đã lưu cho thấy đã từng có: nhật ký đã bị xóa."
)


def find_break(rows: Iterable[Mapping], head_hash: str | None) -> tuple[Break | None, int, Mapping]:
    """Walk the `rows` of one stream in chain order (oldest first); return the first break, how
    many records were checked and the last one. `head_hash` is the stream's head as stored before
    the walk began (None: unknown); it catches the removal of the newest records, which no link
    after them can show. It must be the hash of one of the records walked, not necessarily the
    last: writers keep appending while the walk runs, and their records are checked like the rest."""
    expected_prev, count, last = GENESIS, 0, {}
    head_seen = head_hash in (None, GENESIS)
    for row in rows:
        if row["prev_hash"] != expected_prev:
            return Break(row, RELINKED), count, last
        if row["hash"] != chain_hash(row, row["prev_hash"]):
            return Break(row, CHANGED), count, last
        expected_prev, count, last = row["hash"], count + 1, row
        head_seen = head_seen or row["hash"] == head_hash
    if not head_seen:
        return Break(last, TRUNCATED if last else EMPTIED), count, last
    return None, count, last
