"""Who hears of what. Each function is called by a receiver of the signal the service that made
the change sent (`receivers.py`), inside its transaction: the e-mails leave only when it commits."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from edudx.accounts.models import Role
from edudx.notifications.models import NotificationKind as K
from edudx.notifications.services import notify

INSTITUTION_ROLES = (Role.INSTITUTION_HEAD, Role.INSTITUTION_STAFF)


def users_with_role(unit_ids, roles):
    """Active users holding one of `roles` directly on one of the units."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True, role_assignments__unit__in=unit_ids, role_assignments__role__in=roles
        )
        .distinct()
    )


def _form_link(participation_id: int) -> str:
    return reverse("assessments:form", args=[participation_id])


def on_submitted(assessment) -> None:
    """An institution submitted: the officers of the campaign's authority."""
    participation = assessment.participation
    campaign = participation.campaign
    notify(
        users_with_role([campaign.authority_id], [Role.AUTHORITY_OFFICER]),
        K.SUBMITTED,
        f"{participation.institution.name} đã nộp hồ sơ tự đánh giá",
        f"{participation.institution.name} đã nộp kết quả tự đánh giá năm học "
        f"{campaign.school_year} và đề nghị đánh giá ngoài.",
        reverse("reviews:detail", args=[participation.pk]),
    )


def on_returned(assessment, comment: str = "", *, due=None) -> None:
    """The authority returned a submission: the institution's head and staff, with the
    supplement deadline."""
    participation = assessment.participation
    body = (
        f"{participation.campaign.authority.name} đề nghị bổ sung hồ sơ tự đánh giá năm học "
        f"{participation.campaign.school_year}."
    )
    if due is not None:
        body += f" Hạn bổ sung: {due:%d/%m/%Y}."
    if comment.strip():
        body += f"\n\nÝ kiến: {comment.strip()}"
    notify(
        users_with_role([participation.institution_id], INSTITUTION_ROLES),
        K.RETURNED,
        "Hồ sơ tự đánh giá được trả lại để bổ sung",
        body,
        _form_link(participation.pk),
    )


def on_evaluation_assigned(team_assignment) -> None:
    """A team is assigned to evaluate an institution: the team's members."""
    participation = team_assignment.participation
    team = team_assignment.team
    notify(
        [m.user for m in team.members.select_related("user")],
        K.EVALUATION_ASSIGNED,
        f"Phân công đánh giá ngoài: {participation.institution.name}",
        f"{team.name} được phân công đánh giá ngoài {participation.institution.name} "
        f"(năm học {participation.campaign.school_year}).",
        reverse("reviews:evaluation", args=[participation.pk]),
    )


def _per_institution(decision, kind, title, body, link_for) -> None:
    results = decision.results.current().select_related("institution", "assessment")
    for result in results:
        notify(
            users_with_role([result.institution_id], INSTITUTION_ROLES),
            kind,
            title,
            body + "\n" + _levels_text(result),
            link_for(result),
        )


def _levels_text(result) -> str:
    return "\n".join(
        f"- {g.title}: mức độ {g.level if g.level is not None else '—'}"
        + (f" ({g.level_name})" if g.level_name else "")
        + f", {g.points:g} điểm"
        for g in result.rows()
    )


def on_recognised(decision) -> None:
    """A decision recognised the institutions' levels: each institution's head and staff."""
    _per_institution(
        decision,
        K.RECOGNISED,
        f"Kết quả chuyển đổi số đã được công nhận (QĐ số {decision.number})",
        f"{decision.authority.name} đã công nhận mức độ chuyển đổi số năm học "
        f"{decision.campaign.school_year} theo Quyết định số {decision.number} ngày "
        f"{decision.date:%d/%m/%Y}:",
        lambda r: _form_link(r.assessment.participation_id),
    )


def on_published(decision) -> None:
    """The recognised results are public: each institution's head and staff, with its link."""
    _per_institution(
        decision,
        K.PUBLISHED,
        f"Kết quả chuyển đổi số đã được công bố (QĐ số {decision.number})",
        f"{decision.authority.name} đã công bố kết quả công nhận mức độ chuyển đổi số năm học "
        f"{decision.campaign.school_year}. Đường dẫn cố định để đăng trên trang thông tin của "
        "nhà trường có ở cuối thư.",
        lambda r: reverse("recognition:public_institution", args=[r.institution.code]),
    )
