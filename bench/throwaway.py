"""The throw-away database of a benchmark, removed when it ends (SQLite leaves up to four files;
on PostgreSQL, scripts/with_postgres.sh drops the whole server)."""

import os
from pathlib import Path


def remove_sqlite_files(db_path) -> None:
    if os.environ.get("BENCH_ON_POSTGRES") == "1":
        return
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
