"""The hash chain of the audit trail, kept free of Django so that the writer, the data migration
that chains rows written before the chain existed, and `verify_audit` all compute the very same
bytes. The format below is frozen: changing any detail of it makes every stored hash wrong."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = ""  # the `prev_hash` of the first record


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical_at(at: dt.datetime) -> str:
    """UTC with microseconds, so the text does not depend on the server's time zone or on how the
    database hands the value back."""
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


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
    "Đây là bản ghi cuối nhưng đầu chuỗi đã lưu mang mã băm khác: các bản ghi sau nó đã bị xóa, "
    "hoặc đầu chuỗi đã bị sửa."
)
EMPTIED = "Không còn bản ghi nào nhưng đầu chuỗi đã lưu cho thấy đã từng có: nhật ký đã bị xóa."


def find_break(rows: Iterable[Mapping], head_hash: str | None) -> tuple[Break | None, int, Mapping]:
    """Walk `rows` in chain order (oldest first); return the first break, how many records were
    checked and the last one. `head_hash` is the hash the writers last stored (None: unknown); it
    catches the removal of the newest records, which no link after them can show."""
    expected_prev, count, last = GENESIS, 0, {}
    for row in rows:
        if row["prev_hash"] != expected_prev:
            return Break(row, RELINKED), count, last
        if row["hash"] != chain_hash(row, row["prev_hash"]):
            return Break(row, CHANGED), count, last
        expected_prev, count, last = row["hash"], count + 1, row
    if head_hash is not None and head_hash != expected_prev:
        return Break(last, TRUNCATED if last else EMPTIED), count, last
    return None, count, last
