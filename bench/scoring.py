"""Scoring benchmark: a whole country's schools through the engine in one process.

53,000 is the order of the country's education institutions (53,979 in 2024-2025, see
shared/reference/frameworks.md). Two timings, both with time.perf_counter:

(a) validate_facts + score — the path of an import or a CLI call, raw input to result;
(b) score only, on facts validated beforehand — the hot path of a recomputation.

Each timing is the best of `repeat` runs (as timeit does): other processes on the machine can
only make a run slower, never faster. Explanations are not computed: they are produced on demand
when a result is shown. Results are not kept: a bulk recomputation stores each one and moves on,
and holding 53,000 results alive would mostly time the garbage collector.
"""

from __future__ import annotations

import gc
import time

from bench.generate import generate, load_framework
from edudx.frameworks.scoring import score, validate_facts

TARGET_SECONDS = 2.0


def _line(label: str, n: int, seconds: float, target: float) -> tuple[str, bool]:
    ok = seconds < target
    rate = n / seconds if seconds else float("inf")
    verdict = "OK" if ok else "TOO SLOW"
    return (
        f"{label}: {n} institutions in {seconds:.2f} s ({rate:,.0f} /s) "
        f"— target < {target:g} s: {verdict}",
        ok,
    )


def _validate(fw, x):
    return validate_facts(
        fw,
        x["facts"],
        awarded=x["awarded"],
        education_level=x["education_level"],
        details=x["details"],
    )


def _time_full(fw, inputs, levels: list[int]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    for x in inputs:
        result = score(fw, _validate(fw, x))
        levels[result.groups["1"].level - 1] += 1
    return time.perf_counter() - t0


def _time_hot(fw, validated) -> float:
    gc.collect()
    t0 = time.perf_counter()
    for facts in validated:
        score(fw, facts)
    return time.perf_counter() - t0


def bench_scoring(institutions: int = 53_000, seed: int = 4725, repeat: int = 3) -> bool:
    """Run the scoring benchmark, print one line per timing; True when every target is met."""
    fw = load_framework("4725")
    t0 = time.perf_counter()
    inputs = generate(fw, institutions, seed)
    print(f"generate: {institutions} fact sets in {time.perf_counter() - t0:.2f} s (seed {seed})")

    levels = [0, 0, 0]
    full = min(_time_full(fw, inputs, levels) for _ in range(repeat))
    validated = [_validate(fw, x) for x in inputs]
    hot = min(_time_hot(fw, validated) for _ in range(repeat))

    total = sum(levels)
    share = ", ".join(f"{n / total:.0%}" for n in levels) if total else "-"
    print(f"  group 1 levels 1/2/3: {share}; best of {repeat} runs")
    ok = True
    for label, seconds in (("validate+score", full), ("score only", hot)):
        text, passed = _line(label, institutions, seconds, TARGET_SECONDS)
        print(text)
        ok = ok and passed
    return ok
