"""Audit benchmark: audited writes from many threads at once, as at the national deadline when
thousands of schools autosave together and every save writes an audit record.

Each of `THREADS` threads (its own database connection) writes `RECORDS / THREADS` records through
`edudx.core.models.record`, each in its own transaction, started together, in two cases:
(a) spread — every record about another object, so the writers fall into many of the chain's
streams and only meet when two land on the same one; (b) one object — every record about the same
object, so every writer waits for the one stream head: what every audited write of the country
did when the trail had a single chain head. Each case runs twice: with the transaction committing
right after `record()`, and holding the head `HOLD` seconds longer, as a service does while it
finishes its work after `record()` or while a durable commit reaches the disk (the throw-away
server of with_postgres.sh runs with fsync off, which hides that). Prints records/s for each;
`verify_audit` must then find the whole trail intact (a fork would be refused anyway).

PostgreSQL only (BENCH_ON_POSTGRES=1 under scripts/with_postgres.sh): SQLite serialises every
writer whatever the design, so on SQLite the benchmark says so and is skipped.

    BENCH_ON_POSTGRES=1 bash scripts/with_postgres.sh .venv/bin/python bench/run.py --only bench_audit
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.registry import _setup_django
from bench.throwaway import remove_sqlite_files

THREADS = 8
RECORDS = 2_000
HOLD = 0.002  # seconds the head stays locked after record() in the second run of each case


class _Meta:
    label_lower = "bench.fact"


class _Fact:
    """What `record()` needs of an object: its label, its key and a name."""

    _meta = _Meta

    def __init__(self, pk: int):
        self.pk = pk

    def __str__(self) -> str:
        return f"Mục đánh giá {self.pk}"


def _write(objects: list[list[_Fact]], hold: float) -> tuple[float, list[BaseException]]:
    """One thread per list of objects, one record each; the wall time from the common start."""
    from django.db import connection, transaction

    from edudx.core.models import record

    start = threading.Barrier(len(objects) + 1)
    errors: list[BaseException] = []

    def worker(mine: list[_Fact]) -> None:
        try:
            start.wait()
            for obj in mine:
                with transaction.atomic():
                    record("assessment.fact", obj, after={"value": obj.pk}, note="bench")
                    if hold:
                        time.sleep(hold)
        except BaseException as exc:  # reported by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(mine,)) for mine in objects]
    for thread in threads:
        thread.start()
    start.wait()
    t0 = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - t0, errors


def bench_audit(institutions: int = 0, seed: int = 4725, repeat: int = 1) -> bool:
    """Run both cases with and without the hold, print records/s; True when every record was
    written and the trail verifies."""
    del institutions, seed, repeat
    db_path = Path(f"/tmp/edudx-bench-{os.getpid()}.sqlite3")
    _setup_django(db_path)
    from django.core.management import call_command
    from django.db import connection

    from edudx.core.audit import STREAMS, stream_of
    from edudx.core.models import AuditRecord

    try:
        call_command("migrate", verbosity=0)
        print(f"database: {connection.vendor}")
        if connection.vendor != "postgresql":
            print("skipped: concurrent writers need PostgreSQL (BENCH_ON_POSTGRES=1)")
            return True
        per_thread, ok, next_pk = RECORDS // THREADS, True, 1_000_000
        for hold in (0.0, HOLD):
            for case in ("spread", "one object"):
                if case == "spread":
                    pks = range(next_pk, next_pk + per_thread * THREADS)
                    next_pk += len(pks)
                    objects = [
                        [_Fact(pk) for pk in pks[t * per_thread : (t + 1) * per_thread]]
                        for t in range(THREADS)
                    ]
                    streams = len({stream_of("bench.fact", str(pk)) for pk in pks})
                    where = f"{streams} of {STREAMS} streams"
                else:
                    objects = [[_Fact(1)] * per_thread for _ in range(THREADS)]
                    where = "1 stream"
                before = AuditRecord.objects.count()
                seconds, errors = _write(objects, hold)
                written = AuditRecord.objects.count() - before
                print(
                    f"{case}, hold {hold * 1000:g} ms: {written} records from {THREADS} threads "
                    f"({where}) in {seconds:.2f} s — {written / seconds:,.0f} records/s"
                )
                if errors or written != per_thread * THREADS:
                    print(f"  WRONG: {len(errors)} writers failed, e.g. {errors[:1]}")
                    ok = False
        t0 = time.perf_counter()
        call_command("verify_audit")
        print(f"verify_audit: whole trail intact in {time.perf_counter() - t0:.2f} s")
        return ok
    finally:
        connection.close()
        remove_sqlite_files(db_path)


if __name__ == "__main__":
    raise SystemExit(0 if bench_audit() else 1)
