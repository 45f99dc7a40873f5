"""Deterministic generator of institutions' raw fact sets for an index (default 4725).

The facts are derived from the framework definition (item kinds, bands, options, levels), so the
generator follows the index file rather than hard-coded codes. Each institution is a dict in the
input shape of `manage.py score` (docs/scoring.md §7):

    {"education_level": ..., "facts": {...}, "awarded": {...}, "details": {...}}

The mix is meant to look like a province's submissions: most booleans answered, some undeclared,
counts 0–80 with a share of zeros, percentages 0–100 with a share exactly on band boundaries,
a few evaluator-awarded points below the suggestion. Same seed, same data.

    python bench/generate.py 5 --seed 1      # prints 5 institutions as JSON lines
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from edudx.frameworks import schema
from edudx.frameworks.scoring import suggested_cap

DATA_DIR = Path(__file__).resolve().parent.parent / "edudx" / "frameworks" / "data"

# Share of institutions per education level (GDTX centres are few).
EDUCATION_LEVEL_WEIGHTS = {
    "primary": 0.45,
    "lower_secondary": 0.35,
    "upper_secondary": 0.15,
    "continuing_education": 0.05,
}
P_UNDECLARED = 0.04  # a fact left blank
P_MANDATORY_MET = 0.9
P_BOOLEAN_TRUE = 0.6
P_ZERO = 0.08  # counts and percentages exactly 0
P_BOUNDARY = 0.15  # percentages exactly on a printed boundary (30, 60 …)
P_AWARDED = 0.05  # an evaluator lowers a declared item
P_DETAILS = 0.7  # the Informatics counts are given


def load_framework(code: str = "4725") -> schema.Framework:
    """Parse a bundled index file without Django."""
    path = DATA_DIR / f"{code}.yaml"
    with open(path, encoding="utf-8") as fh:
        return schema.parse_framework(yaml.safe_load(fh), path.name)


def _fact(rng: random.Random, item: schema.Item):
    kind = item.kind
    if kind == "boolean":
        return rng.random() < P_BOOLEAN_TRUE
    if kind == "choice":
        # Better options are rarer: weights 3, 2, 1 … in file order.
        options = [o.value for o in item.options]
        return rng.choices(options, weights=range(len(options), 0, -1))[0]
    if kind == "level":
        levels = sorted(int(b.interval.low) for b in item.bands)
        return rng.choices(levels, weights=[3, 4, 3][: len(levels)])[0]
    if rng.random() < P_ZERO:
        return 0
    if kind == "count":
        return rng.randint(0, 80)
    edges = sorted(
        {v for b in item.bands for v in (b.interval.low, b.interval.high) if v is not None}
    )
    if edges and rng.random() < P_BOUNDARY:
        return edges[rng.randrange(len(edges))]
    return round(rng.uniform(0, 100), 1)


def _details(rng: random.Random, item: schema.Item, education_level: str) -> dict:
    s = item.suggestion
    computers = rng.randint(0, 45)
    students = rng.randint(20, 45) if education_level != "continuing_education" else 30
    return {s.numerator: students, s.denominator: computers}


def institution(rng: random.Random, fw: schema.Framework) -> dict:
    levels = [lv for lv in EDUCATION_LEVEL_WEIGHTS if lv in fw.education_levels]
    education_level = rng.choices(levels, weights=[EDUCATION_LEVEL_WEIGHTS[lv] for lv in levels])[0]
    facts: dict = {}
    awarded: dict = {}
    details: dict = {}
    for criterion in fw.criteria():
        if criterion.mandatory:
            if rng.random() >= P_UNDECLARED:
                facts[criterion.code] = rng.random() < P_MANDATORY_MET
            continue
        for item in criterion.items:
            if item.suggestion is not None and rng.random() < P_DETAILS:
                details[item.code] = _details(rng, item, education_level)
            if rng.random() < P_UNDECLARED:
                continue
            value = _fact(rng, item)
            facts[item.code] = value
            if rng.random() < P_AWARDED:
                cap = suggested_cap(fw, item, value)[0]
                if cap > 0:
                    awarded[item.code] = rng.randrange(int(cap * 2)) / 2  # halves below the cap
    return {
        "education_level": education_level,
        "facts": facts,
        "awarded": awarded,
        "details": details,
    }


def generate(fw: schema.Framework, n: int, seed: int = 4725) -> list[dict]:
    """`n` institutions' raw inputs; the same (fw, n, seed) always gives the same list."""
    rng = random.Random(seed)
    return [institution(rng, fw) for _ in range(n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10)
    parser.add_argument("--seed", type=int, default=4725)
    parser.add_argument("--framework", default="4725")
    args = parser.parse_args(argv)
    for entry in generate(load_framework(args.framework), args.n, args.seed):
        print(json.dumps(entry, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
