"""The authority's review of a submission: accept for evaluation, return for supplement with a
comment per criterion, withdraw an acceptance (thu hồi) — and what changed since a return.

Every state change goes through `edudx.assessments.workflow.transition` (one audit record, refused
changes change nothing); a return also keeps a snapshot of the file (facts, points, evidence) so
that the reviewer later sees exactly what the institution changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from edudx.assessments.errors import AssessmentError
from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import SelfAssessment
from edudx.assessments.workflow import transition
from edudx.core.models import record
from edudx.frameworks.schema import fmt
from edudx.frameworks.scoring import FactsError, score, validate_facts
from edudx.notifications import events
from edudx.reviews.models import ReturnRound, ReviewComment
from edudx.reviews.workflow import AUTHORITY_ACTIONS


class ReviewError(AssessmentError):
    """A review action that cannot be taken (wrong state, missing reason or comment, no right)."""


# -- the review actions ----------------------------------------------------------------------------


@transaction.atomic
def accept(assessment: SelfAssessment, *, by) -> SelfAssessment:
    """Accept a submission for external evaluation (tiếp nhận); the evaluation begins, with the
    team assigned to the institution if there is one."""
    from edudx.reviews.evaluation import evaluation_for

    locked = transition(assessment, "accept", AUTHORITY_ACTIONS["accept"], by=by)
    evaluation_for(locked)
    return locked


def unaccept(assessment: SelfAssessment, *, by, reason: str) -> SelfAssessment:
    """Withdraw the acceptance (thu hồi tiếp nhận): the submission is back to "submitted"; the
    evaluation begun so far is kept."""
    return transition(assessment, "unaccept", AUTHORITY_ACTIONS["unaccept"], by=by, reason=reason)


@transaction.atomic
def return_for_supplement(
    assessment: SelfAssessment, *, by, reason: str, comments: dict[str, str]
) -> ReturnRound:
    """Send a submission back for supplement: a general reason and a comment on each criterion
    concerned (at least one). The file as it stands is kept with the return."""
    fw = assessment.participation.version.framework()
    known = {c.code for c in fw.criteria()}
    cleaned = {code: (text or "").strip() for code, text in comments.items()}
    cleaned = {code: text for code, text in cleaned.items() if text}

    def check(locked: SelfAssessment) -> None:
        unknown = sorted(set(cleaned) - known)
        if unknown:
            raise ReviewError(
                f"Tiêu chí {', '.join(unknown)} không có trong bộ chỉ số.", field="comments"
            )
        if not cleaned:
            raise ReviewError(
                "Hãy ghi nhận xét cho ít nhất một tiêu chí cần bổ sung.", field="comments"
            )

    locked = transition(
        assessment, "return", AUTHORITY_ACTIONS["return"], by=by, reason=reason, check=check
    )
    number = (locked.return_rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    rnd = ReturnRound.objects.create(
        assessment=locked,
        number=number,
        reason=reason.strip(),
        snapshot=snapshot(locked),
        returned_by=by,
    )
    order = {c.code: i for i, c in enumerate(fw.criteria())}
    ReviewComment.objects.bulk_create(
        ReviewComment(round=rnd, criterion=code, text=text)
        for code, text in sorted(cleaned.items(), key=lambda kv: order[kv[0]])
    )
    record(
        "review.return",
        locked,
        actor=by,
        after={"round": number, "comments": cleaned},
        note=reason.strip(),
    )
    events.on_returned(locked, reason.strip())
    return rnd


# -- comments the institution sees -----------------------------------------------------------------


def latest_round(assessment: SelfAssessment) -> ReturnRound | None:
    return assessment.return_rounds.order_by("-number").first()


#: From a return until the authority accepts the file again, its comments stay open.
OPEN_STATES = frozenset({S.RETURNED, S.DRAFT, S.APPROVED, S.SUBMITTED})


def open_comments(assessment: SelfAssessment) -> dict[str, list[ReviewComment]]:
    """The comments of the latest return, by criterion code (for the institution's form); none
    once the authority has accepted the file for evaluation."""
    out: dict[str, list[ReviewComment]] = {}
    if assessment.state not in OPEN_STATES:
        return out
    rnd = latest_round(assessment)
    if rnd is not None:
        for comment in rnd.comments.all():
            out.setdefault(comment.criterion, []).append(comment)
    return out


# -- what changed since the return -----------------------------------------------------------------


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
        return f"{text}%" if getattr(spec, "kind", "") == "percentage" else text
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
                notes.append(
                    f"{DETAIL_NAMES.get(name, name)}: “{bd.get(name, '')}” → “{ad.get(name, '')}”"
                )
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
