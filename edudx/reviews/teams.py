"""Evaluation teams (đoàn kiểm tra, đánh giá ngoài): formed by the authority for one campaign,
with members from its own staff or borrowed from its institutions, each institution assigned to
one team. Nobody evaluates the institution they belong to (conflict of interest)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from edudx.accounts.models import RoleAssignment
from edudx.assessments.models import Campaign, Participation
from edudx.core.models import record
from edudx.core.revisions import expect
from edudx.reviews.errors import ReviewError
from edudx.reviews.models import (
    Evaluation,
    EvaluationState,
    Team,
    TeamAssignment,
    TeamMember,
    TeamRole,
)
from edudx.reviews.signals import team_assigned


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _claim(team_pk: int, posted) -> Team:
    """Lock the team and go on only if nobody changed it (members, assignments) since the page
    was loaded; the revision moves forward with this change."""
    team = Team.objects.select_for_update().get(pk=team_pk)
    members = ", ".join(
        f"{_name(m.user)} ({m.get_role_display()})" for m in team.members.select_related("user")
    )
    expect(
        team,
        posted,
        what=f"Đoàn “{team.name}”",
        stored=f"thành viên: {members or 'chưa có'}; {team.assignments.count()} cơ sở được phân công",
    )
    team.save(update_fields=["revision"])
    return team


@transaction.atomic
def create_team(campaign: Campaign, name: str, *, by) -> Team:
    name = (name or "").strip()
    if not name:
        raise ReviewError("Hãy đặt tên đoàn.", field="name")
    if campaign.teams.filter(name=name).exists():
        raise ReviewError(f"Đợt đánh giá đã có đoàn “{name}”.", field="name")
    try:
        with transaction.atomic():
            team = Team.objects.create(campaign=campaign, name=name[:200])
    except IntegrityError:  # the same name, created a moment ago by someone else
        raise ReviewError(f"Đợt đánh giá đã có đoàn “{name}”.", field="name") from None
    record("team.create", team, actor=by, after={"campaign": campaign.pk, "name": team.name})
    return team


def home_units(user):
    """Where a person works: the units of their role assignments."""
    return [
        ra.unit
        for ra in RoleAssignment.objects.filter(user=user, unit__active=True).select_related("unit")
    ]


def own_institution(user, institution) -> bool:
    """Whether the person belongs to the institution (holds a role at it or inside it)."""
    return RoleAssignment.objects.filter(
        user=user, unit__path__startswith=institution.path
    ).exists()


def _conflicts(users, participations) -> str | None:
    """The first conflict of interest between `users` and the institutions of `participations`."""
    for p in participations:
        for user in users:
            if own_institution(user, p.institution):
                return (
                    f"{_name(user)} thuộc {p.institution.name} nên không được đánh giá cơ sở giáo "
                    "dục của chính mình (xung đột lợi ích)."
                )
    return None


@transaction.atomic
def add_member(team: Team, user, role: str, *, by, revision, job_title: str = "") -> TeamMember:
    """Add a person to a team: staff of the authority or of one of its institutions; one head per
    team; never a member of an institution the team evaluates. The team's row is locked so that
    two officers adding a head at once cannot both succeed."""
    team = _claim(team.pk, revision)
    authority = team.campaign.authority
    if role not in TeamRole.values:
        raise ReviewError("Vai trò trong đoàn không hợp lệ.", field="role")
    if user is None or not user.is_active:
        raise ReviewError("Không tìm thấy tài khoản này.", field="user")
    if not RoleAssignment.objects.filter(user=user, unit__path__startswith=authority.path).exists():
        raise ReviewError(
            f"{_name(user)} không thuộc {authority.name} hay một cơ sở giáo dục do đơn vị này "
            "quản lý nên không được cử vào đoàn.",
            field="user",
        )
    if team.members.filter(user=user).exists():
        raise ReviewError(f"{_name(user)} đã là thành viên của đoàn.", field="user")
    if role == TeamRole.HEAD and team.members.filter(role=TeamRole.HEAD).exists():
        raise ReviewError("Đoàn đã có trưởng đoàn.", field="role")
    assigned = Participation.objects.filter(team_assignment__team=team).select_related(
        "institution"
    )
    conflict = _conflicts([user], assigned)
    if conflict:
        raise ReviewError(conflict, field="user")
    member = TeamMember.objects.create(
        team=team, user=user, role=role, job_title=(job_title or "").strip()[:200]
    )
    record(
        "team.member_add",
        team,
        actor=by,
        after={"user": user.get_username(), "role": role},
    )
    return member


@transaction.atomic
def remove_member(member: TeamMember, *, by, revision) -> None:
    team = _claim(member.team_id, revision)
    before = {"user": member.user.get_username(), "role": member.role}
    member.delete()
    record("team.member_remove", team, actor=by, before=before)


@transaction.atomic
def assign(team: Team, participations, *, by, revisions: dict[int, object]) -> int:
    """Assign institutions (their participations in the team's campaign) to a team; all or
    nothing. A finalised evaluation keeps its team. `revisions` (team → revision its page
    showed) guards the team and every team an institution is taken from."""
    participations = list(participations)
    team = _claim(team.pk, revisions.get(team.pk))
    losing = (
        TeamAssignment.objects.filter(participation__in=participations)
        .exclude(team=team)
        .values_list("team_id", flat=True)
        .distinct()
    )
    for team_pk in sorted(set(losing)):
        _claim(team_pk, revisions.get(team_pk))
    members = [m.user for m in team.members.select_related("user")]
    for p in participations:
        if p.campaign_id != team.campaign_id:
            raise ReviewError(f"{p.institution.name} không tham gia đợt đánh giá của đoàn.")
    conflict = _conflicts(members, participations)
    if conflict:
        raise ReviewError(conflict, field="team")
    final = Evaluation.objects.filter(
        assessment__participation__in=participations, state=EvaluationState.FINAL
    ).select_related("assessment__participation__institution")
    for ev in final:
        if ev.team_id != team.pk:
            raise ReviewError(
                f"{ev.assessment.participation.institution.name} đã được đánh giá ngoài xong; "
                "không chuyển sang đoàn khác được."
            )
    moved = 0
    for p in participations:
        current = TeamAssignment.objects.filter(participation=p).first()
        if current and current.team_id == team.pk:
            continue
        before = {"team": current.team.name} if current else None
        try:
            assignment, _ = TeamAssignment.objects.update_or_create(
                participation=p, defaults={"team": team}
            )
        except IntegrityError:  # pragma: no cover - a concurrent assignment
            raise ReviewError("Phân công vừa được thay đổi; hãy tải lại trang.") from None
        Evaluation.objects.filter(assessment__participation=p).update(team=team)
        record(
            "team.assign",
            p,
            actor=by,
            before=before,
            after={"team": team.name, "institution": p.institution.code},
        )
        team_assigned.send(sender=TeamAssignment, assignment=assignment)
        moved += 1
    return moved


@transaction.atomic
def unassign(participation: Participation, *, by, revisions: dict[int, object]) -> None:
    current = TeamAssignment.objects.filter(participation=participation).select_related("team")
    current = current.first()
    if current is None:
        return
    _claim(current.team_id, revisions.get(current.team_id))
    if Evaluation.objects.filter(
        assessment__participation=participation, state=EvaluationState.FINAL
    ).exists():
        raise ReviewError("Cơ sở giáo dục đã được đánh giá ngoài xong; không bỏ phân công được.")
    current.delete()
    record("team.unassign", participation, actor=by, before={"team": current.team.name})


@dataclass
class Load:
    team: Team | None
    assigned: int
    done: int
    left: int
    per_day: float | None  # institutions a day until the deadline; None when it has passed


def workload(campaign: Campaign, today: dt.date) -> list[Load]:
    """Institutions per team, evaluated (finalised) and left, and how many a day until the
    evaluation deadline. The last row (team None) counts the institutions not yet assigned."""
    days = (campaign.evaluation_due - today).days + 1
    counts = {
        row["team"]: row
        for row in TeamAssignment.objects.filter(team__campaign=campaign)
        .values("team")
        .annotate(
            n=Count("id"),
            done=Count(
                "id", filter=Q(participation__assessment__evaluation__state=EvaluationState.FINAL)
            ),
        )
    }
    rows = []
    for team in campaign.teams.all():
        c = counts.get(team.pk, {"n": 0, "done": 0})
        left = c["n"] - c["done"]
        rows.append(
            Load(
                team,
                c["n"],
                c["done"],
                left,
                math.ceil(left / days * 10) / 10 if days > 0 else None,
            )
        )
    unassigned = campaign.participations.filter(team_assignment__isnull=True).count()
    rows.append(Load(None, unassigned, 0, unassigned, None))
    return rows
