"""The decision forming the external evaluation teams (Quyết định thành lập đoàn), one annex row
a team with its members and the institutions it evaluates."""

from __future__ import annotations

from edudx.assessments.models import Campaign
from edudx.documents import common as c
from edudx.documents.authority.campaign import TEAM_ROLE_ORDER, TEAM_ROLES, CampaignData
from edudx.reviews.models import Team


def team_decision(campaign: Campaign) -> dict:
    data = CampaignData(campaign)
    teams = Team.objects.filter(campaign=campaign).prefetch_related(
        "members__user", "assignments__participation__institution"
    )
    rows = []
    for n, team in enumerate(teams, 1):
        members = sorted(team.members.all(), key=lambda m: (TEAM_ROLE_ORDER.get(m.role, 9), m.pk))
        institutions = sorted({a.participation.institution.name for a in team.assignments.all()})
        rows.append(
            {
                "n": n,
                "name": team.name,
                "members": [
                    {
                        "n": i,
                        "name": c.person_name(m.user),
                        "job_title": m.job_title,
                        "role": TEAM_ROLES.get(m.role, m.role),
                    }
                    for i, m in enumerate(members, 1)
                ],
                "institutions": "; ".join(institutions) or c.BLANK,
            }
        )
    return {
        **data.base(),
        "doc": data.header(
            "QĐ",
            "QUYẾT ĐỊNH",
            "Về việc thành lập đoàn kiểm tra, đánh giá ngoài mức độ chuyển đổi số "
            f"năm học {campaign.school_year}",
        ),
        "bases": [
            *data.framework_bases(),
            data.plan_basis(),
            "Theo đề nghị của bộ phận chuyên môn.",
        ],
        "team_count": len(rows),
        "teams": rows,
        "recipients": ["Như Điều 3;", "Các cơ sở giáo dục (để phối hợp);", "Lưu: VT."],
    }
