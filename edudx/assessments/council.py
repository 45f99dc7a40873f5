"""The self-assessment council (Hội đồng tự đánh giá) and its work: who sits on it, in which
position, who prepares which criterion, and how far each criterion and each member has got.

A member is an account of the institution or, as the founding decision may name them, a person
without one (a parents' representative, a staff member who never logs in).

Every change is one function here, in a transaction with the assessment row locked: it checks,
refuses with a Vietnamese message, changes, and writes one audit record on the assessment. A
change to a member or to a criterion's assignee made from a page goes on only from the revision
that page was loaded at (`edudx.core.revisions.expect`); `revision=None` is for callers without a
page (tests, data loading) and is never what a view passes."""

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
from edudx.core.revisions import expect


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


def _key(member: CouncilMember | None) -> str | None:
    """How the audit names a member: the username, or the name of a member without an account."""
    if member is None:
        return None
    return member.user.username if member.user_id is not None else member.full_name


def _snapshot(member: CouncilMember) -> dict:
    return {
        "user": member.user.username if member.user_id is not None else None,
        "name": member.display_name,
        "position": member.position,
        "job_title": member.job_title,
        "duty": member.duty,
    }


def _stored(member: CouncilMember) -> str:
    """A member as it is stored now, for a refusal of a stale change."""
    parts = [member.display_name, POSITION_LABELS.get(member.position, member.position)]
    parts += [p for p in (member.job_title, member.duty) if p]
    return "; ".join(parts)


def _actor(by):
    return by if getattr(by, "is_authenticated", False) else None


def _forward(obj, revision, *, what: str, stored: str, field=None) -> None:
    """Move `obj` (locked) forward from the revision its page showed; without a page, forward
    anyway, so that a page loaded before this change is refused."""
    if revision is None:
        obj.revision = (obj.revision or 0) + 1
    else:
        expect(obj, revision, what=what, stored=stored, field=field)


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
            f"Hội đồng đã có {label} ({holder.display_name}); mỗi Hội đồng chỉ có một {label}. "
            f"Hãy đổi chức danh của {holder.display_name} trước.",
            "position",
        )


@transaction.atomic
def add_member(
    assessment: SelfAssessment,
    user,
    position: str,
    *,
    full_name: str = "",
    job_title: str = "",
    duty: str = "",
    by=None,
) -> CouncilMember:
    """Put an account of the institution on the council, or (`user` None) a person without an
    account, named by `full_name` as the founding decision names them."""
    locked = _lock(assessment)
    full_name = " ".join((full_name or "").split())
    if user is None:
        if not full_name:
            raise CouncilError(
                "Hãy chọn một tài khoản của cơ sở giáo dục, hoặc nhập họ tên của thành viên "
                "không có tài khoản.",
                "full_name",
            )
        if CouncilMember.objects.filter(
            assessment=locked, user__isnull=True, full_name__iexact=full_name
        ).exists():
            raise CouncilError(f"{full_name} đã là thành viên Hội đồng.", "full_name")
        full_name = full_name[:200]
    else:
        if not institution_accounts(locked).filter(pk=user.pk).exists():
            raise CouncilError(
                f"{_name(user)} không phải tài khoản của {locked.participation.institution.name} "
                "nên không thể là thành viên Hội đồng tự đánh giá.",
                "user",
            )
        if CouncilMember.objects.filter(assessment=locked, user=user).exists():
            raise CouncilError(f"{_name(user)} đã là thành viên Hội đồng.", "user")
        full_name = ""  # the account's own name is the one written
    _check_position(locked, position)
    member = CouncilMember.objects.create(
        assessment=locked,
        user=user,
        full_name=full_name,
        position=position,
        job_title=job_title.strip(),
        duty=duty.strip(),
        updated_by=_actor(by),
    )
    record("council.add", locked, actor=by, after=_snapshot(member), note=_key(member))
    return member


def _claim_member(member: CouncilMember, revision) -> tuple[SelfAssessment, CouncilMember]:
    """The assessment and the member locked; with a `revision`, the member must not have changed
    since the page showed it (it moves forward with this change)."""
    locked = _lock(member.assessment)
    current = (
        CouncilMember.objects.select_for_update(of=("self",))
        .select_related("user", "updated_by")
        .filter(pk=member.pk, assessment=locked)
        .first()
    )
    if current is None:
        raise CouncilError(
            f"{member.display_name} không còn trong Hội đồng (vừa được người khác xóa); "
            "hãy tải lại trang."
        )
    _forward(
        current,
        revision,
        what=f"Thành viên Hội đồng {current.display_name}",
        stored=_stored(current),
    )
    return locked, current


@transaction.atomic
def change_member(
    member: CouncilMember,
    *,
    position: str,
    job_title: str = "",
    duty: str = "",
    full_name: str | None = None,
    revision=None,
    by=None,
) -> CouncilMember:
    """Change a member's position, job title or duty (and the name of a member without an
    account), from the `revision` the page showed."""
    locked, member = _claim_member(member, revision)
    _check_position(locked, position, other_than=member)
    before = _snapshot(member)
    if full_name is not None and member.user_id is None:
        full_name = " ".join(full_name.split())[:200]
        if not full_name:
            raise CouncilError("Hãy nhập họ tên của thành viên.", "full_name")
        member.full_name = full_name
    member.position = position
    member.job_title = job_title.strip()
    member.duty = duty.strip()
    after = _snapshot(member)
    if after != before:
        member.updated_by = _actor(by)
        member.save(
            update_fields=[
                "full_name",
                "position",
                "job_title",
                "duty",
                "revision",
                "updated_by",
                "updated_at",
            ]
        )
        record("council.change", locked, actor=by, before=before, after=after, note=_key(member))
    return member


@transaction.atomic
def remove_member(member: CouncilMember, *, revision=None, by=None) -> None:
    """Take a member off the council, from the `revision` the page showed; the criteria assigned
    to them become unassigned (each recorded, each assignment's revision moved forward)."""
    locked, member = _claim_member(member, revision)
    key = _key(member)
    held = list(CriterionAssignment.objects.select_for_update().filter(member=member))
    criteria = _in_framework_order(locked, [a.criterion for a in held])
    for a in held:
        a.member, a.revision, a.updated_by = None, a.revision + 1, _actor(by)
        a.save(update_fields=["member", "revision", "updated_by", "updated_at"])
    for code in criteria:
        record(
            "council.assign",
            locked,
            actor=by,
            before={"criterion": code, "member": key},
            after={"criterion": code, "member": None},
            note=code,
        )
    before = {**_snapshot(member), "criteria": criteria}
    member.delete()
    record("council.remove", locked, actor=by, before=before, note=key)


@transaction.atomic
def assign_criterion(
    assessment: SelfAssessment,
    criterion: str,
    member: CouncilMember | None,
    *,
    revision=None,
    by=None,
) -> CriterionAssignment | None:
    """Give `criterion` to `member` (None: to nobody), from the `revision` of the criterion's
    assignment the page showed (0 when it had never been assigned). One member per criterion;
    giving it to another member moves it. A member without an account may hold criteria, as the
    founding decision gives every member their tasks: someone with an account enters the facts
    for them, and the criterion's progress counts those facts as for anyone."""
    locked = _lock(assessment)
    codes = {cr.code for cr in locked.participation.version.framework().criteria()}
    if criterion not in codes:
        raise CouncilError(f"Tiêu chí {criterion} không có trong bộ chỉ số.", "criterion")
    if member is not None and member.assessment_id != locked.pk:
        raise CouncilError("Người được phân công không thuộc Hội đồng này.", "member")
    current = (
        CriterionAssignment.objects.select_for_update(of=("self",))
        .filter(assessment=locked, criterion=criterion)
        .select_related("member__user", "updated_by")
        .first()
    )
    if current is None:
        current = CriterionAssignment(assessment=locked, criterion=criterion)
    old, new = _key(current.member), _key(member)
    _forward(
        current,
        revision,
        what=f"Phân công tiêu chí {criterion}",
        stored=current.member.display_name if current.member else "chưa phân công",
        field="member",
    )
    if current.member_id == getattr(member, "pk", None):
        return current if member is not None else None
    current.member = member
    current.updated_by = _actor(by)
    current.save()
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
        CriterionAssignment.objects.filter(
            assessment=assessment, member__user=user, member__user__isnull=False
        ).values_list("criterion", flat=True),
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
    revision: int = 0  # of the criterion's assignment, sent back by the assignment page


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
    members.sort(key=lambda m: (POSITION_ORDER.get(m.position, 99), m.display_name.lower(), m.pk))
    return members


def progress(assessment: SelfAssessment, members: list[CouncilMember] | None = None) -> Progress:
    """Saved facts over facts, per criterion (with its assignee), per member and overall. Three
    queries whatever the size of the index or the council."""
    fw = assessment.participation.version.framework()
    members = members_of(assessment) if members is None else members
    by_pk = {m.pk: m for m in members}
    assignments = list(
        CriterionAssignment.objects.filter(assessment=assessment).values_list(
            "criterion", "member_id", "revision"
        )
    )
    assignee = {code: by_pk.get(member_id) for code, member_id, _rev in assignments}
    revisions = {code: rev for code, _member, rev in assignments}
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
                    revision=revisions.get(cr.code, 0),
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
    secretary, members — with or without an account; each with the position in Vietnamese and
    the criteria they prepare."""
    members = members_of(assessment)
    assigned: dict[int, list[str]] = {}
    for code, member_id in CriterionAssignment.objects.filter(
        assessment=assessment, member__isnull=False
    ).values_list("criterion", "member_id"):
        assigned.setdefault(member_id, []).append(code)
    return [
        DocumentMember(
            name=m.display_name,
            position=m.position,
            position_label=POSITION_LABELS.get(m.position, m.position),
            job_title=m.job_title,
            duty=m.duty,
            criteria=_in_framework_order(assessment, assigned.get(m.pk, [])),
        )
        for m in members
    ]
