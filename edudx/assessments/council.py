"""The self-assessment council (Hội đồng tự đánh giá) and its work: who sits on it, in which
position, who prepares which criterion, and how far each criterion and each member has got.

Every change is one function here, in a transaction with the assessment row locked: it checks,
refuses with a Vietnamese message, changes, and writes one audit record on the assessment."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from edudx.assessments.facts import lock_editable
from edudx.assessments.models import (
    CouncilMember,
    CouncilPosition,
    CriterionAssignment,
    FactEntry,
    SelfAssessment,
)
from edudx.core.errors import DomainError
from edudx.core.models import record


class CouncilError(DomainError):
    """A change the council or its assignments cannot take."""


#: How positions are written in documents (the Quyết định thành lập Hội đồng), whatever the
#: language of the page.
POSITION_LABELS = {
    CouncilPosition.CHAIR: "Chủ tịch",
    CouncilPosition.VICE_CHAIR: "Phó Chủ tịch",
    CouncilPosition.SECRETARY: "Thư ký",
    CouncilPosition.MEMBER: "Thành viên",
}
POSITION_ORDER = {position: i for i, position in enumerate(POSITION_LABELS)}
#: Positions a council holds at most once.
SINGLE_POSITIONS = frozenset({CouncilPosition.CHAIR, CouncilPosition.SECRETARY})

LOCKED_MESSAGE = (
    "Bản tự đánh giá đã được phê duyệt hoặc đã nộp nên không thay đổi được Hội đồng và phân công; "
    "thủ trưởng cần mở lại (hoặc hủy nộp) trước."
)


def institution_accounts(assessment: SelfAssessment):
    """Active accounts holding a role on the assessed institution itself: those who may sit on
    its council."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            role_assignments__unit_id=assessment.participation.institution_id,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _name(user) -> str:
    return user.get_full_name() or user.username


def _snapshot(member: CouncilMember) -> dict:
    return {
        "user": member.user.username,
        "name": _name(member.user),
        "position": member.position,
        "job_title": member.job_title,
        "duty": member.duty,
    }


def _lock(assessment: SelfAssessment) -> SelfAssessment:
    return lock_editable(assessment, error=CouncilError, message=LOCKED_MESSAGE)


def _check_position(assessment: SelfAssessment, position: str, *, other_than=None) -> None:
    if position not in POSITION_LABELS:
        raise CouncilError(f"Chức danh trong Hội đồng '{position}' không hợp lệ.", "position")
    if position not in SINGLE_POSITIONS:
        return
    holder = (
        CouncilMember.objects.filter(assessment=assessment, position=position)
        .exclude(pk=getattr(other_than, "pk", None))
        .select_related("user")
        .first()
    )
    if holder is not None:
        label = POSITION_LABELS[position]
        raise CouncilError(
            f"Hội đồng đã có {label} ({_name(holder.user)}); mỗi Hội đồng chỉ có một {label}. "
            f"Hãy đổi chức danh của {_name(holder.user)} trước.",
            "position",
        )


@transaction.atomic
def add_member(
    assessment: SelfAssessment,
    user,
    position: str,
    *,
    job_title: str = "",
    duty: str = "",
    by=None,
) -> CouncilMember:
    """Put an account of the institution on the council."""
    locked = _lock(assessment)
    if not institution_accounts(locked).filter(pk=user.pk).exists():
        raise CouncilError(
            f"{_name(user)} không phải tài khoản của {locked.participation.institution.name} "
            "nên không thể là thành viên Hội đồng tự đánh giá.",
            "user",
        )
    if CouncilMember.objects.filter(assessment=locked, user=user).exists():
        raise CouncilError(f"{_name(user)} đã là thành viên Hội đồng.", "user")
    _check_position(locked, position)
    member = CouncilMember.objects.create(
        assessment=locked,
        user=user,
        position=position,
        job_title=job_title.strip(),
        duty=duty.strip(),
    )
    record("council.add", locked, actor=by, after=_snapshot(member), note=user.username)
    return member


@transaction.atomic
def change_member(
    member: CouncilMember, *, position: str, job_title: str = "", duty: str = "", by=None
) -> CouncilMember:
    """Change a member's position, job title or duty."""
    locked = _lock(member.assessment)
    member = CouncilMember.objects.select_related("user").get(pk=member.pk, assessment=locked)
    _check_position(locked, position, other_than=member)
    before = _snapshot(member)
    member.position = position
    member.job_title = job_title.strip()
    member.duty = duty.strip()
    after = _snapshot(member)
    if after != before:
        member.save(update_fields=["position", "job_title", "duty"])
        record(
            "council.change",
            locked,
            actor=by,
            before=before,
            after=after,
            note=member.user.username,
        )
    return member


@transaction.atomic
def remove_member(member: CouncilMember, *, by=None) -> None:
    """Take a member off the council; the criteria assigned to them become unassigned (each
    recorded)."""
    locked = _lock(member.assessment)
    member = CouncilMember.objects.select_related("user").get(pk=member.pk, assessment=locked)
    username = member.user.username
    criteria = _in_framework_order(locked, member.criteria.values_list("criterion", flat=True))
    for code in criteria:
        record(
            "council.assign",
            locked,
            actor=by,
            before={"criterion": code, "member": username},
            after={"criterion": code, "member": None},
            note=code,
        )
    before = {**_snapshot(member), "criteria": criteria}
    member.delete()  # its assignments go with it
    record("council.remove", locked, actor=by, before=before, note=username)


@transaction.atomic
def assign_criterion(
    assessment: SelfAssessment, criterion: str, member: CouncilMember | None, *, by=None
) -> CriterionAssignment | None:
    """Give `criterion` to `member` (None: to nobody). One member per criterion; giving it to
    another member moves it."""
    locked = _lock(assessment)
    codes = {cr.code for cr in locked.participation.version.framework().criteria()}
    if criterion not in codes:
        raise CouncilError(f"Tiêu chí {criterion} không có trong bộ chỉ số.", "criterion")
    if member is not None and member.assessment_id != locked.pk:
        raise CouncilError("Người được phân công không thuộc Hội đồng này.", "member")
    current = (
        CriterionAssignment.objects.select_for_update(of=("self",))
        .filter(assessment=locked, criterion=criterion)
        .select_related("member__user")
        .first()
    )
    old = current.member.user.username if current else None
    new = member.user.username if member is not None else None
    if old == new:
        return current
    if member is None:
        current.delete()
        current = None
    elif current is None:
        current = CriterionAssignment.objects.create(
            assessment=locked, criterion=criterion, member=member
        )
    else:
        current.member = member
        current.save(update_fields=["member"])
    record(
        "council.assign",
        locked,
        actor=by,
        before={"criterion": criterion, "member": old},
        after={"criterion": criterion, "member": new},
        note=criterion,
    )
    return current


# -- reading: my criteria, progress, the council for documents ------------------------------------


def _criterion_order(assessment: SelfAssessment) -> dict[str, int]:
    fw = assessment.participation.version.framework()
    return {cr.code: i for i, cr in enumerate(fw.criteria())}


def _in_framework_order(assessment: SelfAssessment, codes) -> list[str]:
    order = _criterion_order(assessment)
    return sorted(codes, key=lambda code: (order.get(code, len(order)), code))


def my_criteria(assessment: SelfAssessment, user) -> list[str]:
    """Codes of the criteria assigned to `user`, in the order of the index."""
    return _in_framework_order(
        assessment,
        CriterionAssignment.objects.filter(assessment=assessment, member__user=user).values_list(
            "criterion", flat=True
        ),
    )


@dataclass(frozen=True)
class Share:
    """How many of a set of facts are saved."""

    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def complete(self) -> bool:
        return self.done >= self.total


@dataclass(frozen=True)
class CriterionProgress(Share):
    code: str = ""
    title: str = ""
    group: str = ""
    member: CouncilMember | None = None


@dataclass(frozen=True)
class MemberProgress(Share):
    member: CouncilMember | None = None
    criteria: list[CriterionProgress] = field(default_factory=list)


@dataclass(frozen=True)
class Progress(Share):
    criteria: list[CriterionProgress] = field(default_factory=list)
    members: list[MemberProgress] = field(default_factory=list)

    @property
    def unassigned(self) -> list[CriterionProgress]:
        return [c for c in self.criteria if c.member is None]

    def of(self, code: str) -> CriterionProgress:
        return next(c for c in self.criteria if c.code == code)


def members_of(assessment: SelfAssessment) -> list[CouncilMember]:
    """The council, chair first, then vice-chairs, secretary and members, each by name."""
    members = list(CouncilMember.objects.filter(assessment=assessment).select_related("user"))
    members.sort(key=lambda m: (POSITION_ORDER.get(m.position, 99), _name(m.user).lower(), m.pk))
    return members


def progress(assessment: SelfAssessment, members: list[CouncilMember] | None = None) -> Progress:
    """Saved facts over facts, per criterion (with its assignee), per member and overall. Three
    queries whatever the size of the index or the council."""
    fw = assessment.participation.version.framework()
    members = members_of(assessment) if members is None else members
    by_pk = {m.pk: m for m in members}
    assignee = {
        code: by_pk.get(member_id)
        for code, member_id in CriterionAssignment.objects.filter(
            assessment=assessment
        ).values_list("criterion", "member_id")
    }
    saved = {
        code
        for code, value in FactEntry.objects.filter(assessment=assessment).values_list(
            "code", "value"
        )
        if value is not None
    }
    criteria = []
    for group in fw.groups:
        for cr in group.criteria:
            codes = cr.fact_codes()
            criteria.append(
                CriterionProgress(
                    done=sum(code in saved for code in codes),
                    total=len(codes),
                    code=cr.code,
                    title=cr.title,
                    group=group.code,
                    member=assignee.get(cr.code),
                )
            )
    per_member = []
    for m in members:
        mine = [c for c in criteria if c.member is not None and c.member.pk == m.pk]
        per_member.append(
            MemberProgress(
                done=sum(c.done for c in mine),
                total=sum(c.total for c in mine),
                member=m,
                criteria=mine,
            )
        )
    return Progress(
        done=sum(c.done for c in criteria),
        total=sum(c.total for c in criteria),
        criteria=criteria,
        members=per_member,
    )


@dataclass(frozen=True)
class DocumentMember:
    name: str
    position: str
    position_label: str
    job_title: str
    duty: str
    criteria: list[str]


def council_for_documents(assessment: SelfAssessment) -> list[DocumentMember]:
    """The council as the Quyết định thành lập Hội đồng tự đánh giá lists it: chair, vice-chairs,
    secretary, members; each with the position in Vietnamese and the criteria they prepare."""
    members = members_of(assessment)
    assigned: dict[int, list[str]] = {}
    for code, member_id in CriterionAssignment.objects.filter(assessment=assessment).values_list(
        "criterion", "member_id"
    ):
        assigned.setdefault(member_id, []).append(code)
    return [
        DocumentMember(
            name=_name(m.user),
            position=m.position,
            position_label=POSITION_LABELS.get(m.position, m.position),
            job_title=m.job_title,
            duty=m.duty,
            criteria=_in_framework_order(assessment, assigned.get(m.pk, [])),
        )
        for m in members
    ]
