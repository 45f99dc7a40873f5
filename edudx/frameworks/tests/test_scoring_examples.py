"""The worked examples of docs/scoring.md, executed: the documentation and the engine cannot drift.

Every fenced block with the info string `json scoring-example` is one example. `expect` is a partial
match against `Result.to_dict()`; `expect_errors` lists the fields `validate_facts` must refuse.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from edudx.frameworks.scoring import FactsError, score, validate_facts
from edudx.frameworks.tests._fixtures import DOCS_DIR, load_4725, raw_4725, variant

DOC = DOCS_DIR / "scoring.md"
MIN_EXAMPLES = 8
_BLOCK = re.compile(r"^```json scoring-example[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_KEYS = {"name", "education_level", "facts", "awarded", "details", "policies", "expect"}
_KEYS_ERR = (_KEYS - {"expect"}) | {"expect_errors"}


def _examples() -> list[dict]:
    text = DOC.read_text(encoding="utf-8")
    examples = []
    for i, match in enumerate(_BLOCK.finditer(text), start=1):
        line = text.count("\n", 0, match.start()) + 1
        try:
            example = json.loads(match.group(1))
        except json.JSONDecodeError as exc:  # pragma: no cover - a broken doc fails loudly
            raise AssertionError(f"{DOC.name} line {line}: example {i} is not JSON: {exc}") from exc
        example["_line"] = line
        examples.append(example)
    return examples


EXAMPLES = _examples()


def _subset_mismatches(expected, actual, path: str = "") -> list[str]:
    """Where `actual` differs from the partial `expected` (dicts compared key by key)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path or '<root>'}: expected an object, got {actual!r}"]
        out = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{path}.{key}: missing (have: {', '.join(map(str, actual))})")
            else:
                out += _subset_mismatches(value, actual[key], f"{path}.{key}" if path else key)
        return out
    if isinstance(expected, bool) or expected is None or isinstance(actual, bool):
        return [] if expected is actual else [f"{path}: expected {expected!r}, got {actual!r}"]
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


def test_the_doc_has_at_least_eight_worked_examples_with_unique_names():
    names = [e.get("name") for e in EXAMPLES]
    assert len(EXAMPLES) >= MIN_EXAMPLES, f"{DOC} has {len(EXAMPLES)} scoring examples"
    assert all(names), "every example needs a name"
    assert len(set(names)) == len(names), "example names must be unique"


def test_every_example_has_a_known_shape():
    for e in EXAMPLES:
        keys = set(e) - {"_line"}
        assert ("expect" in e) != ("expect_errors" in e), e["name"]
        allowed = _KEYS if "expect" in e else _KEYS_ERR
        assert keys <= allowed, f"{e['name']}: unknown keys {keys - allowed}"


def test_partial_match_reports_differences():
    # The matcher itself must be able to fail, or every example would pass vacuously.
    actual = {"a": {"b": 6.0, "c": None, "d": True}}
    assert _subset_mismatches({"a": {"b": 6}}, actual) == []
    assert _subset_mismatches({"a": {"b": 7}}, actual)
    assert _subset_mismatches({"a": {"c": 0}}, actual)
    assert _subset_mismatches({"a": {"d": 1}}, actual)
    assert _subset_mismatches({"a": {"x": 1}}, actual)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_worked_example_matches_the_engine(example):
    fw = variant(**example["policies"]) if example.get("policies") else load_4725()
    where = f"{DOC.name} line {example['_line']} ({example['name']})"
    kwargs = {
        "awarded": example.get("awarded"),
        "education_level": example.get("education_level"),
        "details": example.get("details"),
    }
    if "expect_errors" in example:
        with pytest.raises(FactsError) as caught:
            validate_facts(fw, example["facts"], **kwargs)
        assert caught.value.errors == example["expect_errors"], where
        return
    result = score(fw, validate_facts(fw, example["facts"], **kwargs)).to_dict(explain=True)
    mismatches = _subset_mismatches(example["expect"], result)
    assert not mismatches, f"{where}:\n  " + "\n  ".join(mismatches)


def _plain_blocks(info: str) -> list[str]:
    pattern = re.compile(rf"^```{info}[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
    return [m.group(1) for m in pattern.finditer(DOC.read_text(encoding="utf-8"))]


def test_documented_default_policies_are_those_of_4725():
    blocks = [yaml.safe_load(b) for b in _plain_blocks("yaml")]
    documented = next(b["policies"] for b in blocks if isinstance(b, dict) and "policies" in b)
    assert documented == raw_4725()["policies"]
    assert documented == load_4725().policies.to_dict()


def test_documented_command_line_input_is_valid():
    inputs = [json.loads(b) for b in _plain_blocks("json") if '"facts"' in b]
    assert inputs, "the CLI input example is missing"
    fw = load_4725()
    for payload in inputs:
        assert set(payload) <= {"education_level", "facts", "awarded", "details"}
        facts = validate_facts(
            fw,
            payload["facts"],
            awarded=payload.get("awarded"),
            education_level=payload.get("education_level"),
            details=payload.get("details"),
        )
        assert score(fw, facts).to_dict()["framework"] == "4725"
