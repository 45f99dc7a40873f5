"""What changed in a file since the authority returned it: the snapshot kept with each return,
the engine's result of a snapshot, and the difference the reviewer sees (facts, points and
levels, evidence), each value shown as a person reads it."""

from __future__ import annotations

from dataclasses import dataclass, field

from edudx.assessments.details import shown_detail
from edudx.assessments.models import SelfAssessment
from edudx.frameworks.schema import fmt
from edudx.frameworks.scoring import FactsError, score, validate_facts
from edudx.reviews.models import ReturnRound
from edudx.reviews.rounds import latest_round


def _float(value):
    return None if value is None else float(value)


def snapshot(assessment: SelfAssessment) -> dict:
    """The file as it stands: every fact (value, awarded, reason, details) and evidence item."""
    return {
        "facts": {
            e.code: {
                "value": e.value,
                "awarded": _float(e.awarded),
                "reason": e.reason,
                "details": e.details or {},
            }
            for e in assessment.facts.all()
        },
        "evidence": {
            ev.code: {
                "title": ev.title,
                "criteria": list(ev.criteria or []),
                "file": ev.file_name,
                "url": ev.url,
                "size": ev.size,
                "number": ev.number,
                "issued_on": ev.issued_on.isoformat() if ev.issued_on else None,
            }
            for ev in assessment.evidence.all()
        },
    }


def score_snapshot(fw, facts: dict):
    """The engine's result of a snapshot's facts (None if they no longer validate)."""
    try:
        checked = validate_facts(
            fw,
            {c: f["value"] for c, f in facts.items() if f.get("value") is not None},
            awarded={c: f["awarded"] for c, f in facts.items() if f.get("awarded") is not None}
            or None,
        )
    except FactsError:
        return None
    return score(fw, checked)


def shown_value(spec, value) -> str:
    """A fact as a person reads it: Có / Không / 45 / the option's label; — when not declared."""
    if value is None:
        return "—"
    if value is True:
        return "Có"
    if value is False:
        return "Không"
    for option in getattr(spec, "options", ()) or ():
        if option.value == value:
            return option.label
    if isinstance(value, int | float):
        text = fmt(value)
        return f"{text}%" if spec.kind == "percentage" else text
    return str(value)


@dataclass
class FactChange:
    code: str
    title: str
    before: str
    after: str
    points_before: float | None
    points_after: float | None
    notes: list[str] = field(default_factory=list)


@dataclass
class Diff:
    round: ReturnRound
    facts: list[FactChange]
    criteria: list[tuple[str, str, str]]  # code, before "12/30 · mức 2", after
    groups: list[tuple[str, str, str]]
    evidence_added: list[dict]
    evidence_removed: list[dict]
    evidence_changed: list[dict]

    @property
    def empty(self) -> bool:
        return not (
            self.facts or self.evidence_added or self.evidence_removed or self.evidence_changed
        )


def _summary(points, level) -> str:
    return f"{fmt(points)} điểm · mức {level if level is not None else '?'}"


DETAIL_NAMES = {
    "software_name": "tên phần mềm",
    "provenance": "nguồn gốc",
    "link": "đường link",
    "document_number": "số văn bản",
    "document_date": "ngày ban hành",
    "members": "thành phần",
    "channel": "kênh",
    "part": "số lượng đạt",
    "whole": "tổng số",
}


def _same(b: dict, a: dict) -> bool:
    """Two stored facts alike (an empty reason or details equal a missing one; False is not
    "not declared")."""
    return (
        b.get("value") == a.get("value")
        and b.get("awarded") == a.get("awarded")
        and (b.get("reason") or "") == (a.get("reason") or "")
        and (b.get("details") or {}) == (a.get("details") or {})
    )


def changes_since_return(assessment: SelfAssessment) -> Diff | None:
    """What the institution changed since the latest return: facts (with their points and
    details), criterion and group results, evidence added, removed or changed."""
    rnd = latest_round(assessment)
    if rnd is None:
        return None
    fw = assessment.participation.version.framework()
    specs = fw.fact_codes()
    before, now = rnd.snapshot or {}, snapshot(assessment)
    old = score_snapshot(fw, before.get("facts", {}))
    new = score_snapshot(fw, now["facts"])
    facts = []
    for code, spec in specs.items():
        b = before.get("facts", {}).get(code) or {}
        a = now["facts"].get(code) or {}
        if _same(b, a):
            continue
        notes = []
        if b.get("awarded") != a.get("awarded"):
            notes.append(
                f"điểm tự chấm: {fmt(b['awarded']) if b.get('awarded') is not None else '—'} → "
                f"{fmt(a['awarded']) if a.get('awarded') is not None else '—'}"
            )
        if (b.get("reason") or "") != (a.get("reason") or ""):
            notes.append(f"lý do: “{b.get('reason') or ''}” → “{a.get('reason') or ''}”")
        bd, ad = b.get("details") or {}, a.get("details") or {}
        for name in sorted(set(bd) | set(ad)):
            if bd.get(name) != ad.get(name):
                was, now_ = shown_detail(name, bd.get(name)), shown_detail(name, ad.get(name))
                notes.append(f"{DETAIL_NAMES.get(name, name)}: “{was}” → “{now_}”")
        item_old = old.items.get(code) if old else None
        item_new = new.items.get(code) if new else None
        facts.append(
            FactChange(
                code=code,
                title=spec.title,
                before=shown_value(spec, b.get("value")),
                after=shown_value(spec, a.get("value")),
                points_before=item_old.points if item_old else None,
                points_after=item_new.points if item_new else None,
                notes=notes,
            )
        )
    criteria, groups = [], []
    if old and new:
        for code, c_new in new.criteria.items():
            c_old = old.criteria[code]
            if c_new.criterion.mandatory:
                if c_old.met != c_new.met:
                    label = {True: "đạt", False: "chưa đạt", None: "chưa khai báo"}
                    criteria.append((code, label[c_old.met], label[c_new.met]))
            elif (c_old.points, c_old.level) != (c_new.points, c_new.level):
                criteria.append(
                    (code, _summary(c_old.points, c_old.level), _summary(c_new.points, c_new.level))
                )
        for code, g_new in new.groups.items():
            g_old = old.groups[code]
            if (g_old.points, g_old.level) != (g_new.points, g_new.level):
                groups.append(
                    (code, _summary(g_old.points, g_old.level), _summary(g_new.points, g_new.level))
                )
    ev_before, ev_now = before.get("evidence", {}), now["evidence"]
    added = [{"code": c, **ev_now[c]} for c in sorted(set(ev_now) - set(ev_before))]
    removed = [{"code": c, **ev_before[c]} for c in sorted(set(ev_before) - set(ev_now))]
    changed = [
        {"code": c, **ev_now[c]}
        for c in sorted(set(ev_now) & set(ev_before))
        if ev_now[c] != ev_before[c]
    ]
    return Diff(rnd, facts, criteria, groups, added, removed, changed)
