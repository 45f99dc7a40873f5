"""Every state change of an assessment, in one table, and the one function that applies it.

The year's file moves through states owned by three parties — the institution's head, the
managing authority, the evaluation team's head — but it is one file with one history, so its
transitions are one table: from which states, by which action, to which state, who may take it,
which guard must pass, whether a reason is required. Pages list their buttons from it, services
apply it through `transition`, and the state-matrix tests check it against expectations written
independently. Guards that need another app's data (the evaluation's visit record, the review
comments) are supplied by the service that owns that data; the table names them so that a
transition cannot be taken without its guard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import started
from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import SelfAssessment
from edudx.assessments.signals import state_changed
from edudx.core.models import record


class Who:
    """Who may take an action (the access module decides who holds each of these)."""

    HEAD = "head"  # the institution's head (APPROVE_ASSESSMENT on the institution)
    AUTHORITY = "authority"  # the managing authority (REVIEW_ASSESSMENTS on the institution)
    TEAM_HEAD = "team_head"  # the head of the evaluation team assigned to the institution


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    who: str
    refused: str
    needs_reason: bool = False
    #: What must hold beyond the state (the service that takes the action supplies the check).
    guard: str = ""
    #: A timestamp field of the assessment set to now.
    stamp: str | None = None
    #: What the person is asked before the action, and its consequence in words
    #: ({institution}, {authority} are filled in).
    question: str = ""
    consequence: str = ""


_TABLE = [
    # -- the institution (Điều 5: tự đánh giá, phê duyệt, đề nghị đánh giá ngoài) --
    Transition(
        "approve",
        frozenset({S.DRAFT, S.RETURNED}),
        S.APPROVED,
        Who.HEAD,
        "Chỉ phê duyệt được bản tự đánh giá đang soạn hoặc đã được trả lại để bổ sung.",
        guard="the file is complete: details and evidence of every claimed item",
        stamp="approved_at",
        question="Phê duyệt bản tự đánh giá của {institution}?",
        consequence="Sau khi phê duyệt, dữ liệu bị khóa; muốn sửa, thủ trưởng phải mở lại.",
    ),
    Transition(
        "reopen",
        frozenset({S.APPROVED}),
        S.DRAFT,
        Who.HEAD,
        "Chỉ mở lại được bản đã phê duyệt mà chưa nộp.",
        needs_reason=True,
        question="Mở lại bản tự đánh giá để sửa?",
        consequence="Phê duyệt bị hủy; sau khi sửa, thủ trưởng phải phê duyệt lại trước khi nộp.",
    ),
    Transition(
        "submit",
        frozenset({S.APPROVED}),
        S.SUBMITTED,
        Who.HEAD,
        "Thủ trưởng phải phê duyệt trước khi nộp; bản đã nộp không nộp lại.",
        guard="not after the institution's due date",
        stamp="submitted_at",
        question="Nộp hồ sơ cho {authority}?",
        consequence="Sau khi nộp, dữ liệu bị khóa; chỉ hủy nộp được khi cơ quan quản lý chưa tiếp nhận.",
    ),
    Transition(
        "withdraw",
        frozenset({S.SUBMITTED}),
        S.DRAFT,
        Who.HEAD,
        "Chỉ hủy nộp được bản đã nộp mà cơ quan quản lý chưa tiếp nhận.",
        needs_reason=True,
        question="Hủy nộp hồ sơ đã gửi {authority}?",
        consequence="Hồ sơ trở về bản nháp; phải phê duyệt và nộp lại trước hạn.",
    ),
    # -- the managing authority (tiếp nhận, yêu cầu bổ sung, thu hồi tiếp nhận) --
    Transition(
        "accept",
        frozenset({S.SUBMITTED}),
        S.UNDER_REVIEW,
        Who.AUTHORITY,
        "Chỉ tiếp nhận được hồ sơ đã nộp mà chưa được tiếp nhận.",
        question="Tiếp nhận hồ sơ của {institution}?",
        consequence="Hồ sơ chuyển sang đánh giá ngoài; cơ sở giáo dục không hủy nộp được nữa.",
    ),
    Transition(
        "return",
        frozenset({S.SUBMITTED, S.UNDER_REVIEW}),
        S.RETURNED,
        Who.AUTHORITY,
        "Chỉ yêu cầu bổ sung được hồ sơ đã nộp hoặc đã tiếp nhận mà chưa đánh giá ngoài xong.",
        needs_reason=True,
        guard="a comment on at least one criterion of the index",
        question="Trả hồ sơ của {institution} để bổ sung?",
        consequence="Cơ sở giáo dục được thông báo kèm nhận xét và hạn bổ sung; hồ sơ được mở để sửa.",
    ),
    Transition(
        "unaccept",
        frozenset({S.UNDER_REVIEW}),
        S.SUBMITTED,
        Who.AUTHORITY,
        "Chỉ thu hồi tiếp nhận được hồ sơ đang được đánh giá ngoài (chưa hoàn thành).",
        needs_reason=True,
        question="Thu hồi tiếp nhận hồ sơ của {institution}?",
        consequence="Hồ sơ trở về trạng thái đã nộp; phần đánh giá ngoài đã nhập được giữ lại.",
    ),
    # -- the evaluation team (đánh giá ngoài) --
    Transition(
        "finalise",
        frozenset({S.UNDER_REVIEW}),
        S.EVALUATED,
        Who.TEAM_HEAD,
        "Chỉ hoàn thành đánh giá ngoài được hồ sơ đã được tiếp nhận để đánh giá.",
        guard="the evaluation is open, taken by the team head, with a complete visit record",
        question="Hoàn thành đánh giá ngoài {institution}?",
        consequence="Kết quả đánh giá ngoài và biên bản kiểm tra bị khóa, không sửa được nữa.",
    ),
    # -- recognition (công nhận) --
    Transition(
        "recognise",
        frozenset({S.EVALUATED}),
        S.RECOGNISED,
        Who.AUTHORITY,
        "Chỉ công nhận được cơ sở giáo dục đã có kết quả đánh giá ngoài và chưa được công nhận.",
        question="Công nhận kết quả của {institution}?",
        consequence="Kết quả được khóa theo quyết định công nhận; cơ sở giáo dục được thông báo.",
    ),
    Transition(
        "reopen_recognition",
        frozenset({S.RECOGNISED}),
        S.EVALUATED,
        Who.AUTHORITY,
        "Chỉ mở lại được kết quả đã được công nhận.",
        needs_reason=True,
        question="Mở lại kết quả đã công nhận của {institution}?",
        consequence="Kết quả bị rút khỏi quyết định (lưu lại kèm lý do) và có thể được công nhận lại.",
    ),
]

TRANSITIONS: dict[str, Transition] = {t.action: t for t in _TABLE}


def confirmation(action: str, participation) -> tuple[str, str]:
    """The question and the consequence shown before `action` on this participation's file."""
    spec = TRANSITIONS[action]
    names = {
        "institution": participation.institution.name,
        "authority": participation.campaign.authority.name,
    }
    return spec.question.format(**names), spec.consequence.format(**names)


def actions_of(who: str) -> list[str]:
    """The actions `who` takes, in the table's order."""
    return [t.action for t in _TABLE if t.who == who]


def possible(state: str, actions) -> list[str]:
    """Of `actions`, those the table allows from `state` (the buttons a page offers)."""
    return [a for a in actions if state in TRANSITIONS[a].sources]


@transaction.atomic
def transition(
    assessment: SelfAssessment,
    action: str,
    *,
    by,
    reason: str = "",
    check: Callable[[SelfAssessment], None] | None = None,
) -> SelfAssessment:
    """Apply the table's `action` to `assessment`, or raise AssessmentError and change nothing.

    The row is locked, the source state checked, the reason required where the table asks for
    one, then the guard (`check`, run on the locked row) may refuse. One audit record is written
    with the state before and after, and `state_changed` tells the other apps (notifications)."""
    spec = TRANSITIONS.get(action)
    if spec is None:
        raise AssessmentError(f"Thao tác '{action}' không hợp lệ.")
    if spec.guard and check is None:
        raise TypeError(f"The transition '{action}' needs its guard: {spec.guard}.")
    if assessment.is_blank:  # nothing saved yet: a draft that only a draft's action may start
        if S.DRAFT not in spec.sources:
            raise AssessmentError(spec.refused)
        started(assessment)
    locked = (
        SelfAssessment.objects.select_for_update()
        .select_related("participation__campaign", "participation__version")
        .get(pk=assessment.pk)
    )
    if locked.state not in spec.sources:
        raise AssessmentError(spec.refused)
    if spec.needs_reason and not reason.strip():
        raise AssessmentError("Hãy nêu lý do.", field="reason")
    if check is not None:
        check(locked)
    before = locked.state
    locked.state = spec.target
    fields = ["state", "updated_at"]
    if spec.stamp:
        setattr(locked, spec.stamp, timezone.now())
        fields.append(spec.stamp)
    locked.save(update_fields=fields)
    record(
        f"assessment.{action}",
        locked,
        actor=by,
        before={"state": before},
        after={"state": spec.target},
        note=reason.strip(),
    )
    for name in fields[:1] + fields[2:]:
        setattr(assessment, name, getattr(locked, name))
    state_changed.send(
        sender=SelfAssessment,
        assessment=locked,
        action=action,
        before=before,
        by=by,
        reason=reason.strip(),
    )
    return locked
