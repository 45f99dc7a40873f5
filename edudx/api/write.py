"""Write endpoints for school-management software that already holds the facts: each calls the
very service the form calls (same validation, same revision check, same lock after approval)
and answers with the result the engine recomputes. The revision a client edits from comes as
`If-Match: "<revision>"` (412 when stale, the HTTP way) or as `revision` in the body (409)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status

from edudx.accounts.permissions import Action, can
from edudx.api import schemas as s
from edudx.api.base import ApiError, Error
from edudx.api.read import visible_participations
from edudx.api.results import result_of, with_results
from edudx.assessments import facts, workflow
from edudx.assessments.errors import ApprovalRefused, AssessmentError, EvidenceError
from edudx.assessments.evidence import changes as evidence_changes
from edudx.assessments.models import FactEntry, Participation

router = Router(tags=["Ghi dữ liệu"])

LOCKED = {facts.LOCKED_MESSAGE, evidence_changes.LOCKED_MESSAGE}


class FactIn(Schema):
    value: Any = None
    awarded: float | None = None
    reason: str = ""
    details: dict[str, Any] | None = None
    revision: int | None = None


class EvidenceIn(Schema):
    title: str
    criteria: list[str]
    url: str
    number: str = ""
    issued_on: dt.date | None = None
    issuer: str = ""
    note: str = ""


class ActionIn(Schema):
    reason: str = ""


class EvidenceOut(Schema):
    code: str
    title: str
    criteria: list[str]
    url: str


class FactSaved(Schema):
    fact: s.FactOut
    result: s.ResultOut


class EvidenceSaved(Schema):
    evidence: EvidenceOut
    result: s.ResultOut


class StateChanged(Schema):
    state: str
    result: s.ResultOut


class Problem(Schema):
    code: str
    message: str


class Refusal(Schema):
    code: str
    message: str
    field: str | None = None
    problems: list[Problem] | None = None


class Conflict(Schema):
    code: str
    message: str
    field: str | None = None
    stored: s.FactOut | None = None


def _fact(entry: FactEntry | None, code: str) -> dict:
    if entry is None:
        return {
            "code": code,
            "value": None,
            "awarded": None,
            "reason": "",
            "details": {},
            "revision": 0,
        }
    return {
        "code": entry.code,
        "value": entry.value,
        "awarded": None if entry.awarded is None else float(entry.awarded),
        "reason": entry.reason,
        "details": entry.details or {},
        "revision": entry.revision,
    }


def _writable(request, participation_id: int, action: str) -> Participation:
    """The participation to change, or the refusal: 404 outside the caller's scope, 403 for a
    read-only token or a caller who sees the file but may not take this action."""
    participation = get_object_or_404(
        visible_participations(request.user).select_related("institution", "version", "campaign"),
        pk=participation_id,
    )
    token = getattr(request, "api_token", None)
    if token is not None and token.read_only:
        raise ApiError(403, "token_read_only", "Khóa API này chỉ được đọc dữ liệu.")
    if not can(request.user, action, participation.institution):
        if action == Action.APPROVE_ASSESSMENT:
            raise ApiError(
                403,
                "head_only",
                "Chỉ thủ trưởng cơ sở giáo dục (hoặc khóa API do chính thủ trưởng cấp) mới "
                "thực hiện được thao tác này.",
            )
        raise ApiError(403, "forbidden", "Bạn không có quyền sửa hồ sơ này.")
    return participation


def _result(participation_id: int) -> dict:
    return result_of(with_results(Participation.objects.all()).get(pk=participation_id))


def _if_match(request) -> int | None:
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tag = header.strip().removeprefix("W/").strip('"')
    try:
        return int(tag)
    except ValueError:
        raise ApiError(
            400, "invalid_if_match", 'If-Match phải là số phiên bản của mục, ví dụ "3".', "If-Match"
        ) from None


@router.get(
    "/participations/{participation_id}/facts",
    response=list[s.FactOut],
    summary="Các mục đã khai của bản tự đánh giá",
)
def fact_list(request, participation_id: int):
    participation = get_object_or_404(visible_participations(request.user), pk=participation_id)
    return [
        _fact(e, e.code)
        for e in FactEntry.objects.filter(assessment__participation=participation).order_by("code")
    ]


@router.get(
    "/participations/{participation_id}/facts/{code}",
    response=s.FactOut,
    summary="Một mục (ETag là số phiên bản)",
)
def fact_detail(request, response: HttpResponse, participation_id: int, code: str):
    participation = get_object_or_404(
        visible_participations(request.user).select_related("version"), pk=participation_id
    )
    if code not in participation.version.framework().fact_codes():
        raise Http404
    entry = FactEntry.objects.filter(assessment__participation=participation, code=code).first()
    fact = _fact(entry, code)
    response["ETag"] = f'"{fact["revision"]}"'
    return fact


@router.put(
    "/participations/{participation_id}/facts/{code}",
    response={200: FactSaved, 409: Conflict, 412: Conflict, 428: Error},
    summary="Lưu một mục của bản tự đánh giá",
)
def save_fact(request, response: HttpResponse, participation_id: int, code: str, payload: FactIn):
    participation = _writable(request, participation_id, Action.EDIT_ASSESSMENT)
    if code not in participation.version.framework().fact_codes():
        raise Http404
    header = _if_match(request)
    revision = header if header is not None else payload.revision
    if revision is None:
        raise ApiError(
            428,
            "revision_required",
            "Hãy gửi số phiên bản của mục đang sửa (If-Match hoặc trường revision; 0 cho mục "
            "chưa khai).",
            "revision",
        )
    assessment = facts.assessment_for(participation)
    try:
        entry = facts.save_fact(
            assessment,
            code,
            payload.value,
            revision=revision,
            by=request.user,
            awarded=payload.awarded,
            reason=payload.reason,
            details=payload.details,
        )
    except facts.StaleFact as exc:
        status = 412 if header is not None else 409
        return Status(
            status,
            {
                "code": "stale_revision",
                "message": str(exc),
                "field": "If-Match" if header is not None else "revision",
                "stored": _fact(exc.entry, code),
            },
        )
    except AssessmentError as exc:
        if str(exc) in LOCKED:
            raise ApiError(409, "locked", str(exc)) from None
        raise ApiError(400, "invalid_fact", str(exc), exc.field or code) from None
    response["ETag"] = f'"{entry.revision}"'
    return Status(200, {"fact": _fact(entry, code), "result": _result(participation.pk)})


@router.post(
    "/participations/{participation_id}/evidence",
    response={201: EvidenceSaved, 409: Error},
    summary="Đính kèm minh chứng dạng đường link",
)
def add_evidence(request, participation_id: int, payload: EvidenceIn):
    participation = _writable(request, participation_id, Action.EDIT_ASSESSMENT)
    try:
        ev = evidence_changes.add_evidence(
            facts.assessment_for(participation),
            by=request.user,
            title=payload.title,
            criteria=payload.criteria,
            url=payload.url,
            number=payload.number,
            issued_on=payload.issued_on,
            issuer=payload.issuer,
            note=payload.note,
        )
    except EvidenceError as exc:
        if str(exc) in LOCKED:
            raise ApiError(409, "locked", str(exc)) from None
        raise ApiError(400, "invalid_evidence", str(exc), exc.field) from None
    return Status(
        201,
        {
            "evidence": {
                "code": ev.code,
                "title": ev.title,
                "criteria": ev.criteria,
                "url": ev.url,
            },
            "result": _result(participation.pk),
        },
    )


@router.post(
    "/participations/{participation_id}/actions/{action}",
    response={200: StateChanged, 409: Refusal},
    summary="Phê duyệt, nộp, mở lại, hủy nộp (chỉ thủ trưởng)",
)
def change_state(request, participation_id: int, action: str, payload: ActionIn):
    if action not in workflow.INSTITUTION_ACTIONS:
        raise Http404
    participation = _writable(request, participation_id, Action.APPROVE_ASSESSMENT)
    try:
        done = workflow.change_state(
            facts.assessment_for(participation), action, by=request.user, reason=payload.reason
        )
    except ApprovalRefused as exc:
        raise ApiError(
            409,
            "approval_refused",
            str(exc),
            "approve",
            problems=[{"code": p.code, "message": p.text} for p in exc.problems],
        ) from None
    except AssessmentError as exc:
        raise ApiError(409, "transition_refused", str(exc), exc.field) from None
    return Status(200, {"state": done.state, "result": _result(participation.pk)})
