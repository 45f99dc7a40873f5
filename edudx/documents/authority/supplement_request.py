"""The official letter that asks an institution to supplement its file (Công văn yêu cầu bổ
sung hồ sơ): sent by the authority when it returns a submission, with the reviewer's reason, the
comment on each criterion concerned and the supplement deadline — the latest return's."""

from __future__ import annotations

from edudx.assessments.facts import assessment_for
from edudx.assessments.models import Participation
from edudx.documents import common as c
from edudx.documents.authority.campaign import CampaignData
from edudx.documents.common import DocumentUnavailable
from edudx.reviews.models import ReturnRound


def latest_return(participation: Participation) -> ReturnRound | None:
    assessment = assessment_for(participation)
    if assessment.pk is None:
        return None
    return (
        ReturnRound.objects.filter(assessment=assessment)
        .prefetch_related("comments")
        .order_by("-number")
        .first()
    )


def supplement_request(participation: Participation) -> dict:
    rnd = latest_return(participation)
    if rnd is None:
        raise DocumentUnavailable(
            "Hồ sơ của cơ sở giáo dục này chưa bị trả lại để bổ sung nên chưa có công văn yêu cầu "
            "bổ sung."
        )
    data = CampaignData(participation.campaign)
    institution = participation.institution
    titles = {cr.code: cr.title for cr in participation.version.framework().criteria()}
    day = c.local_day(rnd.returned_at)
    doc = data.header(
        "CV",
        "",
        "V/v yêu cầu bổ sung hồ sơ tự đánh giá mức độ chuyển đổi số",
        day=day,
    )
    # A công văn's number is the unit's symbol alone (Nghị định 30, Phụ lục III).
    doc["number_line"] = f"Số: {c.BLANK}/{c.symbol_of(data.unit)}"
    return {
        **data.base(),
        "doc": doc,
        "institution": institution.name,
        "round_number": rnd.number,
        "returned_on": c.vn_date(day),
        "reason": [line.strip() for line in rnd.reason.splitlines() if line.strip()],
        "comments": [
            {"n": i, "code": cm.criterion, "title": titles.get(cm.criterion, ""), "text": cm.text}
            for i, cm in enumerate(rnd.comments.all(), 1)
        ],
        "due": c.vn_date(rnd.due) if rnd.due else c.BLANK,
        "recipients": ["Như trên;", f"{data.unit.name} (để theo dõi);", "Lưu: VT."],
    }
