"""The external evaluation minutes (Biên bản kiểm tra, đánh giá ngoài) of one institution: the
self-assessed and the external scores side by side, with what the team changed marked."""

from __future__ import annotations

from edudx.assessments.facts import assessment_for, assessment_result
from edudx.assessments.models import Participation
from edudx.documents import common as c
from edudx.documents.authority.campaign import (
    TEAM_ROLE_ORDER,
    TEAM_ROLES,
    CampaignData,
    has_one,
)
from edudx.documents.common import DocumentUnavailable
from edudx.documents.institution import council_members, score_groups
from edudx.reviews.models import TeamRole
from edudx.reviews.results import external_result


def _paragraphs(text: str, empty: str = "…………………………………………………………………………") -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines or [empty]


def external_minutes(participation: Participation) -> dict:
    assessment = assessment_for(participation)
    evaluation = (
        getattr(assessment, "evaluation", None) if has_one(assessment, "evaluation") else None
    )
    if evaluation is None:
        raise DocumentUnavailable(
            "Cơ sở giáo dục này chưa được đánh giá ngoài nên chưa có biên bản kiểm tra, đánh giá ngoài."
        )
    data = CampaignData(participation.campaign)
    fw = participation.version.framework()
    own = score_groups(fw, assessment_result(assessment))
    ext = score_groups(fw, external_result(evaluation))
    groups = []
    for g_self, g_ext in zip(own, ext, strict=True):
        rows = []
        for r_self, r_ext in zip(g_self["criteria"], g_ext["criteria"], strict=True):
            changed = (r_self["points"], r_self["level"]) != (r_ext["points"], r_ext["level"])
            rows.append(
                {
                    "code": r_self["code"],
                    "title": r_self["title"],
                    "self_points": r_self["points"],
                    "self_level": r_self["level"],
                    "ext_points": r_ext["points"],
                    "ext_level": r_ext["level"],
                    "mark": " (*)" if changed else "",
                }
            )
        groups.append(
            {
                "code": g_self["code"],
                "title": g_self["title"],
                "self_points": g_self["points"],
                "self_level": g_self["level_text"],
                "ext_points": g_ext["points"],
                "ext_level": g_ext["level_text"],
                "criteria": rows,
            }
        )
    team = evaluation.team
    members = []
    team_head = ""
    if team is not None:
        for m in sorted(
            team.members.select_related("user"),
            key=lambda m: (TEAM_ROLE_ORDER.get(m.role, 9), m.pk),
        ):
            name = c.person_name(m.user)
            members.append(
                ", ".join(x for x in (name, m.job_title, TEAM_ROLES.get(m.role, m.role)) if x)
            )
            if m.role == TeamRole.HEAD and not team_head:
                team_head = name
    if evaluation.members_present.strip():
        members = _paragraphs(evaluation.members_present)
    council = council_members(assessment)
    head = c.head_of(participation.institution)
    people = [f"{m['name']}, {m['position']}" for m in council[:5]] or [
        f"{c.person_name(head) or c.BLANK}, Thủ trưởng đơn vị"
    ]
    corrections = [
        f"Mục {e.code}: {e.comment}" for e in evaluation.entries.order_by("code") if e.comment
    ]
    return {
        **data.base(),
        "doc": data.header(
            "BB",
            "BIÊN BẢN",
            f"Kiểm tra, đánh giá ngoài mức độ chuyển đổi số năm học {participation.campaign.school_year} "
            f"tại {participation.institution.name}",
            day=evaluation.visit_date,
        ),
        "institution": participation.institution.name,
        "visit_date": c.vn_date(evaluation.visit_date),
        "team_name": team.name if team else "Đoàn kiểm tra, đánh giá ngoài",
        "framework_number": fw.decision.number,
        "team_members": members or [c.BLANK],
        "institution_people": people,
        "groups": groups,
        "findings": _paragraphs(evaluation.findings),
        "corrections": corrections,
        "conclusions": _paragraphs(
            evaluation.conclusions, "Đoàn thống nhất kết quả đánh giá ngoài như sau:"
        ),
        "ext_lines": [f"{g['title']}: {g['ext_points']} điểm, {g['ext_level']}" for g in groups],
        "head_name": c.person_name(head),
        "team_head": team_head,
        "recipients": [
            f"{data.unit.name} (để báo cáo);",
            f"{participation.institution.name};",
            "Lưu: hồ sơ đánh giá ngoài.",
        ],
    }
