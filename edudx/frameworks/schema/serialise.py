"""Writing an index back to its file form: `to_dict` gives the mapping that `parse_framework`
reads into an equal Framework (the round trip the Excel import/export and the database rely on)."""

from __future__ import annotations

from edudx.frameworks.schema.types import (
    SCHEMA_VERSION,
    Criterion,
    Framework,
    Item,
    LevelBand,
    num,
)


def to_dict(fw: Framework) -> dict:
    """The canonical mapping of a framework, in the same shape the YAML files use."""
    out: dict = {
        "schema": SCHEMA_VERSION,
        "code": fw.code,
        "version": fw.version,
        "title": fw.title,
        "decision": _drop_empty(
            {
                "number": fw.decision.number,
                "date": fw.decision.date,
                "issuer": fw.decision.issuer,
                "signer": fw.decision.signer,
                "title": fw.decision.title,
            }
        ),
        "education_levels": list(fw.education_levels),
        "complete": fw.complete,
        "policies": fw.policies.to_dict(),
        "level_names": {str(k): v for k, v in sorted(fw.level_names.items())},
        "groups": [
            {
                "code": g.code,
                "title": g.title,
                "max_points": num(g.max_points),
                "levels": [_level_dict(lb) for lb in g.levels],
                "criteria": [_criterion_dict(cr) for cr in g.criteria],
            }
            for g in fw.groups
        ],
    }
    if fw.notes:
        out["notes"] = list(fw.notes)
    if fw.total_levels:
        out["total_levels"] = [_level_dict(lb) for lb in fw.total_levels]
    if fw.headline:
        out["headline"] = fw.headline
    return out


def _level_dict(lb: LevelBand) -> dict:
    return _drop_empty({"level": lb.level, **lb.interval.to_dict(), "text": lb.text})


def _criterion_dict(cr: Criterion) -> dict:
    out = {"code": cr.code, "title": cr.title}
    if cr.mandatory:
        out["mandatory"] = True
    else:
        out["max_points"] = num(cr.max_points)
        out["levels"] = [_level_dict(lb) for lb in cr.levels]
        out["items"] = [_item_dict(it) for it in cr.items]
    out.update(
        _drop_empty(
            {
                "details": list(cr.details),
                "evidence": cr.evidence,
                "evidence_hint": cr.evidence_hint,
                "note": cr.note,
            }
        )
    )
    return out


def _item_dict(it: Item) -> dict:
    out: dict = {
        "code": it.code,
        "title": it.title,
        "kind": it.kind,
        "max_points": num(it.max_points),
    }
    if it.unit:
        out["unit"] = it.unit
    if it.kind == "level":
        out["bands"] = [
            _drop_empty({"level": int(b.interval.low), "cap": num(b.cap), "text": b.text})
            for b in it.bands
        ]
    elif it.bands:
        out["bands"] = [
            _drop_empty({**b.interval.to_dict(), "cap": num(b.cap), "text": b.text})
            for b in it.bands
        ]
    if it.options:
        out["options"] = [
            {"value": o.value, "label": o.label, "cap": num(o.cap)} for o in it.options
        ]
    if it.suggestion:
        s = it.suggestion
        out["suggestion"] = _drop_empty(
            {
                "numerator": s.numerator,
                "denominator": s.denominator,
                "label": s.label,
                "bands": {k: [_level_dict(lb) for lb in v] for k, v in s.bands.items()},
                "note": s.note,
            }
        )
    out.update(
        _drop_empty(
            {"details": list(it.details), "evidence_hint": it.evidence_hint, "note": it.note}
        )
    )
    return out


def _drop_empty(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in ("", None, [], {})}
