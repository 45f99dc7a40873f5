"""Shared helpers for the scoring tests: load 4725 without Django and build fact sets.

Nothing here knows 4725's codes: facts are derived from the framework definition, so the helpers
keep working when the index file is revised.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import math
from pathlib import Path

import yaml

import edudx.frameworks
from edudx.frameworks import schema
from edudx.frameworks.scoring import score, validate_facts

DATA_DIR = Path(edudx.frameworks.__file__).parent / "data"
DOCS_DIR = Path(edudx.frameworks.__file__).resolve().parents[2] / "docs"


@functools.cache
def raw_4725() -> dict:
    with open(DATA_DIR / "4725.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@functools.cache
def load_4725() -> schema.Framework:
    """The bundled 4725 framework, parsed once per test session (scoring caches a plan on it)."""
    return schema.parse_framework(raw_4725(), "4725.yaml")


def variant(**policies) -> schema.Framework:
    """4725 under other policies (fresh cache: the compiled plan depends on the policies)."""
    fw = load_4725()
    return dataclasses.replace(fw, policies=dataclasses.replace(fw.policies, **policies), cache={})


def edited_4725(edit) -> schema.Framework:
    """4725 parsed from a deep copy of its raw mapping after `edit(raw)` changed it."""
    raw = copy.deepcopy(raw_4725())
    edit(raw)
    return schema.parse_framework(raw, "4725-edited.yaml")


def raw_criterion(raw: dict, code: str) -> dict:
    for group in raw["groups"]:
        for criterion in group["criteria"]:
            if criterion["code"] == code:
                return criterion
    raise KeyError(code)


def group(fw: schema.Framework, code: str) -> schema.Group:
    return next(g for g in fw.groups if g.code == code)


def criterion(fw: schema.Framework, code: str) -> schema.Criterion:
    return next(c for c in fw.criteria() if c.code == code)


def item(fw: schema.Framework, code: str) -> schema.Item:
    return next(i for i in fw.items() if i.code == code)


def value_in_band(item: schema.Item, band: schema.Band):
    """A non-zero fact that falls in `band` of a count or percentage item."""
    iv = band.interval
    step = 1 if item.kind == "count" else 0.5
    if iv.low is None:
        candidate = step if iv.high is None else min(step, iv.high)
    elif iv.low_inclusive and iv.low > 0:
        candidate = iv.low
    else:
        candidate = (math.floor(iv.low) + 1) if item.kind == "count" else iv.low + step
    assert iv.contains(candidate), (item.code, band)
    return int(candidate) if item.kind == "count" else float(candidate)


def top_fact(item: schema.Item):
    """The fact that earns the item's highest cap."""
    if item.kind == "boolean":
        return True
    if item.kind == "choice":
        return max(item.options, key=lambda o: o.cap).value
    band = max(item.bands, key=lambda b: b.cap)
    if item.kind == "level":
        return int(band.interval.low)
    return value_in_band(item, band)


def mandatory_codes(g: schema.Group) -> list[str]:
    return [c.code for c in g.criteria if c.mandatory]


def facts_for_group_total(
    fw: schema.Framework, group_code: str, target: float, *, mandatory_met: bool = True
) -> tuple[dict, dict]:
    """(facts, awarded) giving group `group_code` exactly `target` points.

    Every item is declared at its top fact; awarded points then lower items, in file order, until
    the sum is the target. Mandatory conditions are all declared as `mandatory_met`."""
    g = group(fw, group_code)
    facts: dict = {code: mandatory_met for code in mandatory_codes(g)}
    awarded: dict = {}
    remaining = target
    for cr in g.criteria:
        if cr.mandatory:
            continue
        budget = min(cr.max_points, cr.items_max_sum, remaining)
        remaining -= budget
        for it in cr.items:
            facts[it.code] = top_fact(it)
            cap = it.max_points
            give = min(cap, budget)
            budget -= give
            if give < cap:
                awarded[it.code] = give
        assert budget == 0
    assert remaining == 0, f"group {group_code} cannot reach {target}"
    return facts, awarded


def facts_for_criterion_total(fw: schema.Framework, criterion_code: str, target: float):
    """(facts, awarded) giving one criterion exactly `target` points, nothing else declared."""
    cr = criterion(fw, criterion_code)
    facts, awarded, budget = {}, {}, target
    for it in cr.items:
        facts[it.code] = top_fact(it)
        give = min(it.max_points, budget)
        budget -= give
        if give < it.max_points:
            awarded[it.code] = give
    assert budget == 0, f"criterion {criterion_code} cannot reach {target}"
    return facts, awarded


def run(fw, facts, awarded=None, education_level=None, details=None):
    """validate_facts + score in one call (the path every caller takes)."""
    return score(
        fw,
        validate_facts(
            fw, facts, awarded=awarded, education_level=education_level, details=details
        ),
    )
