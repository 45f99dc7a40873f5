"""The evaluation team's report on one institution (Báo cáo kết quả kiểm tra, đánh giá ngoài),
sent by the team to the authority that formed it: what the minutes record, with the team's
proposal, signed by the team head."""

from __future__ import annotations

from edudx.assessments.models import Participation
from edudx.documents.authority.external_minutes import external_minutes


def team_report(participation: Participation) -> dict:
    context = external_minutes(participation)  # DocumentUnavailable before the evaluation
    doc = dict(context["doc"])
    doc["title"] = "BÁO CÁO"
    doc["subtitle"] = (
        f"Kết quả kiểm tra, đánh giá ngoài mức độ chuyển đổi số năm học "
        f"{participation.campaign.school_year} tại {participation.institution.name}"
    )
    doc["number_line"] = doc["number_line"].replace("/BB-", "/BC-")
    return {
        **context,
        "doc": doc,
        "sign": {"kt": "", "position": "TRƯỞNG ĐOÀN", "name": context["team_head"]},
        "recipients": [f"{context['authority']} (để báo cáo);", "Lưu: hồ sơ đánh giá ngoài."],
    }
