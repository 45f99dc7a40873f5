"""Points and levels of an external evaluation: the institution's facts, with the evaluator's
corrections laid over them, scored by the same engine."""

from __future__ import annotations

from edudx.frameworks.scoring import score, validate_facts
from edudx.reviews.models import Evaluation


def evaluated_facts(evaluation: Evaluation, own=None, corrections=None) -> tuple[dict, dict]:
    """(facts, awarded) the evaluation stands on: self-assessed, then each correction (`own`,
    `corrections`: the fact and correction rows when the caller has read them already)."""
    facts, awarded = {}, {}
    own = evaluation.assessment.facts.all() if own is None else own
    corrections = evaluation.entries.all() if corrections is None else corrections
    for entry in own:
        if entry.value is not None:
            facts[entry.code] = entry.value
        if entry.awarded is not None:
            awarded[entry.code] = float(entry.awarded)
    overlay(facts, awarded, ((e.code, e.value, e.awarded) for e in corrections))
    return facts, awarded


def overlay(facts: dict, awarded: dict, corrections) -> None:
    """Lay the evaluator's corrections — (code, value, awarded points) — over the institution's
    facts and points, in place: a correction replaces the fact and drops the school's own points."""
    for code, value, points in corrections:
        awarded.pop(code, None)
        if value is None:
            facts.pop(code, None)
        else:
            facts[code] = value
        if points is not None:
            awarded[code] = float(points)


def external_result(evaluation: Evaluation, own=None, corrections=None):
    """The engine's result (points, criterion and group levels) of the external evaluation."""
    fw = evaluation.assessment.participation.version.framework()
    facts, awarded = evaluated_facts(evaluation, own, corrections)
    return score(fw, validate_facts(fw, facts, awarded=awarded or None))
