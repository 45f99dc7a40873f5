"""Points and levels of an external evaluation: the institution's facts, with the evaluator's
corrections laid over them, scored by the same engine."""

from __future__ import annotations

from edudx.frameworks.scoring import score, validate_facts
from edudx.reviews.models import Evaluation


def evaluated_facts(evaluation: Evaluation) -> tuple[dict, dict]:
    """(facts, awarded) the evaluation stands on: self-assessed, then each correction."""
    facts, awarded = {}, {}
    for entry in evaluation.assessment.facts.all():
        if entry.value is not None:
            facts[entry.code] = entry.value
        if entry.awarded is not None:
            awarded[entry.code] = float(entry.awarded)
    overlay(facts, awarded, ((e.code, e.value, e.awarded) for e in evaluation.entries.all()))
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


def external_result(evaluation: Evaluation):
    """The engine's result (points, criterion and group levels) of the external evaluation."""
    fw = evaluation.assessment.participation.version.framework()
    facts, awarded = evaluated_facts(evaluation)
    return score(fw, validate_facts(fw, facts, awarded=awarded or None))
