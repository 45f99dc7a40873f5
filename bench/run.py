"""Run EduDX's benchmarks: `.venv/bin/python bench/run.py [--institutions N]` from the repo root.

Each benchmark is a function `(institutions, seed, repeat) -> bool` (True: every target met) in BENCHMARKS;
add new ones to the list. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.audit import bench_audit  # noqa: E402
from bench.dashboards import bench_dashboards  # noqa: E402
from bench.documents import bench_documents  # noqa: E402
from bench.registry import bench_registry  # noqa: E402
from bench.scoring import bench_scoring  # noqa: E402
from bench.workbooks import bench_workbooks  # noqa: E402

BENCHMARKS = [
    bench_scoring,
    bench_registry,
    bench_workbooks,
    bench_documents,
    bench_audit,
    bench_dashboards,
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="EduDX benchmarks")
    parser.add_argument("--institutions", type=int, default=53_000, help="default 53000")
    parser.add_argument("--seed", type=int, default=4725)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    args = parser.parse_args(argv)
    failed = []
    for bench in BENCHMARKS:
        if args.only and bench.__name__ not in args.only:
            continue
        print(f"== {bench.__name__}")
        t0 = time.perf_counter()
        if not bench(institutions=args.institutions, seed=args.seed, repeat=args.repeat):
            failed.append(bench.__name__)
        print(f"   ({time.perf_counter() - t0:.1f} s)")
    if failed:
        print(f"missed targets: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
